import type { InspectionKind, InspectionStatus } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

export interface InspectionRecord {
  readonly id: string;
  readonly projectId: string;
  readonly rubricId: string;
  readonly kind: InspectionKind;
  readonly reinspectionOf: string | null;
  readonly status: InspectionStatus;
  readonly date: string;
  readonly inspectors: string[];
  /** Each inspector's 姓名或单位 when the inspection was opened, by username (none for inspections from before). */
  readonly inspectorNames: Readonly<Record<string, string>>;
  /** Items this inspection scores. */
  readonly itemIds: string[];
  readonly openedBy: string;
  readonly passThresholdHalfPoints: number;
  readonly totalHalfPoints: number | null;
  readonly passed: boolean | null;
  readonly version: number;
  /** Set when the inspection was withdrawn (status `cancelled`); `at` as Postgres prints it in JSON. */
  readonly cancellation: {
    readonly username: string;
    /** Their 姓名或单位 then; the username for a withdrawal from before names were kept. */
    readonly name: string;
    readonly at: string;
    readonly reason: string;
  } | null;
}

export interface ScoreRecord {
  readonly itemId: string;
  readonly halfPoints: number;
  readonly note: string;
  readonly scoredBy: string;
}

export interface SignatureRecord {
  readonly side: 'inspector' | 'county';
  readonly name: string;
  readonly username: string;
  readonly signedAt: Date;
  readonly contentHash: string;
}

export interface RectificationRecord {
  readonly id: string;
  readonly inspectionId: string;
  readonly itemId: string;
  readonly what: string;
  readonly responsibleUsername: string;
  readonly responsibleName: string;
  readonly dueDate: string;
  /** An exact due instant (null: due at the end of dueDate), and its own reminder offsets. */
  readonly dueAt: Date | null;
  readonly reminderPlan: string[] | null;
  readonly status: 'open' | 'closed';
  readonly createdBy: string;
  readonly createdAt: Date;
  readonly closedAt: Date | null;
  readonly closedBy: string | null;
  readonly closingNote: string | null;
}

export interface EvidenceRecord {
  readonly id: string;
  readonly inspectionId: string;
  readonly itemId: string;
  readonly filename: string;
  readonly contentType: string;
  readonly sizeBytes: number;
  readonly sha256: string;
  readonly storageKey: string;
  readonly uploadedBy: string;
  readonly uploadedAt: Date;
}

export type NewInspection = Omit<
  InspectionRecord,
  'status' | 'totalHalfPoints' | 'passed' | 'version' | 'cancellation'
>;

/** Columns as records: the rows the queries below return are the records themselves. */
const INSPECTION = `id, project_id AS "projectId", rubric_id AS "rubricId", kind, reinspection_of AS "reinspectionOf", status,
  to_char(inspection_date, 'YYYY-MM-DD') AS date, inspectors, inspector_names AS "inspectorNames", item_ids AS "itemIds",
  opened_by AS "openedBy", pass_threshold_half_points AS "passThresholdHalfPoints", total_half_points AS "totalHalfPoints",
  passed, version,
  CASE WHEN cancelled_by IS NULL THEN NULL
       ELSE json_build_object('username', cancelled_by, 'name', COALESCE(cancelled_by_name, cancelled_by),
                              'at', cancelled_at, 'reason', cancel_reason) END AS cancellation`;
const SCORE = `item_id AS "itemId", half_points AS "halfPoints", note, scored_by AS "scoredBy"`;
const SIGNATURE = `side, name, username, signed_at AS "signedAt", content_hash AS "contentHash"`;
const RECTIFICATION = `id, inspection_id AS "inspectionId", item_id AS "itemId", what,
  responsible_username AS "responsibleUsername", responsible_name AS "responsibleName",
  to_char(due_date, 'YYYY-MM-DD') AS "dueDate", due_at AS "dueAt", reminder_plan AS "reminderPlan", status,
  created_by AS "createdBy", created_at AS "createdAt", closed_at AS "closedAt", closed_by AS "closedBy",
  closing_note AS "closingNote"`;
const EVIDENCE = `id, inspection_id AS "inspectionId", item_id AS "itemId", filename, content_type AS "contentType",
  size_bytes AS "sizeBytes", sha256, storage_key AS "storageKey", uploaded_by AS "uploadedBy",
  uploaded_at AS "uploadedAt"`;

/**
 * Inspections with their scores, signatures, rectifications and evidence files: the tables of one
 * inspection, written and read here only. Times come from the caller (the service's clock).
 */
