import type { ExpenditureCategory, ExpenditureFlag, FundingSource } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { Figures } from '../rollups/figures.rules';

/** One source's allocation to one project, in fen. */
export interface AllocationRecord {
  readonly source: FundingSource;
  readonly amountFen: bigint;
  readonly updatedAt: Date;
  readonly updatedBy: string;
}

/** The links every money entry carries: what it reverses, what reversed it, and why. */
interface ReversalLinks {
  readonly reversesId: string | null;
  readonly reversedById: string | null;
  readonly reason: string | null;
}

/** 拨付, in fen; `date` is the local date (YYYY-MM-DD). */
export interface DisbursementRecord extends ReversalLinks {
  readonly id: string;
  readonly projectId: string;
  readonly source: FundingSource;
  readonly amountFen: bigint;
  readonly date: string;
  readonly documentNumber: string;
  readonly recordedBy: string;
  /** The account's 姓名或单位 when it recorded the entry; null for entries from before names were kept. */
  readonly recordedByName: string | null;
  readonly recordedAt: Date;
}

/** 支出, in fen; `date` is the local date (YYYY-MM-DD). */
export interface ExpenditureRecord extends ReversalLinks {
  readonly id: string;
  readonly projectId: string;
  readonly source: FundingSource;
  readonly category: ExpenditureCategory;
  readonly amountFen: bigint;
  readonly date: string;
  readonly payee: string;
  readonly note: string;
  readonly attachmentRef: string | null;
  readonly flags: readonly ExpenditureFlag[];
  readonly recordedBy: string;
  /** The account's 姓名或单位 when it recorded the entry; null for entries from before names were kept. */
  readonly recordedByName: string | null;
  readonly recordedAt: Date;
}

export type NewDisbursement = Omit<DisbursementRecord, keyof ReversalLinks>;
export type NewExpenditure = Omit<ExpenditureRecord, keyof ReversalLinks>;

/** A reversal entry: the rest (project, source, the opposite amount…) is copied from the entry it reverses. */
export interface NewReversal {
  readonly id: string;
  readonly reversesId: string;
  readonly reason: string;
  /** The local date it is made on (Asia/Shanghai). */
  readonly date: string;
  readonly recordedBy: string;
  /** The account's 姓名或单位. */
  readonly recordedByName: string;
  readonly recordedAt: Date;
}

/** Per project and source, in fen. */
export interface LedgerLine extends Figures {
  readonly projectId: string;
  readonly source: FundingSource;
}

/** Columns as records: `reversedById` is found from the reversal that names it; amounts come as text (`withFen`). */
const ALLOCATION = `source, amount_fen AS "amountFen", updated_at AS "updatedAt", updated_by AS "updatedBy"`;
const DISBURSEMENT = `d.id, d.project_id AS "projectId", d.source, d.amount_fen AS "amountFen",
  to_char(d.date, 'YYYY-MM-DD') AS date, d.document_number AS "documentNumber", d.recorded_by AS "recordedBy",
  d.recorded_by_name AS "recordedByName", d.recorded_at AS "recordedAt", d.reverses_id AS "reversesId", d.reason,
  (SELECT r.id FROM funding.disbursement r WHERE r.reverses_id = d.id) AS "reversedById"`;
const EXPENDITURE = `e.id, e.project_id AS "projectId", e.source, e.category, e.amount_fen AS "amountFen",
  to_char(e.date, 'YYYY-MM-DD') AS date, e.payee, e.note, e.attachment_ref AS "attachmentRef", e.flags,
  e.recorded_by AS "recordedBy", e.recorded_by_name AS "recordedByName", e.recorded_at AS "recordedAt",
  e.reverses_id AS "reversesId", e.reason,
  (SELECT r.id FROM funding.expenditure r WHERE r.reverses_id = e.id) AS "reversedById"`;

/** A record as `pg` hands it over: its bigint amount as text. */
type FenAsText<T> = Omit<T, 'amountFen'> & { readonly amountFen: string };

/** The amount read back as BigInt: the one value SQL cannot give as the record's type. */
function withFen<R extends { readonly amountFen: string }>(row: R): Omit<R, 'amountFen'> & { amountFen: bigint } {
  return { ...row, amountFen: BigInt(row.amountFen) };
}

/**
 * Allocations, disbursements and expenditures (their one owner). `pg` returns bigint as text: it is read
 * back as BigInt, and written as text, so no amount ever passes through a double. Times and dates come in
 * as parameters (the platform's clock), never from the database's own.
 */
