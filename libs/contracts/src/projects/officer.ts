import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import { idSchema, officerRoleSchema, regionCodeSchema } from './common';
import { IMPORT_MAX_ROWS, importModeSchema, importReportSchema, unreadableCellSchema } from './task-list';

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

/** A county's leading group, as the 领导小组 sheet lists it. */
export const leadingGroupSchema = z.object({
  projectId: z.uuid(),
  regionCode: z.string(),
  cityName: z.string().nullable(),
  countyName: z.string(),
  officers: z.array(officerSchema),
});

/** `GET /api/exports/leading-groups.xlsx?region=CODE`: the groups of the region's counties in the caller's scope. */
export const leadingGroupsSchema = z.object({
  regionCode: z.string(),
  regionName: z.string(),
  programmeYear: z.number().int(),
  groups: z.array(leadingGroupSchema),
});
export type LeadingGroups = z.infer<typeof leadingGroupsSchema>;

export const ListLeadingGroupsRpc = defineRpc({
  subject: 'projects.leadinggroup.list',
  service: 'projects',
  request: withActor({ region: regionCodeSchema }),
  response: leadingGroupsSchema,
});

/**
 * One member row of an uploaded 领导小组 sheet as the gateway read it: the county (by code, else by name
 * and city), the member's name, role (null: the cell could not be read, see `unreadable`), title and unit.
 */
export const leadingGroupImportRowSchema = z
  .object({
    row: z.number().int().min(1),
    regionCode: z.string().max(20).nullable(),
    cityName: z.string().max(100).nullable(),
    countyName: z.string().max(100).nullable(),
    name: z.string().max(200).nullable(),
    role: officerRoleSchema.nullable(),
    title: z.string().max(2000).nullable(),
    unit: z.string().max(2000).nullable(),
    cells: z.record(z.string(), z.string().max(2000)),
    unreadable: z.array(unreadableCellSchema),
  })
  .strict();
export type LeadingGroupImportRow = z.infer<typeof leadingGroupImportRowSchema>;

export const ImportLeadingGroupsRpc = defineRpc({
  subject: 'projects.leadinggroup.import',
  service: 'projects',
  request: withActor({
    mode: importModeSchema,
    rows: z.array(leadingGroupImportRowSchema).max(IMPORT_MAX_ROWS),
  }),
  response: importReportSchema,
});
