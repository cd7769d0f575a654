import { GetCalendarYearRpc, ListCalendarYearsRpc, PutCalendarYearRpc } from '@duban/contracts';
import { demoActors } from '@duban/testing';
import { sentAs, startGatewaySandbox, type GatewaySandbox } from '../core/__fixtures__/gateway-sandbox';

const SUBJECTS = [ListCalendarYearsRpc, GetCalendarYearRpc, PutCalendarYearRpc].map((rpc) => rpc.subject);

const year2027 = {
  year: 2027,
  source: '测试通知',
  daysOff: [{ date: '2027-01-01', name: '元旦' }],
  workdays: [{ date: '2027-03-27', name: '调休上班' }],
  counts: { daysOff: 1, workdays: 1 },
  loadedAt: '2027-03-01T00:00:00.000Z',
  loadedBy: 'province',
};

describe('calendar routes (gateway, notifications service stubbed)', () => {
  let sandbox: GatewaySandbox;

  beforeAll(async () => {
    sandbox = await startGatewaySandbox('gwcalendars', SUBJECTS);
    sandbox.answer(ListCalendarYearsRpc.subject, {
      ok: true,
      data: { items: [{ ...year2027, daysOff: 1, workdays: 1, counts: undefined }] },
    });
    sandbox.answer(GetCalendarYearRpc.subject, { ok: true, data: year2027 });
    sandbox.answer(PutCalendarYearRpc.subject, {
      ok: true,
      data: { ...year2027, previous: null, replannedDeadlines: 1 },
    });
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const sentTotal = () => SUBJECTS.reduce((acc, subject) => acc + (sandbox.received.get(subject)?.length ?? 0), 0);

  it('lists and shows years to anyone signed in, the year as a number', async () => {
    expect(await sandbox.call('GET', '/api/calendars', undefined, 'linxian')).toMatchObject({
      status: 200,
      body: { items: [{ year: 2027, daysOff: 1, workdays: 1 }] },
    });
    expect(await sandbox.call('GET', '/api/calendars/2027', undefined, 'linxian')).toMatchObject({
      status: 200,
      body: { year: 2027, workdays: [{ date: '2027-03-27' }] },
    });
    expect(sandbox.received.get(GetCalendarYearRpc.subject)?.at(-1)).toEqual({
      actor: expect.objectContaining(sentAs(demoActors.linxian)),
      year: 2027,
    });
  });

  it('passes a province admin’s load on, with the year from the path', async () => {
    const body = { daysOff: ['2027-01-01'], workdays: ['2027-03-27'], source: '测试通知' };
    const answer = await sandbox.call('PUT', '/api/calendars/2027', body, 'province');
    expect(answer).toMatchObject({ status: 200, body: { year: 2027, replannedDeadlines: 1 } });
    expect(sandbox.received.get(PutCalendarYearRpc.subject)?.at(-1)).toEqual({
      actor: expect.objectContaining(sentAs(demoActors.province)),
      year: 2027,
      ...body,
    });
    const file = '元旦：放假 2027-01-01';
    expect((await sandbox.call('PUT', '/api/calendars/2027', { file }, 'province')).status).toBe(200);
    expect(sandbox.received.get(PutCalendarYearRpc.subject)?.at(-1)).toMatchObject({ year: 2027, file });
  });

  it('refuses a load by anyone but the province admin (403) without asking the service', async () => {
    const before = sentTotal();
    for (const username of ['lvliang', 'linxian']) {
      const answer = await sandbox.call('PUT', '/api/calendars/2027', { daysOff: ['2027-01-01'] }, username);
      expect(answer.status).toBe(403);
    }
    expect(sentTotal()).toBe(before);
  });

  it.each([
    ['a year that is not four digits', '/api/calendars/27', { daysOff: ['2027-01-01'] }, 'year'],
    ['days off that are not a list', '/api/calendars/2027', { daysOff: '2027-01-01' }, 'daysOff'],
    ['neither days off nor a file', '/api/calendars/2027', { workdays: [] }, 'daysOff'],
    ['both a file and lists', '/api/calendars/2027', { file: 'x', daysOff: ['2027-01-01'] }, 'file'],
    ['an unknown field', '/api/calendars/2027', { daysOff: ['2027-01-01'], holidays: [] }, '(body)'],
  ] as const)('answers 400 naming the field for %s, in Chinese, and asks no service', async (_l, url, body, field) => {
    const before = sentTotal();
    const answer = await sandbox.call('PUT', url, body, 'province');
    expect(answer.status).toBe(400);
    expect(answer.type).toContain('application/problem+json');
    const error = answer.body.errors.find((e: { field: string }) => e.field === field);
    expect(error?.message).toMatch(/[\u4e00-\u9fff]/);
    expect(sentTotal()).toBe(before);
  });

  it('passes the service’s 400 on with its fields', async () => {
    sandbox.answer(PutCalendarYearRpc.subject, {
      ok: false,
      error: {
        code: 'validation_failed',
        message: '节假日安排有误，未加载',
        errors: [{ field: 'workdays.0', message: '2027-03-24 是星期三，调休上班日只能是星期六或星期日' }],
      } as never,
    });
    const answer = await sandbox.call(
      'PUT',
      '/api/calendars/2027',
      { daysOff: ['2027-01-01'], workdays: ['2027-03-24'] },
      'province',
    );
    expect(answer).toMatchObject({
      status: 400,
      body: { errors: [{ field: 'workdays.0', message: '2027-03-24 是星期三，调休上班日只能是星期六或星期日' }] },
    });
  });
});
