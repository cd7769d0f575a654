import type { RubricDefinition } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import { v7 as uuidv7 } from 'uuid';
import { toHalfPoints } from './rubric-integrity.rules';

export interface RubricItemRecord {
  readonly id: string;
  readonly sectionPosition: number;
  readonly sectionTitle: string;
  readonly sectionHalfPoints: number;
  readonly number: number;
  readonly text: string;
  readonly maxHalfPoints: number;
  readonly remarks: string;
}

export interface RubricRecord {
  readonly id: string;
  readonly code: string;
  readonly version: number;
  readonly title: string;
  readonly totalHalfPoints: number;
  readonly contentHash: string;
  readonly createdAt: Date;
  /** In rubric order (by number). */
  readonly items: RubricItemRecord[];
}

/** Columns as a RubricRecord without its items. */
const RUBRIC = `id, code, version, title, total_half_points AS "totalHalfPoints", content_hash AS "contentHash",
  created_at AS "createdAt"`;
const ITEM = `id, section_position AS "sectionPosition", section_title AS "sectionTitle",
  section_half_points AS "sectionHalfPoints", number, text, max_half_points AS "maxHalfPoints", remarks`;

type RubricHead = Omit<RubricRecord, 'items'>;

/** Rubric versions. Rows are append-only (a trigger refuses UPDATE and DELETE). */
@Injectable()
export class RubricsRepository {
  async findById(tx: Tx, id: string): Promise<RubricRecord | null> {
    const rows: RubricHead[] = await tx.query(`SELECT ${RUBRIC} FROM evaluation.rubric WHERE id = $1`, [id]);
    return rows[0] ? this.withItems(tx, rows[0]) : null;
  }

  /** Every loaded version, newest first. */
  async all(tx: Tx): Promise<RubricRecord[]> {
    const rows: RubricHead[] = await tx.query(
      `SELECT ${RUBRIC} FROM evaluation.rubric ORDER BY created_at DESC, code, version DESC`,
    );
    return Promise.all(rows.map((row) => this.withItems(tx, row)));
  }

  async latestByCode(tx: Tx, code: string): Promise<RubricRecord | null> {
    const rows: RubricHead[] = await tx.query(
      `SELECT ${RUBRIC} FROM evaluation.rubric WHERE code = $1 ORDER BY version DESC LIMIT 1`,
      [code],
    );
    return rows[0] ? this.withItems(tx, rows[0]) : null;
  }

  /** The latest version of the most recently loaded rubric. */
  async latestLoaded(tx: Tx): Promise<RubricRecord | null> {
    const rows: RubricHead[] = await tx.query(
      `SELECT ${RUBRIC} FROM evaluation.rubric
        WHERE code = (SELECT code FROM evaluation.rubric ORDER BY created_at DESC, version DESC LIMIT 1)
        ORDER BY version DESC LIMIT 1`,
    );
    return rows[0] ? this.withItems(tx, rows[0]) : null;
  }

  /** Serialises the loads of one rubric code until `tx` ends (so two loads cannot both add version n). */
  async lockCode(tx: Tx, code: string): Promise<void> {
    await tx.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`duban:evaluation:rubric:${code}`]);
  }

  async insertVersion(
    tx: Tx,
    definition: RubricDefinition,
    version: number,
    contentHash: string,
    at: Date,
  ): Promise<RubricRecord> {
    const id = uuidv7();
    await tx.query(
      `INSERT INTO evaluation.rubric (id, code, version, title, total_half_points, definition, content_hash, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
      [
        id,
        definition.code,
        version,
        definition.title,
        toHalfPoints(definition.total),
        JSON.stringify(definition),
        contentHash,
        at,
      ],
    );
    for (const [position, section] of definition.sections.entries()) {
      for (const item of section.items) {
        await tx.query(
          `INSERT INTO evaluation.rubric_item
             (id, rubric_id, section_position, section_title, section_half_points, number, text, max_half_points, remarks)
           VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
          [
            uuidv7(),
            id,
            position,
            section.title,
            toHalfPoints(section.points),
            item.number,
            item.text,
            toHalfPoints(item.maxPoints),
            item.remarks,
          ],
        );
      }
    }
    return (await this.findById(tx, id)) as RubricRecord;
  }

  private async withItems(tx: Tx, rubric: RubricHead): Promise<RubricRecord> {
    const items: RubricItemRecord[] = await tx.query(
      `SELECT ${ITEM} FROM evaluation.rubric_item WHERE rubric_id = $1 ORDER BY number`,
      [rubric.id],
    );
    return { ...rubric, items };
  }
}
