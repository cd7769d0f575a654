import type { System } from '../system';
import { Browser, peoplesPages, expectVisible, PHONE } from './browser';
import { cityReversesExpenditure, provinceCommitsLvliangAllocation, startWithDemoFunding } from './funding-flows';

/**
 * Issue 16's done-when for the screens that had none (money across counties, reversals), in Debian's
 * Chromium against the five apps as processes. Each test leaves a screenshot in tmp/e2e-screenshots/.
 */
describe('the capabilities that had no screen, in Chromium (five apps as processes)', () => {
  let system: System;
  let browser: Browser;
  let projectId: string;
  const { open, closeAll } = peoplesPages(() => browser);

  beforeAll(async () => {
    ({ system, projectId } = await startWithDemoFunding('screens'));
    browser = await Browser.launch(system.baseUrl);
  });

  afterEach(() => closeAll());

  afterAll(async () => {
    await browser?.close();
    await system?.stop();
  });

  it('the province commits the calculator’s allocation for 吕梁 and sees 附件4 change', async () => {
    const page = await open('province', '/funding');
    await provinceCommitsLvliangAllocation(system, page);
    await Browser.screenshot(page, 'province-commits-the-calculator');
  });

  it('lvliang reverses a flagged expenditure of 临县 after confirming why', async () => {
    const { page } = await cityReversesExpenditure(
      system,
      open,
      projectId,
      '临县装饰公司（冲销演练）',
      '来源选错，应由县级配套资金支付',
    );
    await Browser.screenshot(page, 'lvliang-reverses-an-expenditure');
  });

  it('the funding screens do not scroll sideways at 375 px', async () => {
    const page = await open('province', '/funding', PHONE);
    await expectVisible(page.getByRole('cell', { name: '临县', exact: true }));
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await Browser.screenshot(page, 'funding-on-a-phone');
  });
});
