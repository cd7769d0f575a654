import type {
  Dashboard,
  DashboardMonth,
  DashboardRegion,
  DashboardRow,
  FundingRollup,
  FundingRow,
} from './dashboard-api';

/** Test data for the dashboard, shaped as the gateway answers (the 2023 programme, 吕梁市 and its counties). */
export const PROGRAMME = {
  id: '7a2d0000-0000-4000-8000-0000000000aa',
  code: 'sx-2023-gig-markets',
  name: '公益性零工市场县县全覆盖',
  year: 2023,
};
export const LINXIAN_PROJECT_ID = '7a2d0000-0000-4000-8000-000000141124';
export const LISHI_PROJECT_ID = '7a2d0000-0000-4000-8000-000000141102';

export const SHANXI: DashboardRegion = { code: '140000', name: '山西省', level: 'province' };
export const LVLIANG: DashboardRegion = { code: '141100', name: '吕梁市', level: 'city' };
export const TAIYUAN: DashboardRegion = { code: '140100', name: '太原市', level: 'city' };
export const LINXIAN: DashboardRegion = { code: '141124', name: '临县', level: 'county' };
export const LISHI: DashboardRegion = { code: '141102', name: '离石区', level: 'county' };
export const JIAOCHENG: DashboardRegion = { code: '141122', name: '交城县', level: 'county' };

export function aRow(region: DashboardRegion, overrides: Partial<DashboardRow> = {}): DashboardRow {
  return {
    region,
    countyCount: 1,
    projectCount: 1,
    milestones: { green: 8, yellow: 0, red: 0, done: 0, total: 8 },
    doneShare: '0.0000',
    overdue: 0,
    reports: { submitted: 0, returned: 0, accepted: 0, none: 1 },
    latestReport: null,
    light: 'green',
    latestFigures: null,
    projectId: null,
    ...overrides,
  };
}

const noFigures = { counties: 0, gigJobsOffered: null, gigWorkerVisits: null, placements: null };

/** January to December 2023: milestones planned and done, and figures in April. */
export function aYear(): DashboardMonth[] {
  const planned = [0, 0, 6, 9, 13, 13, 16, 19, 19, 22, 22, 25];
  const done = [0, 0, 2, 5, 10, null, null, null, null, null, null, null];
  return planned.map((plannedDue, index) => ({
    month: `2023-${String(index + 1).padStart(2, '0')}`,
    plannedDue,
    done: done[index] ?? null,
    figures: index === 3 ? { counties: 2, gigJobsOffered: 19, gigWorkerVisits: 45, placements: 3 } : { ...noFigures },
  }));
}

/** 吕梁市 with three counties: 临县 late (a red light), 离石区 on track, 交城县 all done. */
export function lvliangDashboard(overrides: Partial<Dashboard> = {}): Dashboard {
  return {
    programme: PROGRAMME,
    region: LVLIANG,
    ancestors: [SHANXI],
    asOf: '2023-05-15T02:00:00.000Z',
    total: aRow(LVLIANG, {
      countyCount: 3,
      projectCount: 3,
      milestones: { green: 10, yellow: 1, red: 1, done: 13, total: 25 },
      doneShare: '0.5200',
      overdue: 1,
      reports: { submitted: 1, returned: 1, accepted: 0, none: 1 },
      light: 'red',
      latestFigures: { month: '2023-04', counties: 2, gigJobsOffered: 19, gigWorkerVisits: 45, placements: 3 },
    }),
    children: [
      aRow(LISHI, {
        milestones: { green: 5, yellow: 0, red: 0, done: 3, total: 8 },
        doneShare: '0.3750',
        reports: { submitted: 1, returned: 0, accepted: 0, none: 0 },
        latestReport: {
          id: '7a2d0000-0000-4000-8000-00000000e001',
          month: '2023-04',
          status: 'submitted',
          late: false,
        },
        latestFigures: { month: '2023-04', counties: 1, gigJobsOffered: 12, gigWorkerVisits: 30, placements: null },
        projectId: LISHI_PROJECT_ID,
      }),
      aRow(JIAOCHENG, {
        milestones: { green: 0, yellow: 0, red: 0, done: 8, total: 8 },
        doneShare: '1.0000',
        light: 'done',
        projectId: '7a2d0000-0000-4000-8000-000000141122',
      }),
      aRow(LINXIAN, {
        milestones: { green: 5, yellow: 1, red: 1, done: 2, total: 9 },
        doneShare: '0.2222',
        overdue: 1,
        reports: { submitted: 0, returned: 1, accepted: 0, none: 0 },
        latestReport: { id: '7a2d0000-0000-4000-8000-00000000e002', month: '2023-04', status: 'returned', late: true },
        light: 'red',
        latestFigures: { month: '2023-04', counties: 1, gigJobsOffered: 7, gigWorkerVisits: 15, placements: 3 },
        projectId: LINXIAN_PROJECT_ID,
      }),
    ],
    project: null,
    series: aYear(),
    ...overrides,
  };
}

/** The province with two of its cities. */
export function shanxiDashboard(): Dashboard {
  const lvliang = lvliangDashboard();
  return {
    ...lvliang,
    region: SHANXI,
    ancestors: [],
    total: aRow(SHANXI, { countyCount: 13, projectCount: 13, light: 'red', overdue: 1 }),
    children: [aRow(TAIYUAN, { countyCount: 10, projectCount: 10 }), { ...lvliang.total }],
  };
}

function moneyRow(region: DashboardRegion, allocatedWan: string, spentWan: string): FundingRow {
  return {
    regionCode: region.code,
    regionName: region.name,
    level: region.level,
    counties: 1,
    bySource: [],
    all: { allocatedWan, disbursedWan: allocatedWan, spentWan, executionRate: '0.0000' },
  };
}

export function lvliangFunding(): FundingRollup {
  return {
    programmeCode: PROGRAMME.code,
    programmeYear: 2023,
    region: moneyRow(LVLIANG, '180.00', '37.50'),
    children: [
      moneyRow(LISHI, '60.00', '25.00'),
      moneyRow(JIAOCHENG, '60.00', '0.00'),
      moneyRow(LINXIAN, '60.00', '12.50'),
    ],
    budget: [],
  };
}
