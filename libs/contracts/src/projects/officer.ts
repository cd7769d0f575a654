import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, officerRoleSchema } from './common';

/** A member of a county's leading group (领导小组). */
export const officerSchema = z.object({
  id: z.uuid(),
  name: z.string(),
  /** Stable key (leader, deputy, member) and how users read it (组长, 副组长, 成员). */
  role: officerRoleSchema,
  roleLabel: z.string(),
  /** e.g. 县人力资源和社会保障局局长 */
  title: z.string(),
  /** e.g. 临县人力资源和社会保障局 */
  unit: z.string(),
  /** The user account the officer logs in with, if any. */
  username: z.string().nullable(),
});
export type OfficerView = z.infer<typeof officerSchema>;

export const ListOfficersRpc = defineRpc({
  subject: 'projects.officer.list',
  service: 'projects',
  request: withActor({ projectId: idSchema }),
  response: z.array(officerSchema),
});
