import type { System } from '../system';
import { clickToSend, Browser, expectVisible, pick, PHONE, inChromium } from './browser';
import { cityReversesExpenditure, provinceCommitsLvliangAllocation, startWithDemoFunding } from './funding-flows';

interface Item {
  id: string;
  number: number;
  maxPoints: number;
}

/**
 * Issue 16's done-when for acceptance and audit, in Debian's Chromium against the five apps as processes:
 * the city withdraws an inspection opened by mistake and opens a re-inspection; the province commits the
 * calculator's allocation for 吕梁 and the city reverses an expenditure (the screens spec's flows); then the
 * province reads the audit entry of each of these on /audit. Screenshots go to tmp/e2e-screenshots/.
 */
describe('acceptance and audit screens, in Chromium (five apps as processes)', () => {
  let system: System;
  let projectId: string;
  const post = async (username: string, path: string, body: unknown, status = 201) => {
    const answer = await system.call(username, path, { method: 'POST', body: JSON.stringify(body) });
    expect({ path, status: answer.status }).toEqual({ path, status });
    return answer.body;
  };
  const openInspection = (date: string) =>
    post('lvliang', `/api/projects/${projectId}/inspections`, { kind: 'inspection', date, inspectors: ['inspector'] });

  const { open } = inChromium({
    system: () => system,
    start: async () => {
      ({ system, projectId } = await startWithDemoFunding('evalaudit'));
    },
  });

  it('the city withdraws a mistaken inspection after confirming why', async () => {
    const mistaken = await openInspection('2023-10-02');
    const page = await open('lvliang', `/inspections/${mistaken.id}`);
    await page.getByRole('button', { name: '撤销检查' }).click();
    const dialog = page.getByRole('dialog');
    await expectVisible(dialog.getByText(/撤销后不可恢复/));
    await dialog.getByLabel('撤销原因').fill('日期选错，应为 10 月 20 日');
    await dialog.getByRole('button', { name: '确认撤销' }).click();
    await expectVisible(page.getByText('已撤销：日期选错，应为 10 月 20 日'));
    await expectVisible(page.getByText(/^吕梁市人社局 于 .* 撤销/));

    const stored = await system.call('lvliang', `/api/inspections/${mistaken.id}`);
    expect(stored.body).toMatchObject({
      status: 'cancelled',
      cancellation: { username: 'lvliang', name: '吕梁市人社局', reason: '日期选错，应为 10 月 20 日' },
    });
    // Withdrawn: the inspector can no longer score it (409 in Chinese).
    const score = await system.call('inspector', `/api/inspections/${mistaken.id}/scores`, {
      method: 'PUT',
      body: JSON.stringify({ scores: [{ itemId: stored.body.items[0].id, score: 1, note: '' }] }),
    });
    expect({ status: score.status, detail: score.body.detail }).toEqual({
      status: 409,
      detail: '该验收检查已撤销，不能修改',
    });
    await Browser.screenshot(page, 'lvliang-withdraws-an-inspection');
  });

  it('the city opens a re-inspection of a signed inspection’s open rectification items', async () => {
    // The first inspection, scored (item 6 short of its maximum), signed on both sides, item 6 to rectify.
    const first = await openInspection('2023-10-20');
    const items = first.items as Item[];
    const six = items.find((item) => item.number === 6)!;
    const scores = items.map((item) => ({ itemId: item.id, score: item === six ? 0 : item.maxPoints, note: '' }));
    const scored = await system.call('inspector', `/api/inspections/${first.id}/scores`, {
      method: 'PUT',
      body: JSON.stringify({ scores }),
    });
    expect(scored.status).toBe(200);
    await post('inspector', `/api/inspections/${first.id}/sign`, { name: '王验收' }, 200);
    await post('linxian', `/api/inspections/${first.id}/sign`, { name: '刘星' }, 200);
    await post('lvliang', `/api/inspections/${first.id}/rectifications`, {
      itemId: six.id,
      what: '按统一标识更换牌匾',
      responsibleUsername: 'linxian',
      responsibleName: '刘星',
      dueDate: '2023-11-30',
    });

    const page = await open('lvliang', `/inspections/${first.id}`);
    await page.getByRole('button', { name: '发起复查' }).click();
    const dialog = page.getByRole('dialog');
    await pick(page, '检查人员', '吕梁市验收组（inspector）');
    // A multiple choice keeps its list open: a click on the dialog's title closes it.
    await dialog.getByText('发起复查：临县').click();
    await expectVisible(dialog.getByText('吕梁市验收组（inspector）'));
    // On a busy machine the page may take a while: wait for the opening itself, then for the page it leads to.
    const opening = clickToSend(
      dialog.getByRole('button', { name: /发\s*起/ }),
      'POST',
      `/api/projects/${projectId}/inspections`,
    );
    expect((await opening).status()).toBe(201);
    await page.waitForURL((url) => url.pathname.startsWith('/inspections/') && !url.pathname.endsWith(first.id), {
      timeout: 60_000,
    });
    await expectVisible(page.getByText(/复查（只评整改项）/));

    const list = await system.call('lvliang', `/api/projects/${projectId}/inspections`);
    const re = list.body.items.find((inspection: { reinspectionOf: string | null }) => inspection.reinspectionOf);
    expect(re).toMatchObject({
      reinspectionOf: first.id,
      status: 'open',
      toScoreCount: 1,
      inspectors: ['inspector'],
      inspectorNames: ['吕梁市验收组'],
    });
    expect(new URL(page.url()).pathname).toBe(`/inspections/${re.id}`);
    await expectVisible(page.getByText(/检查人员 吕梁市验收组/));
    await Browser.screenshot(page, 'lvliang-opens-a-reinspection');
  });

  it('the province commits the calculator’s allocation for 吕梁; the city reverses an expenditure', async () => {
    await provinceCommitsLvliangAllocation(system, await open('province', '/funding'));
    await cityReversesExpenditure(
      system,
      open,
      projectId,
      '临县装饰公司（审计演练）',
      '来源选错，应由县级配套资金支付',
    );
  });

  it('the province reads the audit entry of each: the cancellation, the commit, the reversal', async () => {
    const page = await open('province', '/audit');
    const row = (text: string | RegExp) => page.getByRole('row').filter({ hasText: text }).first();

    // 验收 (the default trail): the withdrawal, by lvliang, about 临县, with its reason.
    const cancel = row('撤销验收检查（inspection.cancel）');
    await expectVisible(cancel);
    // By name, login and role, and the county by name.
    await expectVisible(cancel.getByText('吕梁市人社局（lvliang，市局工作人员）'));
    await expectVisible(cancel.getByText('临县'));
    await expectVisible(cancel.getByText(/open → cancelled/));
    await expectVisible(cancel.getByText(/日期选错，应为 10 月 20 日/));
    await Browser.screenshot(page, 'province-reads-the-cancellation');

    // 资金, narrowed to 吕梁市: the calculator's commit (by the province, about 吕梁) and the reversal.
    await pick(page, '服务', '资金');
    await pick(page, '市', '吕梁市');
    await page.getByRole('button', { name: /查\s*询/ }).click();
    const commit = row('提交测算分配（calculator.commit）');
    await expectVisible(commit);
    await expectVisible(commit.getByText('省人社厅（province，省级管理员）'));
    await expectVisible(commit.getByText('吕梁市'));
    const reversal = row('冲销支出（expenditure.reverse）');
    await expectVisible(reversal);
    await expectVisible(reversal.getByText('吕梁市人社局（lvliang，市局工作人员）'));
    await expectVisible(reversal.getByText(/来源选错，应由县级配套资金支付/));

    // The same through the route, counted: one commit about 吕梁, one reversal by lvliang.
    const funding = await system.call('province', '/api/audit/entries?service=funding&region=141100&pageSize=200');
    const count = (action: string) =>
      funding.body.items.filter(
        (entry: { action: string; outcome: string }) => entry.action === action && entry.outcome === 'done',
      ).length;
    expect({ commits: count('calculator.commit'), reversals: count('expenditure.reverse') }).toEqual({
      commits: 1,
      reversals: 1,
    });
    await Browser.screenshot(page, 'province-reads-the-funding-audit');
  });

  it('the audit and acceptance settings pages do not scroll sideways at 375 px', async () => {
    for (const path of ['/audit', '/evaluation']) {
      const page = await open('province', path, PHONE);
      await expectVisible(page.getByRole('heading', { name: path === '/audit' ? '审计记录' : '验收设置' }));
      await expectVisible(page.getByRole('cell').first());
      expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
      await Browser.screenshot(page, `province${path.replace('/', '-')}-on-a-phone`);
    }
  });
});
