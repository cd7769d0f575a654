import type { Actor, OfficerView } from '@duban/contracts';
import { Transactions } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ProjectAccessService } from '../projects/project-access.service';
import { toOfficerView } from './officer-view';
import { OfficersRepository } from './officers.repository';

@Injectable()
export class OfficersService {
  constructor(
    private readonly transactions: Transactions,
    private readonly projectAccess: ProjectAccessService,
    private readonly officers: OfficersRepository,
  ) {}

  async list(actor: Actor, projectId: string): Promise<OfficerView[]> {
    const tx = this.transactions.none;
    await this.projectAccess.load(tx, actor, projectId, 'officer.list');
    return (await this.officers.findByProject(tx, projectId)).map(toOfficerView);
  }
}
