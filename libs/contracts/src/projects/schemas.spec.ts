import { fieldErrorsFromZod } from '../errors';
import type { z } from 'zod';
import { completeMilestoneBodySchema, createMilestoneBodySchema, updateMilestoneBodySchema } from './milestone';
import {
  DEFAULT_REMINDER_POLICY,
  createProgrammeBodySchema,
  programmeTemplateDefinitionSchema,
  reminderPolicySchema,
  templateDefinitionOf,
  type ProgrammeTemplateView,
} from './programme';
import { createOfficerBodySchema } from './officer';
import { listProjectsQuerySchema, projectIdParamsSchema, updateProjectBodySchema } from './project';
import { MilestoneScheduled } from './events';

function fields(schema: z.ZodType, input: unknown): string[] {
  const result = schema.safeParse(input);
  return result.success ? [] : fieldErrorsFromZod(result.error).map((error) => error.field);
}

describe('projects request schemas (the HTTP bodies)', () => {
  it('takes the 附件1 columns a county fills in, and null to clear one', () => {
    expect(
      updateProjectBodySchema.parse({
        constructionType: 'new',
        progress: 'built',
        actualAreaM2: 0,
        address: ' 临县 ',
        version: 3,
      }),
    ).toEqual({ constructionType: 'new', progress: 'built', actualAreaM2: 0, address: '临县', version: 3 });
    expect(updateProjectBodySchema.parse({ address: null, actualAreaM2: null })).toEqual({
      address: null,
      actualAreaM2: null,
    });
  });

  it.each([
    [{ actualAreaM2: -1 }, ['actualAreaM2']],
    [{ actualAreaM2: 1.5 }, ['actualAreaM2']],
    [{ plannedAreaM2: '150+' }, ['plannedAreaM2']],
    [{ constructionType: '新建' }, ['constructionType']],
    [{ progress: 'done' }, ['progress']],
    [{ address: 'x'.repeat(501) }, ['address']],
    [{ noRecruitmentHall: 'yes' }, ['noRecruitmentHall']],
    [{ population: 5 }, ['populationSource']],
    [{ populationSource: '普查' }, ['population']],
    [{ population: null, populationSource: '普查' }, ['populationSource']],
    [{ regionCode: '141124' }, ['(body)']],
  ])('refuses the project update %j, naming %j', (input, expected) => {
    expect(fields(updateProjectBodySchema, input)).toEqual(expected);
  });

  it('accepts an extra milestone as DESIGN shows it, and names every bad field of a bad one', () => {
    const good = {
      title: '挂牌',
      dueAt: '2030-01-01T09:00:00+08:00',
      responsibleOfficerIds: ['5d0f3f0e-4a57-4c36-9d6b-2b0c8f1d2e3f'],
      reminderPlan: ['-PT10S', 'PT0S', 'PT5S'],
    };
    expect(createMilestoneBodySchema.parse(good)).toEqual(good);
    expect(
      fields(createMilestoneBodySchema, {
        title: '',
        dueAt: '2030-13-01T00:00:00Z',
        responsibleOfficerIds: ['1'],
        reminderPlan: ['soon'],
      }).sort(),
    ).toEqual(['dueAt', 'reminderPlan.0', 'responsibleOfficerIds.0', 'title']);
  });

  it('lets a PATCH move the due date or the instant, not both, and set only in_progress', () => {
    expect(updateMilestoneBodySchema.parse({ dueDate: '2024-02-29' })).toEqual({ dueDate: '2024-02-29' });
    expect(fields(updateMilestoneBodySchema, { dueDate: '2023-02-29' })).toEqual(['dueDate']);
    expect(fields(updateMilestoneBodySchema, { dueDate: '2023-04-01', dueAt: '2023-04-01T00:00:00Z' })).toEqual([
      'dueAt',
    ]);
    expect(fields(updateMilestoneBodySchema, { status: 'done' })).toEqual(['status']);
    expect(fields(updateMilestoneBodySchema, { status: 'pending' })).toEqual(['status']);
  });

  it('requires evidence text to complete, with well-formed attachments', () => {
    expect(fields(completeMilestoneBodySchema, {})).toEqual(['evidence']);
    expect(fields(completeMilestoneBodySchema, { evidence: { text: '' } })).toEqual(['evidence.text']);
    expect(fields(completeMilestoneBodySchema, { evidence: { text: 'ok', attachments: [{ ref: 'r' }] } })).toEqual([
      'evidence.attachments.0.name',
    ]);
  });

  it('stores a member’s username in lower case, and publishes a pattern that admits what it accepts', () => {
    const member = (username: string) => ({ name: '刘星', role: 'member', username });
    expect(createOfficerBodySchema.parse(member(' LinXian ')).username).toBe('linxian');
    expect(createOfficerBodySchema.parse(member('')).username).toBeNull();
    expect(fields(createOfficerBodySchema, member('lin xian'))).toEqual(['username']);
    expect(fields(createOfficerBodySchema, member('.linxian'))).toEqual(['username']);
    // The API document's pattern (what the bad-input drill reads) says the same: what it admits is accepted.
    const document = createOfficerBodySchema.toJSONSchema({ io: 'input' }) as unknown as {
      properties: { username: { anyOf: [{ pattern: string }, { type: 'null' }] } };
    };
    const published = new RegExp(document.properties.username.anyOf[0].pattern);
    for (const accepted of [' LinXian ', 'linxian', '']) expect(published.test(accepted)).toBe(true);
    for (const refused of ['lin xian', '.linxian']) expect(published.test(refused)).toBe(false);
  });

  it('checks ids, region codes and years in params and queries', () => {
    expect(fields(projectIdParamsSchema, { id: 'not-a-uuid' })).toEqual(['id']);
    expect(fields(listProjectsQuerySchema, { region: '14112' })).toEqual(['region']);
    expect(fields(createProgrammeBodySchema, { sourceProgrammeId: 'x', year: 2024.5 }).sort()).toEqual([
      'sourceProgrammeId',
      'year',
    ]);
  });
});

