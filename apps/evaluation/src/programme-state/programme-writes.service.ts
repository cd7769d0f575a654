import { ConflictError, programmeReadOnlyMessage } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ClosedProgrammesRepository } from './closed-programmes.repository';

/** Whether a programme still takes writes: a closed or archived one is refused (409), in every service's words. */
@Injectable()
export class ProgrammeWrites {
  constructor(private readonly closed: ClosedProgrammesRepository) {}

  async requireOpen(tx: Tx, programmeId: string): Promise<void> {
    const programme = await this.closed.find(tx, programmeId);
    if (programme) throw new ConflictError(programmeReadOnlyMessage(programme, programme.status));
  }
}
