import { modifiedRows, type Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** 60 points: the passing mark when a programme sets none (the documents set no threshold). */
export const DEFAULT_PASS_THRESHOLD_HALF_POINTS = 120;

/** A programme's acceptance settings. */
export interface SettingsRecord {
  readonly programmeId: string;
  readonly programmeCode: string;
  readonly passThresholdHalfPoints: number;
  /** Null: inspections use the latest version of the most recently loaded rubric. */
  readonly rubricCode: string | null;
  readonly updatedAt: Date;
}

/** Columns as a SettingsRecord. */
const SETTINGS = `programme_id AS "programmeId", programme_code AS "programmeCode",
  pass_threshold_half_points AS "passThresholdHalfPoints", rubric_code AS "rubricCode", updated_at AS "updatedAt"`;

/** Per-programme settings: a row with the defaults when the programme's first project is learnt. */
@Injectable()
export class SettingsRepository {
  /**
   * The settings of a programme seen for the first time: its template's pass mark and rubric code when the
   * registration carries them, else the defaults; an existing row is left as it is.
   */
  async addDefaults(
    tx: Tx,
    programmeId: string,
    programmeCode: string,
    at: Date,
    fromTemplate?: { passMark: number; rubricCode: string | null },
  ): Promise<void> {
    await tx.query(
      `INSERT INTO evaluation.programme_settings
         (programme_id, programme_code, pass_threshold_half_points, rubric_code, updated_at)
       VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (programme_id) DO NOTHING`,
      [
        programmeId,
        programmeCode,
        fromTemplate ? Math.round(fromTemplate.passMark * 2) : DEFAULT_PASS_THRESHOLD_HALF_POINTS,
        fromTemplate?.rubricCode ?? null,
        at,
      ],
    );
  }

  /** `lock` takes a row lock for the write that follows (inside `tx`'s transaction). */
  async find(tx: Tx, programmeId: string, options: { lock?: boolean } = {}): Promise<SettingsRecord | null> {
    const rows: SettingsRecord[] = await tx.query(
      `SELECT ${SETTINGS} FROM evaluation.programme_settings WHERE programme_id = $1 ${options.lock ? 'FOR UPDATE' : ''}`,
      [programmeId],
    );
    return rows[0] ?? null;
  }

  /**
   * Where the programme's projects lie: one region path (county, city, province) per project evaluation
   * knows of. A programme is in a caller's scope when one of its projects is.
   */
  async projectRegionPaths(tx: Tx, programmeId: string): Promise<(string | null)[][]> {
    const rows: { path: (string | null)[] }[] = await tx.query(
      `SELECT ARRAY[region_code, city_region_code, province_region_code] AS path
         FROM evaluation.project WHERE programme_id = $1`,
      [programmeId],
    );
    return rows.map((row) => row.path);
  }

  async update(
    tx: Tx,
    programmeId: string,
    change: { passThresholdHalfPoints: number; rubricCode: string | null },
    at: Date,
  ): Promise<SettingsRecord> {
    const [settings] = await modifiedRows<SettingsRecord>(
      tx,
      `UPDATE evaluation.programme_settings
          SET pass_threshold_half_points = $2, rubric_code = $3, updated_at = $4
        WHERE programme_id = $1
      RETURNING ${SETTINGS}`,
      [programmeId, change.passThresholdHalfPoints, change.rubricCode, at],
    );
    if (!settings) throw new Error(`programme_settings ${programmeId} vanished under its row lock`);
    return settings;
  }
}
