import type { AnswerableOfficer } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { WorkingDays } from '../calendar/working-days.service';
import type { OfficerRecord } from '../officers/officers.repository';
import type { MilestoneRecord } from '../milestones/milestones.repository';
import { workingDaysLate } from './overrun-rules';
import { OverrunsRepository, type OverrunRecord } from './overruns.repository';

/** The officers answering for a milestone: its responsible officers, in the order it names them. */
export function answerableOfficers(
  milestone: Pick<MilestoneRecord, 'responsibleOfficerIds'>,
  officers: readonly OfficerRecord[],
): AnswerableOfficer[] {
  const byId = new Map(officers.map((officer) => [officer.id, officer]));
  return milestone.responsibleOfficerIds.flatMap((id) => {
    const officer = byId.get(id);
    return officer
      ? [{ officerId: officer.id, name: officer.name, role: officer.role, username: officer.username }]
      : [];
  });
}

/**
 * Writes down, in the completion's own transaction, how late a completion came (working days, on this
 * service's copy of the holiday tables) and who answered for the milestone at that moment: later changes to
 * the leading group do not rewrite who overran.
 */
@Injectable()
export class OverrunRecorder {
  constructor(
    private readonly overruns: OverrunsRepository,
    private readonly workingDays: WorkingDays,
  ) {}

  async completed(tx: Tx, milestone: MilestoneRecord, officers: readonly OfficerRecord[], at: Date): Promise<void> {
    await this.overruns.record(tx, this.overrunOf(milestone, officers, at));
  }

  /** What a completion at `at` records, for a write that stores it itself (MilestonesRepository.complete). */
  overrunOf(
    milestone: Pick<MilestoneRecord, 'id' | 'dueDate' | 'dueAt' | 'responsibleOfficerIds'>,
    officers: readonly OfficerRecord[],
    at: Date,
  ): OverrunRecord {
    return {
      milestoneId: milestone.id,
      completedAt: at,
      workingDaysLate: workingDaysLate(milestone, at, this.workingDays.current),
      answerable: answerableOfficers(milestone, officers),
    };
  }

  async reopened(tx: Tx, milestoneId: string): Promise<void> {
    await this.overruns.remove(tx, milestoneId);
  }
}
