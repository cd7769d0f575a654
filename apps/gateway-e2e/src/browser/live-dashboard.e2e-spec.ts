import { System } from '../system';
import { Browser, inChromium, DEMO_FOR_BROWSERS } from './browser';

/**
 * Issue 14's done-when, in Chromium: 吕梁's dashboard changes a county's light when that county completes a
 * milestone elsewhere, without a reload (the live stream's `change` event, addressed to those in scope).
 * Every 临县 milestone but 出台建设方案 is moved to 2027 first, so that one overdue milestone alone makes the
 * county red, and completing it turns the county green.
 */
describe('live dashboard in Chromium (five apps as processes, real Postgres, Redis, NATS)', () => {
  let system: System;
  let planId: string;

  const { open } = inChromium({
    system: () => system,
    start: async () => {
      system = await System.start('live', DEMO_FOR_BROWSERS);
      const projectId = await system.linxianProjectId();
      const milestones: { id: string; key: string }[] = (
        await system.call('linxian', `/api/projects/${projectId}/milestones`)
      ).body;
      for (const milestone of milestones.filter((m) => m.key !== 'plan')) {
        const moved = await system.call('lvliang', `/api/milestones/${milestone.id}`, {
          method: 'PATCH',
          body: JSON.stringify({ dueDate: '2027-06-30' }),
        });
        expect(moved.status).toBe(200);
      }
      planId = milestones.find((m) => m.key === 'plan')!.id;
    },
    startTimeoutMs: 240_000,
  });

  it('turns 临县 from red to green on 吕梁’s open dashboard when 临县 completes 出台建设方案', async () => {
    const page = await open('lvliang', '/regions/141100');
    const light = page.getByRole('row', { name: /临县/ }).locator('[data-light]').first();
    await light.waitFor({ state: 'visible', timeout: 30_000 });
    expect(await light.getAttribute('data-light')).toBe('red');
    // A reload would lose this mark.
    await page.evaluate(() => ((window as unknown as { stillTheSamePage: boolean }).stillTheSamePage = true));
    await Browser.screenshot(page, 'live-dashboard-before');

    const done = await system.call('linxian', `/api/milestones/${planId}/complete`, {
      method: 'POST',
      body: JSON.stringify({ evidence: { text: '建设方案已经县委县政府审批同意并发文' } }),
    });
    expect(done.status).toBe(200);

    await page.waitForFunction(
      () =>
        [...document.querySelectorAll('tr')].some(
          (row) => row.textContent?.includes('临县') && row.querySelector('[data-light="green"]') !== null,
        ),
      undefined,
      { timeout: 30_000 },
    );
    expect(await light.getAttribute('data-light')).toBe('green');
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(
      true,
    );
    await Browser.screenshot(page, 'live-dashboard-after');
  });
});