describe('projects events', () => {
  it('DESIGN’s default reminder policy is a valid policy', () => {
    expect(reminderPolicySchema.parse(DEFAULT_REMINDER_POLICY)).toEqual(DEFAULT_REMINDER_POLICY);
  });

  it('a scheduled milestone has exactly one of dueDate and dueAt', () => {
    const facts = {
      programmeId: '5d0f3f0e-4a57-4c36-9d6b-2b0c8f1d2e3f',
      programmeCode: 'p',
      projectId: '5d0f3f0e-4a57-4c36-9d6b-2b0c8f1d2e3f',
      projectName: '临县公益性零工市场',
      regionCode: '141124',
      regionName: '临县',
      cityRegionCode: '141100',
      milestoneId: '5d0f3f0e-4a57-4c36-9d6b-2b0c8f1d2e3f',
      key: 'plan',
      title: '完成选址',
      dueDate: '2023-03-31',
      dueAt: null,
      status: 'pending',
      responsibleOfficers: [],
      countyLeader: null,
      reminderPlan: null,
      reminderPolicy: DEFAULT_REMINDER_POLICY,
      history: true,
    };
    expect(MilestoneScheduled.schema.parse(facts)).toEqual(facts);
    expect(MilestoneScheduled.schema.safeParse({ ...facts, dueAt: '2023-03-31T16:00:00Z' }).success).toBe(false);
    expect(MilestoneScheduled.schema.safeParse({ ...facts, dueDate: null }).success).toBe(false);
  });
});

describe('programme templates', () => {
  it('takes a saved template version back as its definition alone, which the strict PUT body accepts', () => {
    const version: ProgrammeTemplateView = {
      id: '0190a3c4-0000-7000-8000-0000000000d1',
      code: 'gig-markets',
      version: 2,
      createdAt: '2026-12-01T02:00:00.000Z',
      createdBy: 'province',
      createdByName: '省人社厅',
      name: '公益性零工市场县县全覆盖',
      projectTitle: '公益性零工市场',
      milestones: [{ key: 'plan', title: '出台建设方案', due: '03-31', after: [] }],
      reminderPolicy: DEFAULT_REMINDER_POLICY,
      reportDueDay: 25,
      operatingFiguresFromMonth: 10,
      yellowWithinWorkingDays: 3,
      rubricCode: 'gig-market-checklist',
      passMark: 60,
      fundingSources: [{ source: 'city', allowedCategories: ['other'] }],
    };
    expect(fields(programmeTemplateDefinitionSchema, version)).toEqual(['(body)']);
    const definition = templateDefinitionOf(version);
    expect(Object.keys(definition)).not.toContain('createdByName');
    expect(programmeTemplateDefinitionSchema.parse(definition)).toEqual(definition);
  });
});
