import { MONTHLY_REPORT_STATUSES } from '@duban/contracts';
import {
  invalidReportMonth,
  isLate,
  missingOperatingFigures,
  operatingFiguresRequired,
  owesReport,
  reportDueAt,
  reportDueDate,
  transition,
  type ReportSchedule,
} from './report-rules';

// Set up before its year: it owes every month.
const schedule: ReportSchedule = {
  year: 2023,
  reportDueDay: 25,
  operatingFiguresFromMonth: 10,
  createdAt: new Date('2022-12-20T10:00:00+08:00'),
};

describe('the October rule', () => {
  it('requires the operating figures from the programme year’s October on, into the next year', () => {
    expect(operatingFiguresRequired('2023-09', schedule)).toBe(false);
    expect(operatingFiguresRequired('2023-10', schedule)).toBe(true);
    expect(operatingFiguresRequired('2023-12', schedule)).toBe(true);
    expect(operatingFiguresRequired('2024-01', schedule)).toBe(true);
  });

  it('follows the programme’s month, not a fixed October', () => {
    expect(operatingFiguresRequired('2023-07', { ...schedule, operatingFiguresFromMonth: 7 })).toBe(true);
    expect(operatingFiguresRequired('2023-06', { ...schedule, operatingFiguresFromMonth: 7 })).toBe(false);
  });

  it('names each missing figure, in Chinese with the 附件1 column', () => {
    expect(missingOperatingFigures('2023-10', schedule, { gigWorkerVisits: 0 })).toEqual([
      { field: 'gigJobsOffered', message: '自2023年10月起须填报当月提供零工岗位数（非负整数）' },
      { field: 'placements', message: '自2023年10月起须填报当月达成意向上岗人次（非负整数）' },
    ]);
    expect(
      missingOperatingFigures('2023-10', schedule, { gigJobsOffered: null, gigWorkerVisits: null, placements: null }),
    ).toHaveLength(3);
  });

  it('takes zero as a figure, and asks nothing before October', () => {
    expect(
      missingOperatingFigures('2023-11', schedule, { gigJobsOffered: 0, gigWorkerVisits: 0, placements: 0 }),
    ).toEqual([]);
    expect(missingOperatingFigures('2023-09', schedule, {})).toEqual([]);
  });
});

describe('the late rule', () => {
  it('makes month M due on the programme’s due day of M, at the end of that day in Asia/Shanghai', () => {
    expect(reportDueDate('2023-10', schedule)).toBe('2023-10-25');
    // The end of 25 October local is the next local midnight: 2023-10-25T16:00Z.
    expect(reportDueAt('2023-10', schedule).toISOString()).toBe('2023-10-25T16:00:00.000Z');
  });

  it('is on time up to the last millisecond of the due day, local time', () => {
    expect(isLate('2023-10', schedule, new Date('2023-10-25T23:59:59.999+08:00'))).toBe(false);
    expect(isLate('2023-10', schedule, new Date('2023-10-26T00:00:00.000+08:00'))).toBe(true);
    // 20:00 UTC on the 25th is already the 26th in China: late.
    expect(isLate('2023-10', schedule, new Date('2023-10-25T20:00:00Z'))).toBe(true);
    // Early is on time.
    expect(isLate('2023-10', schedule, new Date('2023-10-03T09:00:00+08:00'))).toBe(false);
  });

  it('uses the programme’s due day', () => {
    const early = { ...schedule, reportDueDay: 5 };
    expect(isLate('2023-10', early, new Date('2023-10-05T12:00:00+08:00'))).toBe(false);
    expect(isLate('2023-10', early, new Date('2023-10-06T00:00:00+08:00'))).toBe(true);
  });
});

describe('the months a programme owes', () => {
  const madeOn = (instant: string) => ({ ...schedule, createdAt: new Date(instant) });

  it('owes every month when set up before its year, or loaded after it ended (history)', () => {
    expect(owesReport('2023-01', schedule)).toBe(true);
    expect(owesReport('2023-01', madeOn('2026-12-07T09:00:00+08:00'))).toBe(true);
  });

  it('set up during its year, owes only the months whose report falls due after that, to the local day', () => {
    const march10 = madeOn('2023-03-10T09:00:00+08:00');
    expect(['2023-01', '2023-02', '2023-03', '2023-12'].map((month) => owesReport(month, march10))).toEqual([
      false,
      false,
      true,
      true,
    ]);
    // Set up on the due day itself, before its end: that month is still owed; the day after, it is not.
    expect(owesReport('2023-03', madeOn('2023-03-25T23:00:00+08:00'))).toBe(true);
    expect(owesReport('2023-03', madeOn('2023-03-26T00:00:00+08:00'))).toBe(false);
    // 2023-03-25 20:00 UTC is already the 26th in China.
    expect(owesReport('2023-03', madeOn('2023-03-25T20:00:00Z'))).toBe(false);
  });

  it('never counts a month it does not owe as late, however long after its day it is filed', () => {
    const march10 = madeOn('2023-03-10T09:00:00+08:00');
    expect(isLate('2023-01', march10, new Date('2023-12-01T09:00:00+08:00'))).toBe(false);
    expect(isLate('2023-03', march10, new Date('2023-03-26T09:00:00+08:00'))).toBe(true);
  });
});

describe('the report month', () => {
  const now = new Date('2023-10-31T16:30:00Z'); // 2023-11-01 00:30 in China

  it('may be any month from the programme’s January up to the current local month', () => {
    expect(invalidReportMonth('2023-01', schedule, now)).toEqual([]);
    expect(invalidReportMonth('2023-11', schedule, now)).toEqual([]);
  });

  it('may not be a month that has not begun, nor one before the programme year', () => {
    expect(invalidReportMonth('2023-12', schedule, now)).toEqual([
      { field: 'month', message: '不能报送尚未开始的月份的月报' },
    ]);
    expect(invalidReportMonth('2022-12', schedule, now)).toEqual([
      { field: 'month', message: '月份不能早于2023年1月（民生实事项目年度）' },
    ]);
  });
});

describe('status transitions', () => {
  it('lets the city return or accept a submitted report, and the county correct it', () => {
    expect(transition('submitted', 'return')).toEqual({ allowed: true, next: 'returned' });
    expect(transition('submitted', 'accept')).toEqual({ allowed: true, next: 'accepted' });
    expect(transition('submitted', 'resubmit')).toEqual({ allowed: true, next: 'submitted' });
  });

  it('sends a returned report back to submitted when the county resubmits, and nowhere else', () => {
    expect(transition('returned', 'resubmit')).toEqual({ allowed: true, next: 'submitted' });
    expect(transition('returned', 'accept')).toEqual({
      allowed: false,
      reason: '该月报已退回，须县级专班重新报送后才能审核通过',
    });
    expect(transition('returned', 'return')).toEqual({
      allowed: false,
      reason: '该月报已退回，须县级专班修改后重新报送',
    });
  });

  it('makes acceptance final', () => {
    for (const command of ['resubmit', 'return', 'accept'] as const) {
      expect(transition('accepted', command).allowed).toBe(false);
    }
    expect(transition('accepted', 'resubmit')).toEqual({
      allowed: false,
      reason: '该月报已审核通过，不能再修改、退回或重新报送',
    });
  });

  it('answers every command from every status, with a Chinese reason for each refusal', () => {
    for (const status of MONTHLY_REPORT_STATUSES) {
      for (const command of ['resubmit', 'return', 'accept'] as const) {
        const result = transition(status, command);
        if (!result.allowed) expect(result.reason).toMatch(/[\u4e00-\u9fff]/);
      }
    }
  });
});
