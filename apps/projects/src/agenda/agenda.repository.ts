import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { InstructionRecord, UrgeRecord } from '../oversight/oversight.repository';

/** What a record is about, for lists across a project's milestones. */
export interface OnMilestone {
  readonly milestoneTitle: string;
}

/** The county-wide reads of 催办 and 批示 the agenda needs (the oversight module reads them per milestone). */
@Injectable()
export class AgendaRepository {
  /** The project's instructions nobody in the county has acknowledged yet, newest first. */
  unacknowledgedInstructions(tx: Tx, projectId: string): Promise<(InstructionRecord & OnMilestone)[]> {
    return tx.query(
      `SELECT i.id, i.milestone_id AS "milestoneId", i.text, i.written_at AS "writtenAt", i.written_by AS "writtenBy",
              i.acknowledged_at AS "acknowledgedAt", i.acknowledged_by AS "acknowledgedBy", m.title AS "milestoneTitle"
         FROM projects.milestone_instruction i JOIN projects.milestone m ON m.id = i.milestone_id
        WHERE m.project_id = $1 AND i.acknowledged_at IS NULL
        ORDER BY i.written_at DESC, i.id DESC`,
      [projectId],
    );
  }

  /** The urgings since `since` on the project's milestones still open, newest first. */
  recentUrgesOnOpenMilestones(tx: Tx, projectId: string, since: Date): Promise<(UrgeRecord & OnMilestone)[]> {
    return tx.query(
      `SELECT u.id, u.milestone_id AS "milestoneId", u.message, u.urged_at AS "urgedAt", u.urged_by AS "urgedBy",
              m.title AS "milestoneTitle"
         FROM projects.milestone_urge u JOIN projects.milestone m ON m.id = u.milestone_id
        WHERE m.project_id = $1 AND m.status <> 'done' AND u.urged_at >= $2
        ORDER BY u.urged_at DESC, u.id DESC`,
      [projectId, since],
    );
  }
}