@Injectable()
export class LedgerRepository {
  async allocations(tx: Tx, projectId: string): Promise<AllocationRecord[]> {
    const rows: FenAsText<AllocationRecord>[] = await tx.query(
      `SELECT ${ALLOCATION} FROM funding.allocation WHERE project_id = $1`,
      [projectId],
    );
    return rows.map(withFen);
  }

  /** The county's latest `limit` disbursements, oldest first. */
  async latestDisbursements(tx: Tx, projectId: string, limit: number): Promise<DisbursementRecord[]> {
    const rows: FenAsText<DisbursementRecord>[] = await tx.query(
      `SELECT * FROM (SELECT ${DISBURSEMENT} FROM funding.disbursement d WHERE d.project_id = $1
                       ORDER BY d.date DESC, d.recorded_at DESC, d.id DESC LIMIT $2) latest
        ORDER BY "date", "recordedAt", id`,
      [projectId, limit],
    );
    return rows.map(withFen);
  }

  /**
   * A page of the county's expenditures, newest first (by date, then when recorded): `limit` of them, older
   * than the expenditure `before` when given.
   */
  async expenditurePage(
    tx: Tx,
    projectId: string,
    page: { limit: number; before?: string },
  ): Promise<ExpenditureRecord[]> {
    const rows: FenAsText<ExpenditureRecord>[] = await tx.query(
      `SELECT ${EXPENDITURE} FROM funding.expenditure e
        WHERE e.project_id = $1
          AND ($3::uuid IS NULL OR (e.date, e.recorded_at, e.id) <
               (SELECT b.date, b.recorded_at, b.id FROM funding.expenditure b WHERE b.id = $3 AND b.project_id = $1))
        ORDER BY e.date DESC, e.recorded_at DESC, e.id DESC LIMIT $2`,
      [projectId, page.limit, page.before ?? null],
    );
    return rows.map(withFen);
  }

  /**
   * The flagged expenditures of a programme's counties under a region, newest first, with their county:
   * `limit` of them (the caller asks one more to know whether there were more).
   */
  async flaggedExpenditures(
    tx: Tx,
    programmeCode: string,
    regionCode: string,
    limit: number,
  ): Promise<(ExpenditureRecord & { regionCode: string; regionName: string; cityName: string | null })[]> {
    const rows: FenAsText<ExpenditureRecord & { regionCode: string; regionName: string; cityName: string | null }>[] =
      await tx.query(
        `SELECT ${EXPENDITURE}, p.region_code AS "regionCode", p.region_name AS "regionName", p.city_name AS "cityName"
           FROM funding.expenditure e JOIN funding.project p ON p.project_id = e.project_id
          WHERE p.programme_code = $1 AND $2 IN (p.region_code, p.city_code, p.province_code)
            AND jsonb_array_length(e.flags) > 0
          ORDER BY e.date DESC, e.recorded_at DESC, e.id DESC LIMIT $3`,
        [programmeCode, regionCode, limit],
      );
    return rows.map(withFen);
  }

  /** How many disbursements and expenditures the county's ledger holds. */
  async entryCounts(tx: Tx, projectId: string): Promise<{ disbursements: number; expenditures: number }> {
    const [row]: { disbursements: number; expenditures: number }[] = await tx.query(
      `SELECT (SELECT count(*)::int FROM funding.disbursement WHERE project_id = $1) AS disbursements,
              (SELECT count(*)::int FROM funding.expenditure WHERE project_id = $1) AS expenditures`,
      [projectId],
    );
    return row ?? { disbursements: 0, expenditures: 0 };
  }

  async findDisbursement(tx: Tx, id: string): Promise<DisbursementRecord | null> {
    const rows: FenAsText<DisbursementRecord>[] = await tx.query(
      `SELECT ${DISBURSEMENT} FROM funding.disbursement d WHERE d.id = $1`,
      [id],
    );
    return rows[0] ? withFen(rows[0]) : null;
  }

  async findExpenditure(tx: Tx, id: string): Promise<ExpenditureRecord | null> {
    const rows: FenAsText<ExpenditureRecord>[] = await tx.query(
      `SELECT ${EXPENDITURE} FROM funding.expenditure e WHERE e.id = $1`,
      [id],
    );
    return rows[0] ? withFen(rows[0]) : null;
  }

  /**
   * Writes the reversal of a disbursement: the same project, source and 文号, the opposite amount, on the
   * given date. The database checks that it offsets the original exactly and is its only reversal.
   */
  async insertDisbursementReversal(tx: Tx, reversal: NewReversal): Promise<DisbursementRecord> {
    await tx.query(
      `INSERT INTO funding.disbursement
         (id, project_id, source, amount_fen, date, document_number, recorded_by, recorded_at, reverses_id, reason,
          recorded_by_name)
       SELECT $1, project_id, source, -amount_fen, $2, document_number, $3, $4, id, $5, $7
         FROM funding.disbursement WHERE id = $6`,
      reversalValues(reversal),
    );
    return (await this.findDisbursement(tx, reversal.id)) as DisbursementRecord;
  }

