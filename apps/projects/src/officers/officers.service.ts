import type { Actor, OfficerView } from '@duban/contracts';
import { Injectable } from '@nestjs/common';
import { ProjectAccess } from '../projects/project-access';
import { toOfficerView } from './officer-view';
import { OfficersRepository } from './officers.repository';

@Injectable()
export class OfficersService {
  constructor(
    private readonly access: ProjectAccess,
    private readonly officers: OfficersRepository,
  ) {}

  async list(actor: Actor, projectId: string): Promise<OfficerView[]> {
    await this.access.load(actor, projectId, 'officer.list');
    return (await this.officers.findByProject(projectId)).map(toOfficerView);
  }
}
