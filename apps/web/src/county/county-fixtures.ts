import { http, HttpResponse } from 'msw';
import type { Me } from '../auth/session';
import { API } from '../test/render';
import type { Funding, Milestone, MonthlyReport, Officer, Programme, Project, ReminderSchedule } from './county-api';

/** Test data for the county page, shaped as the gateway answers (临县, programme 2023). */
export const PROJECT_ID = '6f1c0a4e-0000-4000-8000-000000000001';
const PROGRAMME_ID = '6f1c0a4e-0000-4000-8000-0000000000aa';

export const LEADER_ID = '6f1c0a4e-0000-4000-8000-00000000a001';
export const MEMBER_ID = '6f1c0a4e-0000-4000-8000-00000000a002';

export const ZHANGZHENYU: Me = {
  userId: 'u-zhangzhenyu',
  username: 'zhangzhenyu',
  displayName: '张振宇',
  role: 'leading_member',
  regionCodes: ['141124'],
};

export function aProject(overrides: Partial<Project> = {}): Project {
  return {
    id: PROJECT_ID,
    programmeId: PROGRAMME_ID,
    programmeYear: 2023,
    regionCode: '141124',
    regionName: '临县',
    cityRegionCode: '141100',
    name: '临县公益性零工市场',
    light: 'yellow',
    population: 389906,
    populationSource: '第七次全国人口普查',
    plannedAreaM2: 150,
    plannedAreaAtLeast: true,
    constructionType: 'new',
    progress: 'under_construction',
    actualAreaM2: 120,
    address: '临县城区',
    noRecruitmentHall: false,
    version: 3,
    updatedAt: '2023-05-01T00:00:00.000Z',
    ...overrides,
  };
}

let milestoneSeq = 0;
export function aMilestone(overrides: Partial<Milestone> = {}): Milestone {
  milestoneSeq += 1;
  return {
    id: `6f1c0a4e-0000-4000-8000-0000000b${String(milestoneSeq).padStart(4, '0')}`,
    projectId: PROJECT_ID,
    key: 'plan',
    title: '出台建设方案',
    dueDate: '2023-03-31',
    dueAt: null,
    status: 'pending',
    light: 'green',
    after: [],
    responsibleOfficerIds: [LEADER_ID],
    reminderPlan: null,
    completedAt: null,
    completedBy: null,
    completedByName: null,
    evidence: null,
    reopenings: [],
    version: 1,
    ...overrides,
  };
}

export const OFFICERS: Officer[] = [
  {
    id: LEADER_ID,
    name: '张振宇',
    role: 'leader',
    roleLabel: '组长',
    title: '县政府副县长',
    unit: '临县人民政府',
    username: 'zhangzhenyu',
    contacts: { mobile: '13900000001', email: null, dingtalkId: null, wecomId: null },
    smsOptedOut: false,
  },
  {
    id: MEMBER_ID,
    name: '李华',
    role: 'member',
    roleLabel: '成员',
    title: '县人社局局长',
    unit: '临县人力资源和社会保障局',
    username: null,
    contacts: { mobile: null, email: 'lihua@example.invalid', dingtalkId: null, wecomId: null },
    smsOptedOut: false,
  },
];

export const PROGRAMME = {
  id: PROGRAMME_ID,
  code: 'gig-market-2023',
  name: '公益性零工市场县县全覆盖',
  year: 2023,
  rootRegionCode: '140000',
  countyCount: 117,
  milestoneTemplate: [
    { key: 'accept', title: '迎接市局验收检查', due: '10-31', after: ['trial'], completesOn: 'acceptance_signed' },
  ],
  reminderPolicy: {
    timeZone: 'Asia/Shanghai',
    sendAt: '09:00',
    beforeDue: { workingDaysBefore: [7, 3, 1], onDueDay: true, recipients: ['responsible'] },
    overdue: { afterWorkingDays: 1, repeatEveryWorkingDays: 3, recipients: ['responsible', 'county_leader'] },
    escalation: { afterWorkingDaysOverdue: 5, recipients: ['city_officer'] },
  },
  reportDueDay: 25,
  reportResubmitWorkingDays: 5,
  reportReminderPlan: null,
  operatingFiguresFromMonth: 10,
  yellowWithinWorkingDays: 3,
  sourceProgrammeId: null,
  templateId: '6f1c0a4e-0000-4000-8000-0000000d0001',
  templateCode: 'gig-markets',
  templateVersion: 1,
  status: 'open',
  closedAt: null,
  projectCount: 117,
  createdAt: '2023-01-01T00:00:00.000Z',
} satisfies Programme;

export function aReport(overrides: Partial<MonthlyReport> = {}): MonthlyReport {
  return {
    id: '6f1c0a4e-0000-4000-8000-0000000c0001',
    projectId: PROJECT_ID,
    programmeId: PROGRAMME_ID,
    regionCode: '141124',
    month: '2023-09',
    constructionType: 'new',
    progress: 'under_construction',
    actualAreaM2: 150,
    address: '临县城区',
    workContent: '完成装修',
    difficulties: '',
    suggestions: '',
    gigJobsOffered: null,
    gigWorkerVisits: null,
    placements: null,
    status: 'submitted',
    late: false,
    dueAt: '2023-09-25T16:00:00.000Z',
    submittedAt: '2023-09-20T02:00:00.000Z',
    submittedBy: 'linxian',
    reviewComment: null,
    reviewedAt: null,
    reviewedBy: null,
    history: [],
    version: 1,
    ...overrides,
  };
}

export function aSchedule(items: ReminderSchedule['items']): ReminderSchedule {
  return { dueDate: '2023-03-31', dueAt: '2023-03-31T16:00:00.000Z', status: 'open', history: false, items };
}

export function aFunding(overrides: Partial<Funding> = {}): Funding {
  const zero = { allocatedWan: '0.00', disbursedWan: '0.00', spentWan: '0.00', executionRate: null };
  return {
    project: {
      projectId: PROJECT_ID,
      programmeId: PROGRAMME_ID,
      programmeCode: 'gig-market-2023',
      programmeYear: 2023,
      name: '临县公益性零工市场',
      regionCode: '141124',
      regionName: '临县',
      cityRegionCode: '141100',
      cityName: '吕梁市',
      provinceRegionCode: '140000',
      provinceName: '山西省',
      population: 389906,
      populationSource: '第七次全国人口普查',
    },
    allocations: [],
    disbursements: [],
    expenditures: [],
    totals: {
      bySource: [
        { source: 'province_special', ...zero },
        { source: 'province_employment', ...zero },
        { source: 'city', ...zero },
        { source: 'county', ...zero },
      ],
      all: zero,
    },
    annex1: { provinceWan: null, cityWan: null, countyWan: null },
    // As the service counts them: all the entries listed, unless a test says the ledger is longer.
    disbursementCount: overrides.disbursements?.length ?? 0,
    expenditureCount: overrides.expenditures?.length ?? 0,
    ...overrides,
  };
}

/** The answers every county page needs whatever the tab: the project and its programme. */
export function pageAnswers(project: Project = aProject()) {
  return [
    http.get(`${API}/projects/${PROJECT_ID}`, () => HttpResponse.json(project)),
    http.get(`${API}/programmes`, () => HttpResponse.json([PROGRAMME])),
    // A milestone's drawer shows its 催办 and 批示: none unless a test says otherwise.
    http.get(`${API}/milestones/:id/oversight`, () =>
      HttpResponse.json({ urges: [], instructions: [], nextUrgeAt: null }),
    ),
  ];
}
