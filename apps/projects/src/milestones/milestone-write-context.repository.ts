import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';
import type { PoolClient } from 'pg';
import { OFFICER_COLUMNS, type OfficerRecord } from '../officers/officers.repository';
import { PROGRAMME_COLUMNS, type ProgrammeRecord } from '../programmes/programmes.repository';
import { PROJECT_COLUMNS, type ProjectRecord } from '../projects/projects.repository';
import { REGION_COLUMNS, type RegionRecord } from '../regions/regions.repository';
import { MILESTONE_COLUMNS, type MilestoneRecord } from './milestones.repository';

/** What a write on a milestone reads first, the milestone locked: see MilestoneWriteContextRepository. */
export interface MilestoneWriteContext {
  readonly milestone: MilestoneRecord;
  readonly project: ProjectRecord;
  readonly programme: ProgrammeRecord;
  /** The project's county and every region above it, nearest first. */
  readonly path: RegionRecord[];
  /** The project's leading group, in the documents' order. */
  readonly officers: OfficerRecord[];
  /** The project's milestones (what a prerequisite check needs of them), in the template's order. */
  readonly siblings: Pick<MilestoneRecord, 'id' | 'title' | 'status'>[];
}

interface Row extends MilestoneRecord {
  readonly writeProject: JsonDates<ProjectRecord> | null;
  readonly writeProgramme: JsonDates<ProgrammeRecord> | null;
  readonly writePath: RegionRecord[] | null;
  readonly writeOfficers: OfficerRecord[];
  readonly writeSiblings: Pick<MilestoneRecord, 'id' | 'title' | 'status'>[];
}

/** A record as JSON brings it: its instants as text. */
type JsonDates<T> = { [K in keyof T]: T[K] extends Date ? string : T[K] extends Date | null ? string | null : T[K] };

/**
 * The county's region path at the top (a recursive CTE inside a correlated subquery cost twice as much); `$1`
 * the milestone.
 */
const WRITE_CONTEXT = `WITH RECURSIVE path AS (
   SELECT region.*, 0 AS depth FROM projects.region region
    WHERE code = (SELECT p.region_code FROM projects.county_project p
                    JOIN projects.milestone w ON w.project_id = p.id WHERE w.id = $1)
   UNION ALL
   SELECT region.*, path.depth + 1 FROM projects.region region JOIN path ON region.code = path.parent_code
 )
 SELECT ${MILESTONE_COLUMNS},
        (SELECT to_json(p) FROM (SELECT ${PROJECT_COLUMNS} FROM projects.county_project
                                  WHERE id = m.project_id) p) AS "writeProject",
        (SELECT to_json(g) FROM (SELECT ${PROGRAMME_COLUMNS} FROM projects.programme
                                  WHERE id = (SELECT programme_id FROM projects.county_project
                                               WHERE id = m.project_id)) g) AS "writeProgramme",
        (SELECT json_agg(r ORDER BY depth) FROM (SELECT ${REGION_COLUMNS}, depth FROM path) r) AS "writePath",
        (SELECT coalesce(json_agg(o ORDER BY sort, name), '[]') FROM (SELECT ${OFFICER_COLUMNS}
           FROM projects.officer WHERE project_id = m.project_id) o) AS "writeOfficers",
        (SELECT coalesce(json_agg(s ORDER BY sort, created_at), '[]')
           FROM (SELECT id, title, status, sort, created_at FROM projects.milestone
                  WHERE project_id = m.project_id) s) AS "writeSiblings"
   FROM projects.milestone m WHERE m.id = $1 FOR UPDATE OF m`;

/**
 * The one read a milestone write starts with: the milestone, locked for the rest of the transaction, with its
 * project, programme, county's region path, leading group and sibling milestones, in one statement instead of
 * seven (each statement costs a round trip, its socket calls and a parse and plan in Postgres: completions at
 * 500/s were bound by that CPU, issue 17 G4). Each part is read with its own repository's columns (as JSON, its
 * instants turned back into Dates here), so the records are those the repositories give.
 */
@Injectable()
export class MilestoneWriteContextRepository {
  async findLocked(tx: Tx, milestoneId: string): Promise<MilestoneWriteContext | null> {
    // In a transaction, prepared once per connection (a named statement): planning this statement cost more than
    // running it. Outside one (a check before an upload begins), the lock ends with the statement, as it always did.
    const client = tx.queryRunner ? ((await tx.queryRunner.connect()) as PoolClient) : undefined;
    const [row] = client
      ? (
          await client.query<Row>({
            name: 'projects.milestone_write_context',
            text: WRITE_CONTEXT,
            values: [milestoneId],
          })
        ).rows
      : ((await tx.query(WRITE_CONTEXT, [milestoneId])) as Row[]);
    if (!row) return null;
    const { writeProject, writeProgramme, writePath, writeOfficers, writeSiblings, ...milestone } = row;
    if (!writeProject || !writeProgramme || !writePath?.length) return null;
    return {
      milestone,
      project: {
        ...writeProject,
        createdAt: new Date(writeProject.createdAt),
        updatedAt: new Date(writeProject.updatedAt),
      },
      programme: {
        ...writeProgramme,
        closedAt: writeProgramme.closedAt === null ? null : new Date(writeProgramme.closedAt),
        createdAt: new Date(writeProgramme.createdAt),
      },
      path: writePath.map(({ code, name, level, parentCode, population, populationSource }) => ({
        code,
        name,
        level,
        parentCode,
        population,
        populationSource,
      })),
      officers: writeOfficers,
      siblings: writeSiblings.map(({ id, title, status }) => ({ id, title, status })),
    };
  }
}
