import { ConflictError, programmeReadOnlyMessage } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { ProgrammeRulesRepository, type ProgrammeRulesRecord } from './programme-rules.repository';
import { sourceCategories, type SourceCategories } from './source-categories.rules';

/**
 * The programme's side of every funding write: refused (409) once the programme is closed, and expenditures
 * checked against the categories the programme's template allows each source. A programme whose events
 * carried no rules (set up before templates) follows the documents' rules, which the shipped template
 * `gig-markets` version 1 also carries.
 */
@Injectable()
export class ProgrammeRules {
  constructor(private readonly rules: ProgrammeRulesRepository) {}

  /** Refuses a write to a closed or archived programme; the programme's record when open. */
  async requireOpen(tx: Tx, programmeId: string): Promise<ProgrammeRulesRecord | null> {
    const programme = await this.rules.find(tx, programmeId);
    refuseClosed(programme);
    return programme;
  }

  async requireOpenByCode(tx: Tx, programmeCode: string): Promise<void> {
    refuseClosed(await this.rules.findByCode(tx, programmeCode));
  }

  /** The open programme's categories per source (refused, 409, when it is closed). */
  async categoriesForWrite(tx: Tx, programmeId: string): Promise<SourceCategories> {
    return sourceCategories((await this.requireOpen(tx, programmeId))?.sourceRules ?? null);
  }
}

function refuseClosed(programme: ProgrammeRulesRecord | null): void {
  if (!programme || programme.status === 'open') return;
  throw new ConflictError(
    programmeReadOnlyMessage(
      { name: programme.name ?? programme.programmeCode, year: programme.year ?? 0 },
      programme.status,
    ),
  );
}
