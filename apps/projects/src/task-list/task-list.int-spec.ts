import {
  GetTaskListRpc,
  ImportTaskListRpc,
  ProjectUpdated,
  SubmitMonthlyReportRpc,
  type TaskListImportRow,
} from '@duban/contracts';
import { demoActors as actors, LINXIAN, LISHI } from '@duban/testing';
import { startProjectsSandbox, type ProjectsSandbox } from '../__fixtures__/projects-sandbox';

/** A row as the gateway reads it from a 附件1 sheet: 临县's (or another county's) construction columns. */
function row(number: number, fields: Partial<TaskListImportRow> = {}): TaskListImportRow {
  return {
    row: number,
    regionCode: null,
    cityName: '吕梁市',
    countyName: '临 县',
    values: {
      plannedAreaM2: 150,
      plannedAreaAtLeast: true,
      constructionType: 'renovation',
      progress: null,
      actualAreaM2: 180,
      address: null,
    },
    cells: { plannedAreaM2: '150+', constructionType: '改建', progress: '', actualAreaM2: '180', address: '' },
    unreadable: [],
    ...fields,
  };
}

describe('task list (附件1) over RPC: read for the export, import rows (real Postgres and NATS, demo data)', () => {
  let sandbox: ProjectsSandbox;

  beforeAll(async () => {
    sandbox = await startProjectsSandbox('tasklist');
  });

  afterAll(async () => {
    await sandbox?.close();
  });

  const counts = async () => {
    const [counted] = await sandbox.db.query<{ outbox: number; audit: number; version: number }>(`
      SELECT (SELECT count(*) FROM projects.outbox WHERE subject = '${ProjectUpdated.type}')::int AS outbox,
             (SELECT count(*) FROM projects.audit_log WHERE outcome = 'done')::int AS audit,
             (SELECT sum(version) FROM projects.county_project)::int AS version`);
    return counted;
  };
  const linxian = async () =>
    (
      await sandbox.db.query<{ actual: number | null; type: string | null }>(
        `SELECT actual_area_m2 AS actual, construction_type AS type FROM projects.county_project WHERE region_code = $1`,
        [LINXIAN],
      )
    )[0];

  it('reads a region: the province 117 counties, a county officer only its own, with the month asked for', async () => {
    const province = await sandbox.rpc.call(GetTaskListRpc, { actor: actors.province, region: '140000' });
    expect(province.rows).toHaveLength(117);
    expect(province.regionName).toBe('山西省');
    expect(province.rows.find((r) => r.regionCode === LINXIAN)).toMatchObject({
      cityName: '吕梁市',
      countyName: '临县',
      population: 389906,
      plannedAreaM2: 150,
      plannedAreaAtLeast: true,
      report: null,
    });
    await sandbox.rpc.call(SubmitMonthlyReportRpc, {
      actor: actors.linxian,
      projectId: province.rows.find((r) => r.regionCode === LINXIAN)?.projectId as string,
      month: '2023-10',
      constructionType: 'new',
      progress: 'built',
      workContent: '试运行',
      difficulties: '',
      suggestions: '',
      gigJobsOffered: 12,
      gigWorkerVisits: 30,
      placements: 4,
    });
    const own = await sandbox.rpc.call(GetTaskListRpc, { actor: actors.linxian, region: '141100', month: '2023-10' });
    expect(own.rows.map((r) => [r.countyName, r.report?.gigJobsOffered])).toEqual([['临县', 12]]);
    await expect(sandbox.rpc.call(GetTaskListRpc, { actor: actors.linxian, region: '140100' })).rejects.toMatchObject({
      code: 'not_found',
    });
  });

  it('previews without writing, applies once with event and audit, and a second import changes nothing', async () => {
    const before = await counts();
    const preview = await sandbox.rpc.call(ImportTaskListRpc, {
      actor: actors.linxian,
      mode: 'preview',
      rows: [row(7)],
    });
    expect(preview).toMatchObject({ applied: false, rows: 1, changedRows: 1, errorRows: 0, problems: [] });
    expect(preview.changes).toEqual([
      {
        row: 7,
        regionCode: LINXIAN,
        countyName: '临县',
        changes: expect.arrayContaining([
          { column: '建设类型', before: '', after: '改建' },
          { column: '室内服务场所实际面积', before: '', after: '180' },
        ]),
      },
    ]);
    expect(await counts()).toEqual(before);

    const applied = await sandbox.rpc.call(ImportTaskListRpc, {
      actor: actors.linxian,
      mode: 'all-or-nothing',
      rows: [row(7)],
    });
    expect(applied).toMatchObject({ applied: true, changedRows: 1 });
    expect(await linxian()).toEqual({ actual: 180, type: 'renovation' });
    const after = await counts();
    expect(after).toEqual({ outbox: before.outbox + 1, audit: before.audit + 1, version: before.version + 1 });
    const [audit] = await sandbox.db.query<{ username: string; before: unknown; after: unknown }>(
      `SELECT actor_username AS username, before, after FROM projects.audit_log
        WHERE action = 'project.import' AND outcome = 'done' ORDER BY id DESC LIMIT 1`,
    );
    expect(audit).toMatchObject({
      username: 'linxian',
      before: { constructionType: null, actualAreaM2: null },
      after: { constructionType: 'renovation', actualAreaM2: 180 },
    });

    const again = await sandbox.rpc.call(ImportTaskListRpc, {
      actor: actors.linxian,
      mode: 'all-or-nothing',
      rows: [row(7)],
    });
    expect(again).toMatchObject({ applied: false, changedRows: 0, unchangedRows: 1, problems: [] });
    expect(await counts()).toEqual(after);
  });

  it('refuses a file with one bad row, naming row, column, value and reason, and writes nothing', async () => {
    const before = await counts();
    const rows = [
      row(7, { values: { ...row(7).values, actualAreaM2: 200 }, cells: { ...row(7).cells, actualAreaM2: '200' } }),
      row(8, {
        countyName: '离石区',
        values: { constructionType: 'new', actualAreaM2: -5 },
        cells: { constructionType: '新建', actualAreaM2: '-5' },
      }),
    ];
    await expect(
      sandbox.rpc.call(ImportTaskListRpc, { actor: actors.lvliang, mode: 'all-or-nothing', rows }),
    ).rejects.toMatchObject({
      code: 'validation_failed',
      errors: [{ field: '第 8 行 室内服务场所实际面积', message: expect.stringContaining('“-5”') }],
    });
    expect(await counts()).toEqual(before);
    expect((await linxian())?.actual).toBe(180);

    // The user may choose to apply the valid rows: the bad one is still reported.
    const report = await sandbox.rpc.call(ImportTaskListRpc, { actor: actors.lvliang, mode: 'valid-rows', rows });
    expect(report).toMatchObject({
      applied: true,
      changedRows: 1,
      errorRows: 1,
      problems: [{ row: 8, column: '室内服务场所实际面积', value: '-5', reason: expect.any(String) }],
    });
    expect((await linxian())?.actual).toBe(200);
    expect(await counts()).toMatchObject({ outbox: before.outbox + 1, audit: before.audit + 1 });
  });

  it('refuses per row what lies outside the scope or the role, unknown and repeated counties', async () => {
    const before = await counts();
    const report = await sandbox.rpc.call(ImportTaskListRpc, {
      actor: actors.linxian,
      mode: 'valid-rows',
      rows: [
        row(7, { values: { population: 400000 }, cells: { population: '400000' } }),
        row(8, { countyName: '离石区', regionCode: LISHI }),
        row(9, { countyName: '不存在县' }),
        row(10, { values: {}, cells: {} }),
      ],
    });
    expect(report.problems).toEqual([
      { row: 7, column: '人口基数', value: '400000', reason: '县级专班不能修改：人口基数' },
      { row: 8, column: '县(市、区)', value: '离石区', reason: '该县（市、区）不在您的权限范围内' },
      { row: 9, column: '县(市、区)', value: '不存在县', reason: '找不到名为 不存在县 的县（市、区）' },
      { row: 10, column: '县(市、区)', value: '临县', reason: '与第 7 行是同一县（市、区）' },
    ]);
    expect(report).toMatchObject({ applied: false, changedRows: 0, errorRows: 4 });
    expect(await counts()).toEqual(before);
    const [denied] = await sandbox.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM projects.audit_log WHERE action = 'project.import' AND outcome = 'denied' AND target_id = $1`,
      [LISHI],
    );
    expect(denied?.n).toBe(1);
    await expect(
      sandbox.rpc.call(ImportTaskListRpc, { actor: actors.zhangzhenyu, mode: 'preview', rows: [row(7)] }),
    ).rejects.toMatchObject({ code: 'forbidden' });
  });
});
