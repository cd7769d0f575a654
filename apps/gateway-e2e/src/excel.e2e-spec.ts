import { waitFor } from '@duban/testing';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { csvToXlsx, xlsxToCsv } from './libre-office';
import { System } from './system';

/**
 * The issue's Excel "done when", checked with LibreOffice (a program nobody here wrote), the five apps as
 * processes in demo mode: the exports open as the documents' tables; a cell changed in a file LibreOffice
 * saved imports as exactly that change, audited; a file with one bad row is refused with that row, column
 * and reason and writes nothing; the same file twice changes nothing the second time; a non-xlsx is a 400.
 * Two LibreOffice starts in all: every export to CSV in one, both edited CSVs back to xlsx in the other.
 */
describe('Excel exports and imports, end to end with LibreOffice', () => {
  let system: System;
  let dir: string;
  const csv: Record<'province' | 'lvliang' | 'funding' | 'groups', string[]> = {
    province: [],
    lvliang: [],
    funding: [],
    groups: [],
  };

  const tokens = new Map<string, string>();
  async function auth(username: string): Promise<Record<string, string>> {
    if (!tokens.has(username)) {
      const login = await system.request('/api/auth/login', {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ username, password: 'duban-demo' }),
      });
      tokens.set(username, login.body.accessToken);
    }
    return { authorization: `Bearer ${tokens.get(username)}` };
  }
  async function download(username: string, route: string, name: string): Promise<string> {
    const answer = await system.fetch(route, { headers: await auth(username) });
    expect(answer.status).toBe(200);
    expect(answer.headers.get('content-type')).toContain('spreadsheetml');
    const file = path.join(dir, name);
    await writeFile(file, Buffer.from(await answer.arrayBuffer()));
    return file;
  }
  async function upload(username: string, file: string, mode = 'all-or-nothing') {
    const form = new FormData();
    form.append('file', new Blob([await readFile(file)]), path.basename(file));
    return system.call(username, `/api/imports/task-list?mode=${mode}`, { method: 'POST', body: form });
  }
  async function query<T>(sql: string, values: unknown[] = []): Promise<T[]> {
    const client = new Client({ connectionString: system.env.DUBAN_DATABASE_URL });
    await client.connect();
    try {
      return (await client.query(sql, values)).rows as T[];
    } finally {
      await client.end();
    }
  }
  const written = async () =>
    (
      await query<{ audit: number; outbox: number; version: number }>(`
        SELECT (SELECT count(*) FROM projects.audit_log WHERE outcome = 'done')::int AS audit,
               (SELECT count(*) FROM projects.outbox)::int AS outbox,
               (SELECT sum(version) FROM projects.county_project)::int AS version`)
    )[0];
  /** The CSV line of a county; the lines of these tables hold no quoted commas below 1,000万元. */
  const lineOf = (lines: string[], county: string) => lines.findIndex((line) => line.split(',')[2] === county);

  beforeAll(async () => {
    system = await System.start('excel', { DUBAN_DEMO: 'true' });
    dir = await mkdtemp(path.join(tmpdir(), 'duban-excel-'));
    // The demo's allocations arrive by events: 附件4 is complete once the province's 9,320.00 are allocated.
    await waitFor(
      'the demo allocations',
      () => system.call('province', '/api/funding/rollup?region=140000'),
      (answer) => answer.status === 200 && answer.body.region.all.allocatedWan === '9320.00',
      { timeoutMs: 90_000, intervalMs: 500 },
    );
    const files = [
      await download('province', '/api/exports/task-list.xlsx?region=140000', 'province.xlsx'),
      await download('lvliang', '/api/exports/task-list.xlsx?region=141100', 'lvliang.xlsx'),
      await download('province', '/api/exports/funding.xlsx?region=140000', 'funding.xlsx'),
      await download('lvliang', '/api/exports/leading-groups.xlsx?region=141100', 'groups.xlsx'),
    ];
    const [province, lvliang, funding, groups] = await xlsxToCsv(files, dir);
    csv.province = (await readFile(province as string, 'utf8')).split(/\r?\n/);
    csv.lvliang = (await readFile(lvliang as string, 'utf8')).split(/\r?\n/);
    csv.funding = (await readFile(funding as string, 'utf8')).split(/\r?\n/);
    csv.groups = (await readFile(groups as string, 'utf8')).split(/\r?\n/);
  }, 240_000);

  afterAll(async () => {
    await system?.stop();
  });

  it('exports 附件1 of the province as the documents lay it out: headings, 栏目说明, 117 numbered counties', () => {
    const lines = csv.province;
    expect(lines[0]).toMatch(/^附件1,/);
    expect(lines[1]).toMatch(/^任务分解清单,/);
    expect(lines[2]).toMatch(/^报送单位（公章）：,/);
    expect(lines[3]).toMatch(/^县级专班负责人（签名）：,/);
    expect(lines[4]).toBe(
      '序号,市别,县(市、区),人口基数,应规划室内场所面积,省级支持资金,市级配套资金,县级配套资金,建设类型,目前建设进度,' +
        '室内服务场所实际面积,项目详细地址,本月工作内容,工作困难难点,意见建议,当月提供零工岗位数,当月服务零工人次,' +
        '当月达成意向上岗人次,区划代码',
    );
    expect(lines[5]).toMatch(/^栏目说明：,,字体加粗的县为各市上报就业公共服务机构没有招聘大厅的县（市、区）,摘自/);
    const counties = lines.slice(6).filter((line) => /^\d+,/.test(line));
    expect(counties).toHaveLength(117);
    expect(counties.map((line) => Number(line.split(',')[0]))).toEqual(Array.from({ length: 117 }, (_, i) => i + 1));
    expect(counties.find((line) => line.split(',')[2] === '临县')).toMatch(
      /^\d+,吕梁市,临县,389906,150\+,60\.00,0\.00,0\.00,/,
    );
  });

  it('exports 附件4 with the province line first: 9,320.00 = 3,470.00 + 5,850.00, and 临县 60.00', () => {
    const lines = csv.funding;
    expect(lines[1]).toMatch(/^省级资金安排分配表,/);
    expect(lines[3]).toBe(
      '序号,市别,县(市区),人口基数,财政专项资金/万元 (基础建设),就业资金/万元 (能力建设),合计/万元,市级配套/万元,县级配套/万元',
    );
    expect(lines[4]).toBe('全省总计,,117,34804758,"3,470.00","5,850.00","9,320.00",0.00,0.00');
    expect(lines.filter((line) => /^\d+,/.test(line))).toHaveLength(117);
    expect(lines.find((line) => line.split(',')[2] === '临县')).toMatch(
      /,吕梁市,临县,389906,10\.00,50\.00,60\.00,0\.00,0\.00$/,
    );
  });

  it('exports the leading groups: 临县’s as the 工作机制 document names them', () => {
    expect(csv.groups[3]).toBe('序号,市别,县(市、区),姓名,小组职务,职务,单位,手机,退订短信,登录账号,区划代码');
    const linxian = csv.groups
      .filter((line) => line.split(',')[2] === '临县')
      .map((line) => line.split(',').slice(3, 5).join(' '));
    expect(linxian).toEqual([
      '张振玉 组长',
      '赵碧龙 副组长',
      '刘星 副组长',
      '李淑云 成员',
      '刘新升 成员',
      '刘晓龙 成员',
    ]);
  });

  it('imports a file LibreOffice saved: one cell changed changes that field alone, audited; twice changes nothing; one bad row writes nothing', async () => {
    const lines = [...csv.lvliang];
    const at = lineOf(lines, '临县');
    const cells = (lines[at] as string).split(',');
    expect(cells).toHaveLength(19);
    cells[10] = '260'; // 室内服务场所实际面积
    await writeFile(
      path.join(dir, 'edited.csv'),
      [...lines.slice(0, at), cells.join(','), ...lines.slice(at + 1)].join('\n'),
    );
    const bad = [...cells];
    bad[8] = '翻新'; // 建设类型
    await writeFile(
      path.join(dir, 'bad.csv'),
      [...lines.slice(0, at), bad.join(','), ...lines.slice(at + 1)].join('\n'),
    );
    const out = await mkdtemp(path.join(tmpdir(), 'duban-excel-saved-'));
    // 应规划室内场所面积 (column 5) as text, so that 150+ stays 150+.
    const [edited, refused] = await csvToXlsx([path.join(dir, 'edited.csv'), path.join(dir, 'bad.csv')], out, [5]);
    const sheetRow = at + 1;

    const before = await written();
    const bodyOf = await upload('lvliang', refused as string);
    expect(bodyOf.status).toBe(400);
    expect(bodyOf.headers.get('content-type')).toContain('application/problem+json');
    expect(bodyOf.body.errors).toEqual([
      { field: `第 ${sheetRow} 行 建设类型`, message: '应为 新建、改建 之一（填写的是“翻新”）' },
    ]);
    expect(await written()).toEqual(before);

    const preview = await upload('lvliang', edited as string, 'preview');
    expect(preview.body).toMatchObject({ applied: false, rows: 13, changedRows: 1, unchangedRows: 12, errorRows: 0 });
    expect(await written()).toEqual(before);

    const first = await upload('lvliang', edited as string);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ applied: true, changedRows: 1, unchangedRows: 12, problems: [] });
    expect(first.body.changes).toEqual([
      {
        row: sheetRow,
        regionCode: '141124',
        countyName: '临县',
        changes: [{ column: '室内服务场所实际面积', before: '', after: '260' }],
      },
    ]);
    expect(await written()).toEqual({
      audit: before.audit + 1,
      outbox: before.outbox + 1,
      version: before.version + 1,
    });
    const audit = await query<{ actor_username: string; before: unknown; after: unknown }>(
      `SELECT actor_username, before, after FROM projects.audit_log WHERE action = 'project.import' AND outcome = 'done'`,
    );
    expect(audit).toEqual([
      {
        actor_username: 'lvliang',
        before: { actualAreaM2: null },
        after: { actualAreaM2: 260, version: expect.any(Number) },
      },
    ]);

    const second = await upload('lvliang', edited as string);
    expect(second.body).toMatchObject({ applied: false, changedRows: 0, unchangedRows: 13 });
    expect(await written()).toEqual({
      audit: before.audit + 1,
      outbox: before.outbox + 1,
      version: before.version + 1,
    });
  });

  it('answers a file that is not an xlsx with a 400 naming the file', async () => {
    const notXlsx = await upload('lvliang', path.join(dir, 'edited.csv'));
    expect(notXlsx.status).toBe(400);
    expect(notXlsx.body).toMatchObject({
      status: 400,
      errors: [{ field: 'file', message: expect.stringContaining('xlsx') }],
    });
    const broken = path.join(dir, 'broken.xlsx');
    await writeFile(broken, Buffer.concat([Buffer.from('PK\x03\x04'), Buffer.alloc(64, 7)]));
    expect((await upload('lvliang', broken)).status).toBe(400);
  });
});
