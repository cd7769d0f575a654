import { waitFor } from '@duban/testing';
import { Client } from 'pg';
import { System, type HttpAnswer } from './system';

/**
 * Issue 3's "done when", through the real gateway and services with the demo data, and the generated
 * scope matrix: every route × every role × a target inside and one outside the caller's scope.
 */
describe('county projects behind the gateway (demo data)', () => {
  let system: System;
  const tokens = new Map<string, string>();
  const projectIds = new Map<string, string>();

  async function login(username: string): Promise<string> {
    const cached = tokens.get(username);
    if (cached) return cached;
    const { status, body } = await system.request('/api/auth/login', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username, password: 'duban-demo' }),
    });
    expect(status).toBe(200);
    tokens.set(username, body.accessToken);
    return body.accessToken;
  }

  async function as(username: string, method: string, path: string, body?: unknown): Promise<HttpAnswer> {
    const headers: Record<string, string> = { authorization: `Bearer ${await login(username)}` };
    if (body !== undefined) headers['content-type'] = 'application/json';
    return system.request(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  async function auditRows(outcome: string): Promise<{ action: string; actor_username: string; target_id: string }[]> {
    const client = new Client({ connectionString: system.env.DUBAN_DATABASE_URL });
    await client.connect();
    try {
      const { rows } = await client.query(
        'SELECT action, actor_username, target_id FROM projects.audit_log WHERE outcome = $1 ORDER BY id',
        [outcome],
      );
      return rows;
    } finally {
      await client.end();
    }
  }

  beforeAll(async () => {
    system = await System.start('projects', { DUBAN_DEMO: 'true' });
    // The services answer health before the demo data has finished loading.
    const { body } = await waitFor(
      'the demo programme',
      () => as('province', 'GET', '/api/projects?region=140000'),
      (answer) => answer.status === 200 && answer.body.length === 117,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    for (const project of body as { id: string; regionCode: string }[]) projectIds.set(project.regionCode, project.id);
  });

  afterAll(async () => {
    await system?.stop();
  });

  const LINXIAN = '141124';
  const LISHI = '141102';
  const XIAODIAN = '140105';

  describe('done when', () => {
    it('linxian sees 临县 with its eight 2023 milestones and the leading group of the documents', async () => {
      const list = await as('linxian', 'GET', '/api/projects?region=140000');
      expect(list.status).toBe(200);
      expect(list.body.map((p: { regionCode: string }) => p.regionCode)).toEqual([LINXIAN]);

      const project = await as('linxian', 'GET', `/api/projects/${projectIds.get(LINXIAN)}`);
      expect(project.body).toMatchObject({ regionCode: LINXIAN, name: '临县公益性零工市场', population: 389906 });

      const milestones = await as('linxian', 'GET', `/api/projects/${projectIds.get(LINXIAN)}/milestones`);
      expect(milestones.body.map((m: { key: string; dueDate: string }) => `${m.key} ${m.dueDate}`)).toEqual([
        'plan 2023-03-31',
        'site 2023-03-31',
        'push 2023-04-30',
        'build 2023-05-31',
        'built 2023-07-31',
        'trial 2023-08-31',
        'accept 2023-10-31',
        'finish 2023-12-31',
      ]);

      const officers = await as('linxian', 'GET', `/api/projects/${projectIds.get(LINXIAN)}/officers`);
      expect(
        officers.body.map(
          (o: { name: string; roleLabel: string; title: string }) => `${o.roleLabel} ${o.name} ${o.title}`,
        ),
      ).toEqual([
        '组长 张振玉 县人力资源和社会保障局局长',
        '副组长 赵碧龙 县人力资源和社会保障局副局长',
        '副组长 刘星 县创业就业服务中心主任',
        '成员 李淑云 县人力资源和社会保障局办公室主任',
        '成员 刘新升 县人力资源和社会保障局就业管理股股长',
        '成员 刘晓龙 县创业就业服务中心副主任',
      ]);
    });

    it('linxian cannot see 离石区 (404), completes a milestone, files a report that lvliang returns and then accepts', async () => {
      expect((await as('linxian', 'GET', `/api/projects/${projectIds.get(LISHI)}`)).status).toBe(404);

      const milestones = await as('linxian', 'GET', `/api/projects/${projectIds.get(LINXIAN)}/milestones`);
      const plan = milestones.body.find((m: { key: string }) => m.key === 'plan');
      const completed = await as('linxian', 'POST', `/api/milestones/${plan.id}/complete`, {
        evidence: { text: '《临县公益性零工市场建设方案》已经县政府审批同意，已发文报市局。' },
      });
      expect(completed.status).toBe(200);
      expect(completed.body).toMatchObject({ status: 'done', light: 'done', completedBy: 'linxian' });

      const report = {
        month: '2023-10',
        constructionType: 'new',
        progress: 'built',
        actualAreaM2: 160,
        address: '临县临泉镇',
        workContent: '市场试运行，组织专场招聘会一场。',
        gigJobsOffered: 120,
        gigWorkerVisits: 300,
        placements: 45,
      };
      const submitted = await as('linxian', 'POST', `/api/projects/${projectIds.get(LINXIAN)}/reports`, report);
      expect(submitted.status).toBe(201);
      expect(submitted.body).toMatchObject({ status: 'submitted', month: '2023-10' });
      const reportId = submitted.body.id;

      expect((await as('linxian', 'POST', `/api/reports/${reportId}/accept`, {})).status).toBe(403);
      const returned = await as('lvliang', 'POST', `/api/reports/${reportId}/return`, {
        comment: '请补充招聘会的具体日期。',
      });
      expect(returned.body).toMatchObject({ status: 'returned', reviewComment: '请补充招聘会的具体日期。' });

      const { month: _month, ...fields } = report;
      const resubmitted = await as('linxian', 'PUT', `/api/reports/${reportId}`, {
        ...fields,
        workContent: '市场试运行，10月18日组织专场招聘会一场。',
      });
      expect(resubmitted.body).toMatchObject({ status: 'submitted' });
      const accepted = await as('lvliang', 'POST', `/api/reports/${reportId}/accept`, {});
      expect(accepted.body).toMatchObject({ status: 'accepted' });

      const done = await auditRows('done');
      const writes = done.filter((row) => row.actor_username === 'linxian' || row.actor_username === 'lvliang');
      expect(writes.map((row) => `${row.actor_username} ${row.action}`)).toEqual([
        'linxian milestone.complete',
        'linxian monthly_report.submit',
        'lvliang monthly_report.return',
        'linxian monthly_report.resubmit',
        'lvliang monthly_report.accept',
      ]);
    });

    it("shows lvliang 吕梁市's 13 counties on the dashboard", async () => {
      const { status, body } = await as('lvliang', 'GET', '/api/dashboard?region=141100');
      expect(status).toBe(200);
      expect(body.children).toHaveLength(13);
      expect(body.children.map((c: { region: { code: string } }) => c.region.code)).toContain(LINXIAN);
      expect((await as('lvliang', 'GET', '/api/dashboard?region=140100')).status).toBe(404);
    });
  });

  describe('scope matrix', () => {
    /** Each demo account, a county inside its scope and one outside (none for the province). */
    const ROLES: { username: string; inside: string; outside: string | null; writes: boolean }[] = [
      { username: 'province', inside: LINXIAN, outside: null, writes: true },
      { username: 'lvliang', inside: LINXIAN, outside: XIAODIAN, writes: true },
      { username: 'taiyuan', inside: XIAODIAN, outside: LINXIAN, writes: true },
      { username: 'linxian', inside: LINXIAN, outside: LISHI, writes: true },
      { username: 'lishi', inside: LISHI, outside: LINXIAN, writes: true },
      { username: 'zhangzhenyu', inside: LINXIAN, outside: LISHI, writes: false },
      { username: 'inspector', inside: LINXIAN, outside: XIAODIAN, writes: false },
    ];
    /** Read routes of one county's project. */
    const READS = [
      (id: string) => `/api/projects/${id}`,
      (id: string) => `/api/projects/${id}/officers`,
      (id: string) => `/api/projects/${id}/milestones`,
      (id: string) => `/api/projects/${id}/reports`,
    ];
    /** Writes a caller outside the scope must never reach, and leading members and inspectors may not make. */
    const WRITES: { method: string; path: (id: string) => string; body: unknown }[] = [
      { method: 'PATCH', path: (id) => `/api/projects/${id}`, body: { address: '不应写入的地址' } },
      {
        method: 'POST',
        path: (id) => `/api/projects/${id}/reports`,
        body: { month: '2023-09', constructionType: 'new', progress: 'built', workContent: '不应写入' },
      },
    ];

    const cases = ROLES.flatMap((role) => [
      ...READS.map((route) => ({ role, route, target: role.inside, expected: 200 })),
      ...(role.outside ? READS.map((route) => ({ role, route, target: role.outside as string, expected: 404 })) : []),
    ]);

    it.each(cases.map((c) => [c.role.username, c.route('<id>'), c.target, c.expected, c] as const))(
      '%s GET %s of %s → %d',
      async (username, _path, target, expected, c) => {
        const answer = await as(username, 'GET', c.route(projectIds.get(target) as string));
        expect(answer.status).toBe(expected);
        if (expected === 404) expect(answer.headers.get('content-type')).toContain('application/problem+json');
      },
    );

    it.each(ROLES.map((role) => [role.username, role] as const))(
      '%s: lists and dashboards never leak',
      async (username, role) => {
        const { body } = await as(username, 'GET', '/api/projects?region=140000');
        const visible = new Set((body as { regionCode: string }[]).map((p) => p.regionCode));
        expect(visible.has(role.inside)).toBe(true);
        if (role.outside) expect(visible.has(role.outside)).toBe(false);
        if (role.outside) {
          const outsideList = await as(username, 'GET', `/api/projects?region=${role.outside}`);
          expect(outsideList.body).toEqual([]);
        }
      },
    );

    it('writes: outside the scope 404, a read-only role 403, each denial audited, nothing written', async () => {
      const deniedBefore = (await auditRows('denied')).length;
      let denials = 0;
      for (const role of ROLES) {
        for (const write of WRITES) {
          if (role.outside) {
            const answer = await as(
              role.username,
              write.method,
              write.path(projectIds.get(role.outside) as string),
              write.body,
            );
            expect([role.username, write.method, answer.status]).toEqual([role.username, write.method, 404]);
            denials++;
          }
          if (!role.writes) {
            const answer = await as(
              role.username,
              write.method,
              write.path(projectIds.get(role.inside) as string),
              write.body,
            );
            expect([role.username, write.method, answer.status]).toEqual([role.username, write.method, 403]);
            denials++;
          }
        }
      }
      const denied = await auditRows('denied');
      expect(denied.length - deniedBefore).toBe(denials);
      const project = await as('province', 'GET', `/api/projects/${projectIds.get(LINXIAN)}`);
      expect(project.body.address).not.toBe('不应写入的地址');
      const reports = await as('province', 'GET', `/api/projects/${projectIds.get(LISHI)}/reports`);
      expect(reports.body.items ?? reports.body).toEqual([]);
    });
  });

  // Last: it writes to 临县's project, which the audit counts above must not see.
  describe("the gateway's read model of a project (issue 17, G7)", () => {
    /** The projects service's own answer for the project: the list route always asks it. */
    async function fromService(username: string, id: string): Promise<unknown> {
      const { body } = await as(username, 'GET', `/api/projects?region=${LINXIAN}`);
      return (body as { id: string }[]).find((project) => project.id === id);
    }

    it('answers, after each of a series of writes, exactly what the projects service answers', async () => {
      const id = projectIds.get(LINXIAN) as string;
      const read = async (username: string) => {
        const first = await as(username, 'GET', `/api/projects/${id}`);
        const again = await as(username, 'GET', `/api/projects/${id}`);
        expect(first.status).toBe(200);
        expect(JSON.stringify(again.body)).toBe(JSON.stringify(first.body));
        expect(JSON.stringify(first.body)).toBe(JSON.stringify(await fromService(username, id)));
        return first.body as { version: number; address: string | null; plannedAreaM2: number | null; light: string };
      };
      const before = await read('linxian');

      const patched = await as('linxian', 'PATCH', `/api/projects/${id}`, { address: '临县临泉镇府前街1号' });
      expect(patched.status).toBe(200);
      const afterPatch = await read('linxian');
      expect(afterPatch).toMatchObject({ address: '临县临泉镇府前街1号', version: before.version + 1 });
      expect(JSON.stringify(afterPatch)).toBe(JSON.stringify(patched.body));

      // Another user's write (the city's planning column): the county officer's next read shows it.
      const planned = await as('lvliang', 'PATCH', `/api/projects/${id}`, { plannedAreaM2: 210 });
      expect(planned.status).toBe(200);
      expect(await read('linxian')).toMatchObject({ plannedAreaM2: 210, version: before.version + 2 });
      expect(await read('lvliang')).toMatchObject({ plannedAreaM2: 210, version: before.version + 2 });

      // A milestone's completion changes what the light is computed from.
      const milestones = await as('linxian', 'GET', `/api/projects/${id}/milestones`);
      const open = (milestones.body as { id: string; status: string }[]).filter((m) => m.status !== 'done');
      for (const milestone of open) {
        const completed = await as('linxian', 'POST', `/api/milestones/${milestone.id}/complete`, {
          evidence: { text: '已完成（端到端测试）。' },
        });
        if (completed.status !== 200) continue; // a prerequisite still open: the next one in order follows
        await read('linxian');
      }
      expect((await read('linxian')).light).toBe(((await fromService('linxian', id)) as { light: string }).light);
    });
  });
});
