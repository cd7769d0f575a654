import { z } from 'zod';
import { withActor } from '../identity';
import { defineRpc } from '../rpc/rpc';
import {
  constructionProgressSchema,
  constructionTypeSchema,
  idSchema,
  regionCodeSchema,
  statusLightSchema,
  textSchema,
  versionSchema,
} from './common';

/** A county's project: its row of the task list (附件1), without the money columns (those are funding's). */
export const projectSchema = z.object({
  id: z.uuid(),
  programmeId: z.uuid(),
  programmeYear: z.number().int(),
  regionCode: z.string(),
  /** The county's name, e.g. 临县, and its city's code. */
  regionName: z.string(),
  cityRegionCode: z.string().nullable(),
  name: z.string(),
  /** The rollup of its milestones' lights: red if any is overdue, else yellow, else green; done when all are. */
  light: statusLightSchema,
  /** 人口基数 and its source. */
  population: z.number().int().nullable(),
  populationSource: z.string().nullable(),
  /** 应规划室内场所面积 (m²); `plannedAreaAtLeast` is the documents' "+" (150+). */
  plannedAreaM2: z.number().int().nullable(),
  plannedAreaAtLeast: z.boolean(),
  /** 建设类型, 目前建设进度, 室内服务场所实际面积 (m²), 项目详细地址. */
  constructionType: constructionTypeSchema.nullable(),
  progress: constructionProgressSchema.nullable(),
  actualAreaM2: z.number().int().nullable(),
  address: z.string().nullable(),
  /** The county's employment service had no recruitment hall (the documents' bold counties). */
  noRecruitmentHall: z.boolean(),
  version: z.number().int(),
  updatedAt: z.string(),
});
export type ProjectView = z.infer<typeof projectSchema>;

/** `GET /api/projects?region=CODE&programmeId=ID`: projects in that region's subtree (and the caller's scope). */
export const listProjectsQuerySchema = z
  .object({ region: regionCodeSchema.optional(), programmeId: idSchema.optional() })
  .strict();
export type ListProjectsQuery = z.infer<typeof listProjectsQuerySchema>;

const area = z
  .number({ error: '必须是整数' })
  .int('必须是整数')
  .min(0, '不能为负数')
  .max(1_000_000, '不能超过 1000000');

/** The construction columns of 附件1, which the county's 专班 keeps. */
export const PROJECT_CONSTRUCTION_FIELDS = ['constructionType', 'progress', 'actualAreaM2', 'address'] as const;
/** The planning columns, set by the city or the province (not by the county itself). */
export const PROJECT_PLANNING_FIELDS = [
  'plannedAreaM2',
  'plannedAreaAtLeast',
  'noRecruitmentHall',
  'population',
  'populationSource',
] as const;
export type ProjectField = (typeof PROJECT_CONSTRUCTION_FIELDS)[number] | (typeof PROJECT_PLANNING_FIELDS)[number];

/** How each editable column is named to users (附件1's headings). */
export const PROJECT_FIELD_LABELS: Readonly<Record<ProjectField, string>> = {
  constructionType: '建设类型',
  progress: '目前建设进度',
  actualAreaM2: '室内服务场所实际面积',
  address: '项目详细地址',
  plannedAreaM2: '应规划室内场所面积',
  plannedAreaAtLeast: '应规划室内场所面积（“+”为以上）',
  noRecruitmentHall: '没有招聘大厅',
  population: '人口基数',
  populationSource: '人口基数来源',
};

/** `PATCH /api/projects/:id`: the fields to change (null clears one); `version` guards against lost updates. */
export const updateProjectBodySchema = z
  .object({
    constructionType: constructionTypeSchema.nullable().optional(),
    progress: constructionProgressSchema.nullable().optional(),
    actualAreaM2: area.nullable().optional(),
    address: textSchema(500).nullable().optional(),
    plannedAreaM2: area.nullable().optional(),
    plannedAreaAtLeast: z.boolean().optional(),
    noRecruitmentHall: z.boolean().optional(),
    population: z.number().int('必须是整数').min(0, '不能为负数').max(200_000_000, '数值过大').nullable().optional(),
    populationSource: textSchema(200).nullable().optional(),
    version: versionSchema.optional(),
  })
  .strict()
  .superRefine((body, context) => {
    // A population figure is never stored without its source (a census figure passed off as a yearbook one).
    if ((body.population === undefined) !== (body.populationSource === undefined)) {
      context.addIssue({
        code: 'custom',
        path: [body.population === undefined ? 'population' : 'populationSource'],
        message: '人口基数与其来源须一并填写',
      });
    } else if ((body.population === null) !== (body.populationSource === null)) {
      context.addIssue({ code: 'custom', path: ['populationSource'], message: '人口基数与其来源须同时清空或同时填写' });
    }
  });
export type UpdateProjectBody = z.infer<typeof updateProjectBodySchema>;

export const projectIdParamsSchema = z.object({ id: idSchema }).strict();

export const ListProjectsRpc = defineRpc({
  subject: 'projects.project.list',
  service: 'projects',
  request: withActor(listProjectsQuerySchema.shape),
  response: z.array(projectSchema),
});

export const GetProjectRpc = defineRpc({
  subject: 'projects.project.get',
  service: 'projects',
  request: withActor({ projectId: idSchema }),
  response: projectSchema,
});

export const UpdateProjectRpc = defineRpc({
  subject: 'projects.project.update',
  service: 'projects',
  request: withActor({ projectId: idSchema, changes: updateProjectBodySchema }),
  response: projectSchema,
});
