import type { OfficerRole } from '@duban/contracts';
import type { Tx } from '@duban/platform';
import { Injectable } from '@nestjs/common';

/** A member of a county's leading group (领导小组): 组长, 副组长 or 成员, with title and unit. */
export interface OfficerRecord {
  readonly id: string;
  readonly projectId: string;
  readonly name: string;
  readonly role: OfficerRole;
  /** e.g. 县人力资源和社会保障局局长 */
  readonly title: string;
  /** e.g. 临县人力资源和社会保障局 */
  readonly unit: string;
  /** The gateway account this officer logs in with, if any; matched against the caller's username. */
  readonly username: string | null;
  /** Order as the documents list the group. */
  readonly sort: number;
}

/** A new officer; `id` is chosen by the caller (so milestones can name it) or by the database. */
export type NewOfficer = Omit<OfficerRecord, 'id'> & { readonly id?: string };

const COLUMNS = `id, project_id AS "projectId", name, role, title, unit, username, sort`;

/** Leading groups (projects.officer): their one owner. */
@Injectable()
export class OfficersRepository {
  /** A project's leading group in the documents' order: 组长, 副组长, 成员. */
  findByProject(tx: Tx, projectId: string): Promise<OfficerRecord[]> {
    return this.findByProjects(tx, [projectId]);
  }

  async findByProjects(tx: Tx, projectIds: readonly string[]): Promise<OfficerRecord[]> {
    if (projectIds.length === 0) return [];
    return tx.query(`SELECT ${COLUMNS} FROM projects.officer WHERE project_id = ANY($1::uuid[]) ORDER BY sort, name`, [
      [...projectIds],
    ]);
  }

  /** Inserts the officers; returns them in the order given. */
  async insertMany(tx: Tx, officers: readonly NewOfficer[]): Promise<OfficerRecord[]> {
    if (officers.length === 0) return [];
    return tx.query(
      `INSERT INTO projects.officer (id, project_id, name, role, title, unit, username, sort)
       SELECT coalesce(id, gen_random_uuid()), project_id, name, role, title, unit, username, sort
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[])
              WITH ORDINALITY AS given (id, project_id, name, role, title, unit, username, sort, position)
        ORDER BY position
       RETURNING ${COLUMNS}`,
      [
        officers.map((officer) => officer.id ?? null),
        officers.map((officer) => officer.projectId),
        officers.map((officer) => officer.name),
        officers.map((officer) => officer.role),
        officers.map((officer) => officer.title),
        officers.map((officer) => officer.unit),
        officers.map((officer) => officer.username),
        officers.map((officer) => officer.sort),
      ],
    );
  }

  /** Writes an officer's role, title and unit as given. */
  async update(tx: Tx, officer: OfficerRecord): Promise<void> {
    await tx.query(`UPDATE projects.officer SET role = $2, title = $3, unit = $4 WHERE id = $1`, [
      officer.id,
      officer.role,
      officer.title,
      officer.unit,
    ]);
  }
}
