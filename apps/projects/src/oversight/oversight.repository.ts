import type { EventActor } from '@duban/contracts';
import { modifiedRows, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

export interface UrgeRecord {
  readonly id: string;
  readonly milestoneId: string;
  readonly message: string;
  readonly urgedAt: Date;
  readonly urgedBy: EventActor;
}

export interface InstructionRecord {
  readonly id: string;
  readonly milestoneId: string;
  readonly text: string;
  readonly writtenAt: Date;
  readonly writtenBy: EventActor;
  readonly acknowledgedAt: Date | null;
  readonly acknowledgedBy: EventActor | null;
}

/** What a record is about, for lists across a project's milestones. */
export interface OnMilestone {
  readonly milestoneTitle: string;
}

const URGE_COLUMNS = `id, milestone_id AS "milestoneId", message, urged_at AS "urgedAt", urged_by AS "urgedBy"`;
const INSTRUCTION_COLUMNS = `id, milestone_id AS "milestoneId", text, written_at AS "writtenAt", written_by AS "writtenBy",
  acknowledged_at AS "acknowledgedAt", acknowledged_by AS "acknowledgedBy"`;

/** Urgings and instructions on milestones (projects.milestone_urge, projects.milestone_instruction): their one owner. */
@Injectable()
export class OversightRepository {
  async insertUrge(tx: Tx, urge: UrgeRecord): Promise<UrgeRecord> {
    const [row] = await tx.query(
      `INSERT INTO projects.milestone_urge (id, milestone_id, message, urged_at, urged_by)
       VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING ${URGE_COLUMNS}`,
      [urge.id, urge.milestoneId, urge.message, urge.urgedAt, JSON.stringify(urge.urgedBy)],
    );
    return row as UrgeRecord;
  }

  /** The milestone's urgings, newest first. */
  urgesOf(tx: Tx, milestoneId: string): Promise<UrgeRecord[]> {
    return tx.query(
      `SELECT ${URGE_COLUMNS} FROM projects.milestone_urge WHERE milestone_id = $1 ORDER BY urged_at DESC, id DESC`,
      [milestoneId],
    );
  }

  async insertInstruction(tx: Tx, instruction: InstructionRecord): Promise<InstructionRecord> {
    const [row] = await tx.query(
      `INSERT INTO projects.milestone_instruction (id, milestone_id, text, written_at, written_by)
       VALUES ($1, $2, $3, $4, $5::jsonb) RETURNING ${INSTRUCTION_COLUMNS}`,
      [
        instruction.id,
        instruction.milestoneId,
        instruction.text,
        instruction.writtenAt,
        JSON.stringify(instruction.writtenBy),
      ],
    );
    return row as InstructionRecord;
  }

  /** The milestone's instructions, newest first. */
  instructionsOf(tx: Tx, milestoneId: string): Promise<InstructionRecord[]> {
    return tx.query(
      `SELECT ${INSTRUCTION_COLUMNS} FROM projects.milestone_instruction
        WHERE milestone_id = $1 ORDER BY written_at DESC, id DESC`,
      [milestoneId],
    );
  }

  /** The project's instructions nobody in the county has acknowledged yet, newest first. */
  unacknowledgedInstructionsOfProject(tx: Tx, projectId: string): Promise<(InstructionRecord & OnMilestone)[]> {
    return tx.query(
      `SELECT ${INSTRUCTION_COLUMNS}, milestone_title AS "milestoneTitle"
         FROM (SELECT i.*, m.title AS milestone_title FROM projects.milestone_instruction i
                 JOIN projects.milestone m ON m.id = i.milestone_id
                WHERE m.project_id = $1 AND i.acknowledged_at IS NULL) instruction
        ORDER BY written_at DESC, id DESC`,
      [projectId],
    );
  }

  /** The urgings since `since` on the project's milestones still open, newest first. */
  recentUrgesOfProject(tx: Tx, projectId: string, since: Date): Promise<(UrgeRecord & OnMilestone)[]> {
    return tx.query(
      `SELECT ${URGE_COLUMNS}, milestone_title AS "milestoneTitle"
         FROM (SELECT u.*, m.title AS milestone_title FROM projects.milestone_urge u
                 JOIN projects.milestone m ON m.id = u.milestone_id
                WHERE m.project_id = $1 AND m.status <> 'done' AND u.urged_at >= $2) urge
        ORDER BY urged_at DESC, id DESC`,
      [projectId, since],
    );
  }

  async findInstruction(tx: Tx, id: string): Promise<InstructionRecord | null> {
    const rows: InstructionRecord[] = await tx.query(
      `SELECT ${INSTRUCTION_COLUMNS} FROM projects.milestone_instruction WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  async acknowledge(tx: Tx, id: string, at: Date, by: EventActor): Promise<InstructionRecord> {
    const [row] = await modifiedRows<InstructionRecord>(
      tx,
      `UPDATE projects.milestone_instruction SET acknowledged_at = $2, acknowledged_by = $3::jsonb
        WHERE id = $1 RETURNING ${INSTRUCTION_COLUMNS}`,
      [id, at, JSON.stringify(by)],
    );
    if (!row) throw new Error(`Instruction ${id} vanished while being acknowledged`);
    return row;
  }
}
