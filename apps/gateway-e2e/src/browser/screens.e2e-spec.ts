import type { System } from '../system';
import { Browser, expectVisible, PHONE, inChromium } from './browser';
import { cityReversesExpenditure, provinceCommitsLvliangAllocation, startWithDemoFunding } from './funding-flows';

/**
 * Issue 16's done-when for the screens that had none (money across counties, reversals), in Debian's
 * Chromium against the five apps as processes. Each test leaves a screenshot in tmp/e2e-screenshots/.
 */
describe('the capabilities that had no screen, in Chromium (five apps as processes)', () => {
  let system: System;
  let projectId: string;

  const { open } = inChromium({
    system: () => system,
    start: async () => {
      ({ system, projectId } = await startWithDemoFunding('screens'));
    },
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
