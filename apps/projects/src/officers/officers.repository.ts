import type { OfficerContacts, OfficerRole } from '@duban/contracts';
import { modifiedRows, type Tx } from '@duban/platform';
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
  /** How to reach the member (with or without an account); each may be null. */
  readonly contacts: OfficerContacts;
  /** 退订短信: no reminder is texted to the member's mobile. */
  readonly smsOptedOut: boolean;
}

/** A new officer; `id` is chosen by the caller (so milestones can name it) or by the database. */
export type NewOfficer = Omit<OfficerRecord, 'id' | 'contacts' | 'smsOptedOut'> & {
  readonly id?: string;
  readonly contacts?: OfficerContacts;
  readonly smsOptedOut?: boolean;
};

const NO_CONTACTS: OfficerContacts = { mobile: null, email: null, dingtalkId: null, wecomId: null };

/** The columns of an OfficerRecord (also read by the one query a milestone write starts with). */
export const OFFICER_COLUMNS = `id, project_id AS "projectId", name, role, title, unit, username, sort,
  json_build_object('mobile', mobile, 'email', email, 'dingtalkId', dingtalk_id, 'wecomId', wecom_id) AS contacts,
  sms_opted_out AS "smsOptedOut"`;

/** Leading groups (projects.officer): their one owner. */
@Injectable()
export class OfficersRepository {
  /** A project's leading group in the documents' order: 组长, 副组长, 成员. */
  findByProject(tx: Tx, projectId: string): Promise<OfficerRecord[]> {
    return this.findByProjects(tx, [projectId]);
  }

  async findByProjects(tx: Tx, projectIds: readonly string[]): Promise<OfficerRecord[]> {
    if (projectIds.length === 0) return [];
    return tx.query(
      `SELECT ${OFFICER_COLUMNS} FROM projects.officer WHERE project_id = ANY($1::uuid[]) ORDER BY sort, name`,
      [[...projectIds]],
    );
  }

  /** Inserts the officers; returns them in the order given. */
  async insertMany(tx: Tx, officers: readonly NewOfficer[]): Promise<OfficerRecord[]> {
    if (officers.length === 0) return [];
    return tx.query(
      `INSERT INTO projects.officer
         (id, project_id, name, role, title, unit, username, sort, mobile, email, dingtalk_id, wecom_id, sms_opted_out)
       SELECT coalesce(id, gen_random_uuid()), project_id, name, role, title, unit, username, sort,
              mobile, email, dingtalk_id, wecom_id, sms_opted_out
         FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::text[], $8::int[],
                     $9::text[], $10::text[], $11::text[], $12::text[], $13::boolean[])
              WITH ORDINALITY AS given (id, project_id, name, role, title, unit, username, sort,
                                        mobile, email, dingtalk_id, wecom_id, sms_opted_out, position)
        ORDER BY position
       RETURNING ${OFFICER_COLUMNS}`,
      [
        officers.map((officer) => officer.id ?? null),
        officers.map((officer) => officer.projectId),
        officers.map((officer) => officer.name),
        officers.map((officer) => officer.role),
        officers.map((officer) => officer.title),
        officers.map((officer) => officer.unit),
        officers.map((officer) => officer.username),
        officers.map((officer) => officer.sort),
        officers.map((officer) => (officer.contacts ?? NO_CONTACTS).mobile),
        officers.map((officer) => (officer.contacts ?? NO_CONTACTS).email),
        officers.map((officer) => (officer.contacts ?? NO_CONTACTS).dingtalkId),
        officers.map((officer) => (officer.contacts ?? NO_CONTACTS).wecomId),
        officers.map((officer) => officer.smsOptedOut ?? false),
      ],
    );
  }

  /** One officer, under a row lock (its group's edits take turns). */
  async lockById(tx: Tx, id: string): Promise<OfficerRecord | null> {
    const rows: OfficerRecord[] = await tx.query(
      `SELECT ${OFFICER_COLUMNS} FROM projects.officer WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return rows[0] ?? null;
  }

  /** The next place in a group's order (a new member goes last). */
  async nextSort(tx: Tx, projectId: string): Promise<number> {
    const [row] = (await tx.query(
      `SELECT coalesce(max(sort), -1)::int + 1 AS next FROM projects.officer WHERE project_id = $1`,
      [projectId],
    )) as { next: number }[];
    return row?.next ?? 0;
  }

  async update(tx: Tx, officer: OfficerRecord): Promise<OfficerRecord> {
    const rows = await modifiedRows<OfficerRecord>(
      tx,
      `UPDATE projects.officer
          SET name = $2, role = $3, title = $4, unit = $5, username = $6,
              mobile = $7, email = $8, dingtalk_id = $9, wecom_id = $10, sms_opted_out = $11
        WHERE id = $1
       RETURNING ${OFFICER_COLUMNS}`,
      [
        officer.id,
        officer.name,
        officer.role,
        officer.title,
        officer.unit,
        officer.username,
        officer.contacts.mobile,
        officer.contacts.email,
        officer.contacts.dingtalkId,
        officer.contacts.wecomId,
        officer.smsOptedOut,
      ],
    );
    const [saved] = rows;
    if (!saved) throw new Error(`officer ${officer.id} vanished under its lock`);
    return saved;
  }

  async delete(tx: Tx, id: string): Promise<void> {
    await tx.query(`DELETE FROM projects.officer WHERE id = $1`, [id]);
  }
}