  /**
   * Writes the reversal of an expenditure: its project, source, category, payee and note, the opposite
   * amount, on the given date, with no flags of its own (the original keeps its flags).
   */
  async insertExpenditureReversal(tx: Tx, reversal: NewReversal): Promise<ExpenditureRecord> {
    await tx.query(
      `INSERT INTO funding.expenditure
         (id, project_id, source, category, amount_fen, date, payee, note, attachment_ref, flags, recorded_by,
          recorded_at, reverses_id, reason, recorded_by_name)
       SELECT $1, project_id, source, category, -amount_fen, $2, payee, note, attachment_ref, '[]',
              $3, $4, id, $5, $7
         FROM funding.expenditure WHERE id = $6`,
      reversalValues(reversal),
    );
    return (await this.findExpenditure(tx, reversal.id)) as ExpenditureRecord;
  }

  /** The allocation of one source to one project, in fen; null when none was set. */
  async allocationFen(tx: Tx, projectId: string, source: FundingSource): Promise<bigint | null> {
    const rows: { amountFen: string }[] = await tx.query(
      `SELECT amount_fen AS "amountFen" FROM funding.allocation WHERE project_id = $1 AND source = $2`,
      [projectId, source],
    );
    return rows[0] ? BigInt(rows[0].amountFen) : null;
  }

  async disbursedFen(tx: Tx, projectId: string, source: FundingSource): Promise<bigint> {
    return this.sumFen(tx, 'disbursement', projectId, source);
  }

  async spentFen(tx: Tx, projectId: string, source: FundingSource): Promise<bigint> {
    return this.sumFen(tx, 'expenditure', projectId, source);
  }

  /**
   * The budget line of a programme's source, locked until the transaction ends, so two allocations of
   * the same source cannot both fit in what remains. Null when the source has no budget (no limit).
   */
  async lockBudget(tx: Tx, programmeCode: string, source: FundingSource): Promise<bigint | null> {
    await this.lockProgrammeMoney(tx, programmeCode);
    const rows: { amountFen: string }[] = await tx.query(
      `SELECT amount_fen AS "amountFen" FROM funding.programme_budget
        WHERE programme_code = $1 AND source = $2 FOR UPDATE`,
      [programmeCode, source],
    );
    return rows[0] ? BigInt(rows[0].amountFen) : null;
  }

  /**
   * Serialises, until the transaction ends, every write that compares allocations with a programme's budget
   * (allocations, the calculator's commit, budget changes, the demo's allocations), including a budget line
   * that does not exist yet and so has no row to lock. A transaction-scoped advisory lock keyed on the
   * programme code.
   */
  async lockProgrammeMoney(tx: Tx, programmeCode: string): Promise<void> {
    await tx.query(`SELECT pg_advisory_xact_lock(hashtextextended('funding.programme-money:' || $1, 0))`, [
      programmeCode,
    ]);
  }

  /** What a programme's counties hold from a source, leaving out the given projects. */
  async allocatedInProgramme(
    tx: Tx,
    programmeCode: string,
    source: FundingSource,
    excludingProjectIds: readonly string[] = [],
  ): Promise<bigint> {
    const [row] = (await tx.query(
      `SELECT COALESCE(sum(a.amount_fen), 0)::text AS total
         FROM funding.allocation a JOIN funding.project p USING (project_id)
        WHERE p.programme_code = $1 AND a.source = $2 AND NOT (a.project_id = ANY($3::uuid[]))`,
      [programmeCode, source, excludingProjectIds],
    )) as { total: string }[];
    return BigInt(row?.total ?? '0');
  }

