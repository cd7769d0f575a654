import { waitFor } from '@duban/testing';
import { System } from '../system';
import { Browser, expectVisible, PHONE, inChromium, DEMO_FOR_BROWSERS } from './browser';

/**
 * Issue 14's 催办 and 批示 and its settings screens, in Chromium against the five apps: 吕梁 urges and
 * instructs on 临县's 出台建设方案 from the milestone page; 临县 finds the instruction in its inbox, follows the
 * link and acknowledges it (确认收到); 吕梁's open page shows 已确认 without a reload. Then 临县 opts out of SMS
 * on its 通知偏好 page, and the province changes a programme's 月报设置; each is read back over HTTP.
 */
describe('催办, 批示 and the notification settings in Chromium (five apps as processes, real Postgres, Redis, NATS)', () => {
  let system: System;
  let projectId: string;
  let planId: string;

  const { open } = inChromium({
    system: () => system,
    start: async () => {
      system = await System.start('oversight', DEMO_FOR_BROWSERS);
      projectId = await system.linxianProjectId();
      const milestones: { id: string; key: string }[] = (
        await system.call('linxian', `/api/projects/${projectId}/milestones`)
      ).body;
      planId = milestones.find((m) => m.key === 'plan')!.id;
    },
    startTimeoutMs: 240_000,
  });

  it('吕梁 urges and instructs; 临县 acknowledges from its inbox; 吕梁 sees 已确认 without a reload', async () => {
    const milestonePath = `/projects/${projectId}/milestones/${planId}`;
    const city = await open('lvliang', milestonePath);
    const oversight = city.getByRole('region', { name: '督办记录' });
    await expectVisible(oversight.getByText('暂无催办'), 30_000);

    await oversight.getByRole('button', { name: /催\s*办/ }).click();
    await city.getByLabel('催办说明（可选）').fill('请本周内报送建设方案');
    await city.getByRole('button', { name: '发出催办' }).click();
    await expectVisible(oversight.getByText(/催办：请本周内报送建设方案/));
    // At most once an hour: the button is off and says until when.
    await expectVisible(oversight.getByText(/一小时内已催办，.* 后可再次催办/));
    expect(await oversight.getByRole('button', { name: /催\s*办/ }).isDisabled()).toBe(true);

    await oversight.getByRole('button', { name: /批\s*示/ }).click();
    await city.getByLabel('批示内容').fill('抓紧报县政府常务会审议，月底前发文');
    await city.getByRole('button', { name: '下发批示' }).click();
    await expectVisible(oversight.getByText('抓紧报县政府常务会审议，月底前发文'));
    await expectVisible(oversight.getByText('待确认'));
    await city.evaluate(() => ((window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));
    await Browser.screenshot(city, 'oversight-city');

    // 临县 finds both in its inbox, each linking to the item (the notifications service may still be working
    // through the demo programme's start-up events: wait for them over HTTP first, without a deadline too short).
    await waitFor(
      '临县 told of the 批示',
      async () => (await system.call('linxian', '/api/me/notifications')).body.items as { stage: string }[],
      (items) => items.some((item) => item.stage.startsWith('instruction-')),
      { timeoutMs: 150_000, intervalMs: 500 },
    );
    const county = await open('linxian', '/inbox');
    const instruction = county.getByRole('listitem', { name: /【批示】.*出台建设方案/ });
    await expectVisible(instruction, 60_000);
    await expectVisible(county.getByRole('listitem', { name: /【催办】.*出台建设方案/ }));
    // The 批示 reaches 临县 as its 专班 (the role's inbox) and as a person the item names: the same link.
    await instruction.first().getByRole('link').click();
    await county.waitForURL((url) => url.pathname === milestonePath);
    const countyOversight = county.getByRole('region', { name: '督办记录' });
    await expectVisible(countyOversight.getByText('抓紧报县政府常务会审议，月底前发文'), 30_000);
    expect(await countyOversight.getByRole('button', { name: /催\s*办/ }).count()).toBe(0);
    await countyOversight.getByRole('button', { name: '确认收到' }).click();
    await county.getByRole('tooltip').getByRole('button', { name: '确认收到' }).click();
    await expectVisible(countyOversight.getByText(/^已确认（/));

    // 吕梁's page, never reloaded, shows it acknowledged (the live stream's change).
    await expectVisible(oversight.getByText(/^已确认（/), 30_000);
    expect(await city.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(
      true,
    );
    const record = await system.call('lvliang', `/api/milestones/${planId}/oversight`);
    expect(record.body.urges).toHaveLength(1);
    expect(record.body.instructions).toHaveLength(1);
    expect(record.body.instructions[0].acknowledgedBy.username).toBe('linxian');
    await Browser.screenshot(city, 'oversight-acknowledged');
  }, 360_000);

  it('临县 opts out of SMS on its 通知偏好 page, on a phone, and the page fits 375 px', async () => {
    const page = await open('linxian', '/notification-preferences', PHONE);
    const sms = page.getByRole('switch', { name: '接收短信' });
    await expectVisible(sms, 30_000);
    expect(await sms.getAttribute('aria-checked')).toBe('true');
    await sms.click();
    await expectVisible(page.getByText('已退订短信'));
    expect((await system.call('linxian', '/api/me/notification-preferences')).body).toEqual({ optedOut: ['sms'] });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await Browser.screenshot(page, 'notification-preferences-phone');
  }, 120_000);

  it('the province sets a programme’s 月报设置, and the programme answers with them', async () => {
    const page = await open('province', '/programmes');
    await page.getByRole('button', { name: '月报设置' }).first().click();
    const day = page.getByLabel('月报截止日（每月几日，当日24时截止）');
    // The form shows the programme's settings first.
    await page.waitForFunction(
      () =>
        (document.querySelector('input[id="report-settings_reportDueDay"]') as HTMLInputElement | null)?.value === '25',
    );
    await day.fill('20');
    await day.press('Tab');
    expect(await day.inputValue()).toBe('20');
    const resubmit = page.getByLabel('退回后重新报送期限（工作日）');
    await resubmit.fill('7');
    await resubmit.press('Tab');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /^保\s*存$/ })
      .click();
    await expectVisible(page.getByText(/月报设置已保存/));
    const programmes: { reportDueDay: number; reportResubmitWorkingDays: number; reportReminderPlan: unknown }[] = (
      await system.call('province', '/api/programmes')
    ).body;
    expect(programmes.map((p) => [p.reportDueDay, p.reportResubmitWorkingDays, p.reportReminderPlan])).toContainEqual([
      20,
      7,
      null,
    ]);
    await Browser.screenshot(page, 'report-settings');
  }, 120_000);
});
