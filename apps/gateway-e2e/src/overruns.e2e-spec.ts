import { addDays, defaultCalendar, endOfLocalDay, localDateOf, type LocalDate } from '@duban/calendar';
import { pdfText, waitFor } from '@duban/testing';
import { Workbook } from 'exceljs';
import { System } from './system';

/**
 * Issue 14's done-when: a milestone completed 3 working days late appears in the 超时倒查 ranking with 3, and
 * its responsible officers with it (the five apps as processes, over HTTP); and a 催办 reaches the responsible
 * officer's inbox at once, at most once an hour.
 */
describe('超时倒查 and 催办 end to end (five apps as processes, real Postgres, Redis, NATS)', () => {
  let system: System;
  let projectId: string;
  let officers: { id: string; name: string }[];
  let dueDay: LocalDate;

  /** The latest working day with exactly 3 working days after it up to today (today counted). */
  function threeWorkingDaysBefore(today: LocalDate): LocalDate {
    const calendar = defaultCalendar();
    let day = addDays(today, -1);
    while (!(calendar.isWorkingDay(day) && calendar.workingDaysBetween(day, today) === 3)) day = addDays(day, -1);
    return day;
  }

  const post = (username: string, path: string, body: unknown) =>
    system.call(username, path, { method: 'POST', body: JSON.stringify(body) });

  beforeAll(async () => {
    system = await System.start('overruns', { DUBAN_DEMO: 'true' });
    projectId = await system.linxianProjectId();
    officers = (await system.call('linxian', `/api/projects/${projectId}/officers`)).body;
    // Five apps starting on a shared machine may take a while.
  }, 240_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('ranks 临县 with 3 working days for a milestone completed 3 working days late, with its two officers', async () => {
    dueDay = threeWorkingDaysBefore(localDateOf(new Date()));
    const answerable = officers.filter((officer) => ['刘星', '刘晓龙'].includes(officer.name));
    const created = await post('linxian', `/api/projects/${projectId}/milestones`, {
      title: '完成招聘大厅设备安装',
      dueAt: endOfLocalDay(dueDay).toISOString(),
      responsibleOfficerIds: answerable.map((officer) => officer.id),
      reminderPlan: ['PT0S'],
    });
    expect(created.status).toBe(201);
    const done = await post('linxian', `/api/milestones/${created.body.id}/complete`, {
      evidence: { text: '设备已安装调试完毕' },
    });
    expect(done.status).toBe(200);

    const query = `region=141100&from=${dueDay}&to=${dueDay}`;
    const report = await system.call('lvliang', `/api/overruns?${query}`);
    expect(report.status).toBe(200);
    expect(report.body.counties[0]).toMatchObject({
      rank: 1,
      regionName: '临县',
      count: 1,
      open: 0,
      totalWorkingDaysLate: 3,
      worstWorkingDaysLate: 3,
    });
    expect(report.body.counties).toHaveLength(13);
    expect(
      report.body.officers
        .map((o: { name: string; totalWorkingDaysLate: number }) => [o.name, o.totalWorkingDaysLate])
        .sort(),
    ).toEqual([
      ['刘星', 3],
      ['刘晓龙', 3],
    ]);
    expect(report.body.items).toEqual([
      expect.objectContaining({
        title: '完成招聘大厅设备安装',
        status: 'done',
        workingDaysLate: 3,
        overdueSince: null,
        answerable: expect.arrayContaining(answerable.map((o) => expect.objectContaining({ officerId: o.id }))),
        reminders: expect.any(Array),
      }),
    ]);
    expect(report.body.remindersKnown).toBe(true);

    // The same in the exports.
    const xlsx = await system.fetch(`/api/exports/overruns.xlsx?${query}`, {
      headers: { authorization: `Bearer ${await system.tokenFor('lvliang')}` },
    });
    expect(xlsx.status).toBe(200);
    const workbook = new Workbook();
    await workbook.xlsx.load(Buffer.from(await xlsx.arrayBuffer()) as unknown as ArrayBuffer);
    const ranking = workbook.getWorksheet('县区排名')!;
    expect((ranking.getRow(4).values as unknown[]).slice(1)).toEqual([1, '临县', '141124', 1, 0, 3, 3]);
    // The 12 counties on time share the next place.
    const onTime = Array.from({ length: 12 }, (_, i) => (ranking.getRow(5 + i).values as unknown[])[1]);
    expect(onTime).toEqual(Array(12).fill(2));
    const detail = workbook.getWorksheet('超时明细')!.getRow(4).values as unknown[];
    expect(detail[2]).toBe('完成招聘大厅设备安装');
    expect(detail[5]).toBe(3);
    const pdf = await system.fetch(`/api/reports/overruns.pdf?${query}`, {
      headers: { authorization: `Bearer ${await system.tokenFor('lvliang')}` },
    });
    expect(pdf.status).toBe(200);
    const text = pdfText(Buffer.from(await pdf.arrayBuffer()));
    expect(text).toContain('吕梁市超时倒查');
    // A long title wraps inside its table cell, and text extraction reads the row's other cells between its lines.
    expect(text).toMatch(/完成招聘大厅设备[\s\S]*安装/);
    expect(text.replace(/\s+/g, '')).toContain('刘星（副组长）、刘晓龙（成员）');
  });

  it('keeps 太原 out of 吕梁’s report and refuses a period backwards, naming the field', async () => {
    expect((await system.call('taiyuan', `/api/overruns?region=141100&from=${dueDay}&to=${dueDay}`)).status).toBe(404);
    const backwards = await system.call('lvliang', '/api/overruns?region=141100&from=2023-12-31&to=2023-01-01');
    expect(backwards.status).toBe(400);
    expect(backwards.body.errors).toEqual([{ field: 'to', message: '结束日期不能早于开始日期' }]);
  });

  it('a 催办 from 吕梁 reaches 刘星’s inbox at once; a second within the hour is refused with the reason', async () => {
    const milestones: { id: string; key: string; title: string }[] = (
      await system.call('linxian', `/api/projects/${projectId}/milestones`)
    ).body;
    const site = milestones.find((milestone) => milestone.key === 'site')!;
    const urged = await post('lvliang', `/api/milestones/${site.id}/urge`, { message: '请本周内完成选址' });
    expect(urged.status).toBe(201);
    const inbox = await waitFor(
      '刘星 told',
      async () =>
        (await system.call('linxian', '/api/me/notifications')).body.items as { stage: string; title: string }[],
      (items) => items.some((item) => item.stage.startsWith('urge-')),
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    expect(inbox.filter((item) => item.stage.startsWith('urge-')).map((item) => item.title)).toEqual([
      `【催办】临县「${site.title}」`,
    ]);
    const again = await post('lvliang', `/api/milestones/${site.id}/urge`, {});
    expect(again.status).toBe(409);
    expect(again.body.detail).toMatch(/同一节点每小时最多催办一次/);
    const oversight = await system.call('linxian', `/api/milestones/${site.id}/oversight`);
    expect(oversight.body.urges).toHaveLength(1);
  });
});