@Injectable()
export class InspectionsRepository {
  /** `lock` takes a row lock for the write that follows (inside `tx`'s transaction). */
  async find(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<InspectionRecord | null> {
    const rows: InspectionRecord[] = await tx.query(
      `SELECT ${INSPECTION} FROM evaluation.inspection WHERE id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async findByProject(tx: Tx, projectId: string): Promise<InspectionRecord[]> {
    return tx.query(`SELECT ${INSPECTION} FROM evaluation.inspection WHERE project_id = $1 ORDER BY created_at, id`, [
      projectId,
    ]);
  }

  async insert(tx: Tx, inspection: NewInspection, at: Date): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation.inspection
         (id, project_id, rubric_id, kind, reinspection_of, status, inspection_date, inspectors, inspector_names,
          item_ids, opened_by, pass_threshold_half_points, created_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, 'open', $6, $7, $8, $9, $10, $11, $12, $12)`,
      [
        inspection.id,
        inspection.projectId,
        inspection.rubricId,
        inspection.kind,
        inspection.reinspectionOf,
        inspection.date,
        inspection.inspectors,
        JSON.stringify(inspection.inspectorNames),
        inspection.itemIds,
        inspection.openedBy,
        inspection.passThresholdHalfPoints,
        at,
      ],
    );
  }

  async setStatus(
    tx: Tx,
    id: string,
    change: { status: InspectionStatus; totalHalfPoints?: number; passed?: boolean },
    at: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE evaluation.inspection SET status = $2, total_half_points = COALESCE($3, total_half_points),
         passed = COALESCE($4, passed), version = version + 1, updated_at = $5 WHERE id = $1`,
      [id, change.status, change.totalHalfPoints ?? null, change.passed ?? null, at],
    );
  }

  /** Withdraws an open inspection (the caller holds its row lock and has checked that it is open). */
  async cancel(
    tx: Tx,
    id: string,
    cancellation: { username: string; name: string; reason: string },
    at: Date,
  ): Promise<void> {
    await tx.query(
      `UPDATE evaluation.inspection SET status = 'cancelled', cancelled_by = $2, cancelled_by_name = $3, cancel_reason = $4,
         cancelled_at = $5, version = version + 1, updated_at = $5 WHERE id = $1 AND status = 'open'`,
      [id, cancellation.username, cancellation.name, cancellation.reason, at],
    );
  }

  /** A new version of the inspection (its scores changed). */
  async touch(tx: Tx, id: string, at: Date): Promise<void> {
    await tx.query(`UPDATE evaluation.inspection SET version = version + 1, updated_at = $2 WHERE id = $1`, [id, at]);
  }

  async scores(tx: Tx, inspectionId: string): Promise<ScoreRecord[]> {
    return tx.query(`SELECT ${SCORE} FROM evaluation.item_score WHERE inspection_id = $1`, [inspectionId]);
  }

  async upsertScores(
    tx: Tx,
    inspectionId: string,
    scores: readonly { itemId: string; halfPoints: number; note: string }[],
    scoredBy: string,
    at: Date,
  ): Promise<void> {
    for (const score of scores) {
      await tx.query(
        `INSERT INTO evaluation.item_score (inspection_id, item_id, half_points, note, scored_by, scored_at)
         VALUES ($1, $2, $3, $4, $5, $6)
         ON CONFLICT (inspection_id, item_id) DO UPDATE
           SET half_points = EXCLUDED.half_points, note = EXCLUDED.note, scored_by = EXCLUDED.scored_by,
               scored_at = EXCLUDED.scored_at`,
        [inspectionId, score.itemId, score.halfPoints, score.note, scoredBy, at],
      );
    }
  }

  async signatures(tx: Tx, inspectionId: string): Promise<SignatureRecord[]> {
    return tx.query(`SELECT ${SIGNATURE} FROM evaluation.signature WHERE inspection_id = $1`, [inspectionId]);
  }

  async insertSignature(tx: Tx, inspectionId: string, signature: SignatureRecord): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation.signature (inspection_id, side, name, username, signed_at, content_hash)
       VALUES ($1, $2, $3, $4, $5, $6)`,
      [inspectionId, signature.side, signature.name, signature.username, signature.signedAt, signature.contentHash],
    );
  }

  async rectifications(tx: Tx, inspectionId: string): Promise<RectificationRecord[]> {
    return tx.query(
      `SELECT ${RECTIFICATION} FROM evaluation.rectification WHERE inspection_id = $1 ORDER BY created_at, id`,
      [inspectionId],
    );
  }

  async findRectification(tx: Tx, id: string, options: { lock?: boolean } = {}): Promise<RectificationRecord | null> {
    const rows: RectificationRecord[] = await tx.query(
      `SELECT ${RECTIFICATION} FROM evaluation.rectification WHERE id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [id],
    );
    return rows[0] ?? null;
  }

  async insertRectification(tx: Tx, rectification: RectificationRecord): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation.rectification
         (id, inspection_id, item_id, what, responsible_username, responsible_name, due_date, due_at, reminder_plan,
          status, created_by, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, 'open', $10, $11)`,
      [
        rectification.id,
        rectification.inspectionId,
        rectification.itemId,
        rectification.what,
        rectification.responsibleUsername,
        rectification.responsibleName,
        rectification.dueDate,
        rectification.dueAt,
        rectification.reminderPlan,
        rectification.createdBy,
        rectification.createdAt,
      ],
    );
  }

  async closeRectification(tx: Tx, id: string, closedBy: string, note: string, at: Date): Promise<void> {
    await tx.query(
      `UPDATE evaluation.rectification SET status = 'closed', closed_at = $2, closed_by = $3, closing_note = $4 WHERE id = $1`,
      [id, at, closedBy, note],
    );
  }

  /** The inspection's evidence files, oldest first. */
  async evidence(tx: Tx, inspectionId: string): Promise<EvidenceRecord[]> {
    return tx.query(`SELECT ${EVIDENCE} FROM evaluation.evidence WHERE inspection_id = $1 ORDER BY uploaded_at, id`, [
      inspectionId,
    ]);
  }

  async findEvidence(tx: Tx, id: string): Promise<EvidenceRecord | null> {
    const rows: EvidenceRecord[] = await tx.query(`SELECT ${EVIDENCE} FROM evaluation.evidence WHERE id = $1`, [id]);
    return rows[0] ?? null;
  }

  async insertEvidence(tx: Tx, evidence: EvidenceRecord): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation.evidence
         (id, inspection_id, item_id, filename, content_type, size_bytes, sha256, storage_key, uploaded_by, uploaded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [
        evidence.id,
        evidence.inspectionId,
        evidence.itemId,
        evidence.filename,
        evidence.contentType,
        evidence.sizeBytes,
        evidence.sha256,
        evidence.storageKey,
        evidence.uploadedBy,
        evidence.uploadedAt,
      ],
    );
  }
}
