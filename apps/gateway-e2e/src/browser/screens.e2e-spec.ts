import { waitFor } from '@duban/testing';
import type { Page } from 'playwright-core';
import { System } from '../system';
import { Browser, expectVisible, pick, PHONE } from './browser';

interface Annex4Row {
  regionCode: string;
  countyName: string;
  specialWan: string;
}

/**
 * Issue 16's done-when for the screens that had none (money across counties, reversals), in Debian's
 * Chromium against the five apps as processes. Each test leaves a screenshot in tmp/e2e-screenshots/.
 */
describe('the capabilities that had no screen, in Chromium (five apps as processes)', () => {
  let system: System;
  let browser: Browser;
  let projectId: string;
  const pages: Page[] = [];

  const open = async (username: string, path: string, viewport?: { width: number; height: number }) => {
    const page = await browser.openAs(username, path, viewport);
    pages.push(page);
    return page;
  };
  const linxianOf = async (region: string): Promise<Annex4Row> => {
    const annex4 = await system.call('province', `/api/funding/annex4?region=${region}`);
    return (annex4.body.rows as Annex4Row[]).find((row) => row.regionCode === '141124')!;
  };

  beforeAll(async () => {
    system = await System.start('screens', { DUBAN_DEMO: 'true', DUBAN_AUTH_LOGIN_RATE_LIMIT: '100' });
    const projects = await waitFor(
      '临县’s project loaded',
      () => system.call('linxian', '/api/projects?region=141124'),
      (answer) => answer.status === 200 && answer.body.length === 1,
      { timeoutMs: 60_000, intervalMs: 250 },
    );
    projectId = projects.body[0].id;
    // The demo's allocations are written once funding knows the counties: 临县 holds its fixed 10.00万元.
    await waitFor(
      'the demo allocations',
      () => linxianOf('140000'),
      (row) => row?.specialWan === '10.00',
      {
        timeoutMs: 60_000,
        intervalMs: 500,
      },
    );
    browser = await Browser.launch(system.baseUrl);
  });

  afterEach(async () => {
    await Promise.all(pages.splice(0).map((page) => page.context().close()));
  });

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('the province commits the calculator’s allocation for 吕梁 and sees 附件4 change', async () => {
    const page = await open('province', '/funding');
    const linxianRow = () => page.locator('tr').filter({ has: page.getByRole('cell', { name: '临县', exact: true }) });
    await expectVisible(linxianRow().getByText('10.00'));

    await page.getByRole('tab', { name: '测算分配' }).click();
    await pick(page, '分配范围', '吕梁市');
    await page.getByText('等额', { exact: true }).click();
    // Below what 吕梁's counties hold from the demo's spread (about 30万元 each), so the budget is not exceeded.
    await page.getByLabel('分配总额（万元）').fill('260.00');
    await page.getByRole('button', { name: '测算预览' }).click();
    await expectVisible(page.getByText('测算结果（尚未提交）'));
    // A preview writes nothing.
    expect((await linxianOf('140000')).specialWan).toBe('10.00');

    await page.getByRole('button', { name: '提交分配' }).click();
    const confirm = page.getByRole('dialog').filter({ hasText: '不可撤销' });
    await confirm.getByRole('button', { name: '确认提交' }).click();
    await expectVisible(page.getByText(/已提交：财政专项资金 260.00万元/));

    const after = await linxianOf('140000');
    expect(after.specialWan).not.toBe('10.00');
    await page.getByRole('tab', { name: /附件4/ }).click();
    await expectVisible(linxianRow().getByText(after.specialWan, { exact: true }));
    await Browser.screenshot(page, 'province-commits-the-calculator');
  });

  it('lvliang reverses a flagged expenditure of 临县 after confirming why', async () => {
    const recorded = await system.call('linxian', `/api/projects/${projectId}/expenditures`, {
      method: 'POST',
      body: JSON.stringify({
        date: '2023-07-15',
        amountWan: '2.50',
        source: 'province_employment',
        category: 'fit_out',
        payee: '临县装饰公司（冲销演练）',
        note: '',
      }),
    });
    expect(recorded.status).toBe(201);

    const page = await open('lvliang', `/projects/${projectId}/funding`);
    const row = page.getByRole('row').filter({ hasText: '临县装饰公司（冲销演练）' }).first();
    await row.getByRole('button', { name: /冲\s*销/ }).click();
    const dialog = page.getByRole('dialog');
    await expectVisible(dialog.getByText(/冲销后不可撤销/));
    await dialog.getByLabel('冲销原因').fill('来源选错，应由县级配套资金支付');
    await dialog.getByRole('button', { name: '确认冲销' }).click();
    await expectVisible(page.getByText('冲销：来源选错，应由县级配套资金支付'));

    const ledger = await system.call('lvliang', `/api/projects/${projectId}/expenditures`);
    const original = ledger.body.items.find((entry: { id: string }) => entry.id === recorded.body.id);
    const reversal = ledger.body.items.find(
      (entry: { reversesId: string | null }) => entry.reversesId === recorded.body.id,
    );
    expect({ reversedBy: original.reversedById, amount: reversal.amountWan, reason: reversal.reason }).toEqual({
      reversedBy: reversal.id,
      amount: '-2.50',
      reason: '来源选错，应由县级配套资金支付',
    });
    await Browser.screenshot(page, 'lvliang-reverses-an-expenditure');
  });

  it('the funding screens do not scroll sideways at 375 px', async () => {
    const page = await open('province', '/funding', PHONE);
    await expectVisible(page.getByRole('cell', { name: '临县', exact: true }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await Browser.screenshot(page, 'funding-on-a-phone');
  });
});