  /** Sets a project's allocation from a source (insert or replace), as changed at `at`. */
  async setAllocation(
    tx: Tx,
    projectId: string,
    source: FundingSource,
    amountFen: bigint,
    by: string,
    at: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO funding.allocation (project_id, source, amount_fen, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (project_id, source) DO UPDATE SET amount_fen = EXCLUDED.amount_fen,
         updated_by = EXCLUDED.updated_by, updated_at = EXCLUDED.updated_at`,
      [projectId, source, amountFen.toString(), by, at],
    );
  }

  /** Sets an allocation only where none exists (demo data: never overwrites an officer's change). */
  async insertAllocationIfAbsent(
    tx: Tx,
    projectId: string,
    source: FundingSource,
    amountFen: bigint,
    by: string,
    at: Date,
  ): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `INSERT INTO funding.allocation (project_id, source, amount_fen, updated_by, updated_at) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT DO NOTHING RETURNING project_id`,
      [projectId, source, amountFen.toString(), by, at],
    );
    return rows.length > 0;
  }

  async hasAllocationsFor(tx: Tx, programmeCode: string, source: FundingSource): Promise<boolean> {
    const rows: unknown[] = await tx.query(
      `SELECT 1 FROM funding.allocation a JOIN funding.project p USING (project_id)
        WHERE p.programme_code = $1 AND a.source = $2 LIMIT 1`,
      [programmeCode, source],
    );
    return rows.length > 0;
  }

  async insertDisbursement(tx: Tx, row: NewDisbursement): Promise<DisbursementRecord> {
    const [inserted] = (await tx.query(
      `INSERT INTO funding.disbursement AS d
         (id, project_id, source, amount_fen, date, document_number, recorded_by, recorded_at, recorded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       RETURNING ${DISBURSEMENT}`,
      [
        row.id,
        row.projectId,
        row.source,
        row.amountFen.toString(),
        row.date,
        row.documentNumber,
        row.recordedBy,
        row.recordedAt,
        row.recordedByName,
      ],
    )) as [FenAsText<DisbursementRecord>];
    return withFen(inserted);
  }

  async insertExpenditure(tx: Tx, row: NewExpenditure): Promise<ExpenditureRecord> {
    const [inserted] = (await tx.query(
      `INSERT INTO funding.expenditure AS e
         (id, project_id, source, category, amount_fen, date, payee, note, attachment_ref, flags, recorded_by,
          recorded_at, recorded_by_name)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)
       RETURNING ${EXPENDITURE}`,
      [
        row.id,
        row.projectId,
        row.source,
        row.category,
        row.amountFen.toString(),
        row.date,
        row.payee,
        row.note,
        row.attachmentRef,
        JSON.stringify(row.flags),
        row.recordedBy,
        row.recordedAt,
        row.recordedByName,
      ],
    )) as [FenAsText<ExpenditureRecord>];
    return withFen(inserted);
  }

  /** Allocated, disbursed and spent per project and source, for a programme's projects (under a region). */
  async ledgerLines(tx: Tx, programmeCode: string, regionCode?: string, projectId?: string): Promise<LedgerLine[]> {
    const rows: { projectId: string; source: FundingSource; allocated: string; disbursed: string; spent: string }[] =
      await tx.query(
        `WITH scope AS (
           SELECT project_id FROM funding.project
            WHERE programme_code = $1
              AND ($2::text IS NULL OR $2 IN (region_code, city_code, province_code))
              AND ($3::uuid IS NULL OR project_id = $3)
         ),
         lines AS (
           SELECT project_id, source, amount_fen AS allocated, 0::bigint AS disbursed, 0::bigint AS spent
             FROM funding.allocation WHERE project_id IN (SELECT project_id FROM scope)
           UNION ALL
           SELECT project_id, source, 0, amount_fen, 0 FROM funding.disbursement WHERE project_id IN (SELECT project_id FROM scope)
           UNION ALL
           SELECT project_id, source, 0, 0, amount_fen FROM funding.expenditure WHERE project_id IN (SELECT project_id FROM scope)
         )
         SELECT project_id AS "projectId", source, sum(allocated)::text AS allocated, sum(disbursed)::text AS disbursed,
                sum(spent)::text AS spent
           FROM lines GROUP BY project_id, source`,
        [programmeCode, regionCode ?? null, projectId ?? null],
      );
    return rows.map((row) => ({
      ...row,
      allocated: BigInt(row.allocated),
      disbursed: BigInt(row.disbursed),
      spent: BigInt(row.spent),
    }));
  }

  private async sumFen(
    tx: Tx,
    table: 'disbursement' | 'expenditure',
    projectId: string,
    source: FundingSource,
  ): Promise<bigint> {
    const [row] = (await tx.query(
      `SELECT COALESCE(sum(amount_fen), 0)::text AS total FROM funding.${table} WHERE project_id = $1 AND source = $2`,
      [projectId, source],
    )) as { total: string }[];
    return BigInt(row?.total ?? '0');
  }
}

/** A reversal's parameters, as both reversal statements number them. */
function reversalValues(reversal: NewReversal): unknown[] {
  const { id, date, recordedBy, recordedAt, reason, reversesId, recordedByName } = reversal;
  return [id, date, recordedBy, recordedAt, reason, reversesId, recordedByName];
}
