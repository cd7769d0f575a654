import type { ProgrammeTemplateDefinition } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** One saved version of a programme template. */
export interface ProgrammeTemplateRecord {
  readonly id: string;
  readonly code: string;
  readonly version: number;
  readonly definition: ProgrammeTemplateDefinition;
  /** Null for the versions the system ships. */
  readonly createdAt: Date | null;
  readonly createdBy: string | null;
  /** The saver's 姓名或单位 then; their username for versions saved before names were kept. */
  readonly createdByName: string | null;
}

const COLUMNS = `id, code, version, definition, created_at AS "createdAt", created_by AS "createdBy",
  COALESCE(created_by_name, created_by) AS "createdByName"`;

/** Programme templates (projects.programme_template, append-only: one row per version): their one owner. */
@Injectable()
export class ProgrammeTemplatesRepository {
  /** The latest version of every template, by code. */
  findLatestOfEach(tx: Tx): Promise<ProgrammeTemplateRecord[]> {
    return tx.query(
      `SELECT DISTINCT ON (code) ${COLUMNS} FROM projects.programme_template ORDER BY code, version DESC`,
    );
  }

  /** Every version of a template, newest first (empty: no such template). */
  findVersions(tx: Tx, code: string): Promise<ProgrammeTemplateRecord[]> {
    return tx.query(`SELECT ${COLUMNS} FROM projects.programme_template WHERE code = $1 ORDER BY version DESC`, [code]);
  }

  async findLatest(tx: Tx, code: string): Promise<ProgrammeTemplateRecord | null> {
    const rows: ProgrammeTemplateRecord[] = await tx.query(
      `SELECT ${COLUMNS} FROM projects.programme_template WHERE code = $1 ORDER BY version DESC LIMIT 1`,
      [code],
    );
    return rows[0] ?? null;
  }

  async findById(tx: Tx, id: string): Promise<ProgrammeTemplateRecord | null> {
    const rows: ProgrammeTemplateRecord[] = await tx.query(
      `SELECT ${COLUMNS} FROM projects.programme_template WHERE id = $1`,
      [id],
    );
    return rows[0] ?? null;
  }

  /**
   * Serialises the writers of one template (two saves would otherwise both take the next version number)
   * until the transaction ends.
   */
  async lock(tx: Tx, code: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtext('projects.programme_template:' || $1))`, [code]);
  }

  async insert(
    tx: Tx,
    row: {
      code: string;
      version: number;
      definition: ProgrammeTemplateDefinition;
      createdBy: string;
      createdByName: string;
    },
    createdAt: Date,
  ): Promise<ProgrammeTemplateRecord> {
    const [inserted] = (await tx.query(
      `INSERT INTO projects.programme_template (code, version, definition, created_at, created_by, created_by_name)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6) RETURNING ${COLUMNS}`,
      [row.code, row.version, JSON.stringify(row.definition), createdAt, row.createdBy, row.createdByName],
    )) as [ProgrammeTemplateRecord];
    return inserted;
  }
}
