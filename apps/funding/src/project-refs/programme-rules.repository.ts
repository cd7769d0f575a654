import type { FundingSourceRule, ProgrammeStatus } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** A programme as funding knows it: its sources' category rules and whether it is still open. */
export interface ProgrammeRulesRecord {
  readonly programmeId: string;
  readonly programmeCode: string;
  /** Null: the programme's events carried no rules (set up before templates). */
  readonly sourceRules: FundingSourceRule[] | null;
  readonly templateCode: string | null;
  readonly templateVersion: number | null;
  readonly status: ProgrammeStatus;
  readonly name: string | null;
  readonly year: number | null;
}

const RULES = `programme_id AS "programmeId", programme_code AS "programmeCode", source_rules AS "sourceRules",
  template_code AS "templateCode", template_version AS "templateVersion", status, name, year`;

/** `funding.programme_rules`, its one owner: kept from the projects service's programme events. */
@Injectable()
export class ProgrammeRulesRepository {
  /**
   * A programme's first registration: its rules if the event carries them; an existing row is left alone
   * (a programme's projects are all registered when it is created, before any new template version).
   */
  async insertRegistered(
    tx: Tx,
    programme: { programmeId: string; programmeCode: string; sourceRules: FundingSourceRule[] | null },
    at: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO funding.programme_rules (programme_id, programme_code, source_rules, updated_at)
       VALUES ($1, $2, $3::jsonb, $4)
       ON CONFLICT (programme_id) DO NOTHING`,
      [
        programme.programmeId,
        programme.programmeCode,
        programme.sourceRules === null ? null : JSON.stringify(programme.sourceRules),
        at,
      ],
    );
  }

  /**
   * The rules of a new template version; a ProgrammeRulesChanged older than the one applied (UUIDv7 ids are
   * time-ordered) changes nothing, so the latest version always wins whatever order the events arrive in.
   */
  async setRules(
    tx: Tx,
    programme: {
      programmeId: string;
      programmeCode: string;
      sourceRules: FundingSourceRule[];
      templateCode: string;
      templateVersion: number;
      eventId: string;
    },
    at: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO funding.programme_rules
         (programme_id, programme_code, source_rules, rules_event_id, template_code, template_version, updated_at)
       VALUES ($1, $2, $3::jsonb, $4, $5, $6, $7)
       ON CONFLICT (programme_id) DO UPDATE
         SET source_rules = excluded.source_rules, rules_event_id = excluded.rules_event_id,
             template_code = excluded.template_code, template_version = excluded.template_version,
             updated_at = excluded.updated_at
       WHERE programme_rules.rules_event_id IS NULL OR programme_rules.rules_event_id < excluded.rules_event_id`,
      [
        programme.programmeId,
        programme.programmeCode,
        JSON.stringify(programme.sourceRules),
        programme.eventId,
        programme.templateCode,
        programme.templateVersion,
        at,
      ],
    );
  }

  /** Closed (or archived): final, never back to open. */
  async setClosed(
    tx: Tx,
    programme: {
      programmeId: string;
      programmeCode: string;
      name: string;
      year: number;
      status: 'closed' | 'archived';
      closedAt: Date;
    },
    at: Date,
  ): Promise<void> {
    await tx.query(
      `INSERT INTO funding.programme_rules (programme_id, programme_code, status, name, year, closed_at, updated_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (programme_id) DO UPDATE
         SET status = CASE WHEN programme_rules.status = 'archived' THEN 'archived' ELSE excluded.status END,
             name = excluded.name, year = excluded.year,
             closed_at = coalesce(programme_rules.closed_at, excluded.closed_at), updated_at = excluded.updated_at`,
      [
        programme.programmeId,
        programme.programmeCode,
        programme.status,
        programme.name,
        programme.year,
        programme.closedAt,
        at,
      ],
    );
  }

  async find(tx: Tx, programmeId: string): Promise<ProgrammeRulesRecord | null> {
    const rows: ProgrammeRulesRecord[] = await tx.query(
      `SELECT ${RULES} FROM funding.programme_rules WHERE programme_id = $1`,
      [programmeId],
    );
    return rows[0] ?? null;
  }

  /** A programme by its code (budgets and the calculator name programmes so). */
  async findByCode(tx: Tx, programmeCode: string): Promise<ProgrammeRulesRecord | null> {
    const rows: ProgrammeRulesRecord[] = await tx.query(
      `SELECT ${RULES} FROM funding.programme_rules WHERE programme_code = $1 LIMIT 1`,
      [programmeCode],
    );
    return rows[0] ?? null;
  }
}
