import type { Page } from 'playwright-core';
import { System } from '../system';
import { Browser, expectVisible, PHONE, inChromium, DEMO_FOR_BROWSERS } from './browser';

/** A full-HD screen, where the charts must not stretch into unreadable gaps. */
const WIDE = { width: 1920, height: 1080 } as const;

/** What each person opens in a day, page by page (the county's project tabs included). */
const PAGES: Record<string, (projectId: string) => string[]> = {
  linxian: (id) => [
    '/',
    `/projects/${id}`,
    `/projects/${id}/milestones`,
    `/projects/${id}/officers`,
    `/projects/${id}/reports`,
    `/projects/${id}/funding`,
    `/projects/${id}/inspections`,
    '/inbox',
  ],
  lvliang: () => ['/regions/141100', '/overruns', '/inspections'],
  province: () => [
    '/regions/140000',
    '/funding',
    '/programmes',
    '/people',
    '/calendars',
    '/notification-channels',
    '/operations',
  ],
};

/** Waits until the page has drawn its data: no spinner or skeleton left, and something in the content. */
async function settled(page: Page): Promise<void> {
  await page.waitForFunction(
    () =>
      document.querySelector('main')?.textContent?.trim() &&
      !document.querySelector('.ant-spin-spinning, .ant-skeleton-active'),
    undefined,
    { timeout: 30_000 },
  );
}

interface Box {
  readonly left: number;
  readonly right: number;
  readonly top: number;
  readonly bottom: number;
}

/** The timeline's labels whose text matches `text`, as boxes on screen, left to right. */
async function timelineLabelBoxes(page: Page, text: RegExp): Promise<Box[]> {
  return page.evaluate(
    (source) =>
      [...document.querySelectorAll('[aria-label="节点时间轴"] span')]
        .filter((label) => new RegExp(source).test(label.textContent ?? ''))
        .map((label) => label.getBoundingClientRect())
        .map((box) => ({ left: box.left, right: box.right, top: box.top, bottom: box.bottom })),
    text.source,
  );
}

function overlap(a: Box, b: Box): boolean {
  return a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom;
}

/**
 * Issue 16, items 3 and 5, in Debian's Chromium against the five apps as processes: the county officer's
 * home, and every page readable at 375 px (nothing scrolls sideways) and at 1,920 px.
 */
describe('the county home and every page at 375 and 1,920 px, in Chromium (five apps as processes)', () => {
  let system: System;
  let projectId: string;

  const { open } = inChromium({
    system: () => system,
    start: async () => {
      system = await System.start('layout', DEMO_FOR_BROWSERS);
      projectId = await system.linxianProjectId();
    },
  });

  it('a county officer lands on what is late and due, then the 附件1 form, and goes from an item to its page', async () => {
    const agenda = await system.call('linxian', `/api/projects/${projectId}/agenda`);
    expect(agenda.status).toBe(200);
    // The 2023 programme is history: everything open is late, nothing is due.
    expect(agenda.body.upcoming).toEqual([]);
    expect(agenda.body.overdue).toHaveLength(8 + 12);

    const page = await open('linxian', '/');
    await expectVisible(page.getByText(`已逾期（${agenda.body.overdue.length}）`));
    await expectVisible(page.getByText('近期没有到期事项'));
    const first = agenda.body.overdue[0];
    await expectVisible(page.getByText(`逾期 ${first.workingDays} 个工作日`));
    await expectVisible(page.getByLabel('项目详细地址'));
    await Browser.screenshot(page, 'linxian-home');

    await page.getByRole('link', { name: '完成选址' }).click();
    const site = agenda.body.overdue.find((item: { title: string }) => item.title === '完成选址');
    await page.waitForURL(`**/projects/${projectId}/milestones/${site.milestoneId}`);
    await expectVisible(page.getByRole('dialog'));
  });

  it('no page scrolls sideways at 375 px', async () => {
    const wide: string[] = [];
    for (const [username, pathsOf] of Object.entries(PAGES)) {
      const [first, ...rest] = pathsOf(projectId);
      const page = await open(username, first!, PHONE);
      for (const path of [first!, ...rest]) {
        if (path !== first) await page.goto(`${system.baseUrl}${path}`);
        await settled(page);
        const width = await page.evaluate(() => document.documentElement.scrollWidth);
        if (width > PHONE.width) wide.push(`${username} ${path}: ${width}px`);
      }
      await Browser.screenshot(page, `${username}-last-page-on-a-phone`);
    }
    expect(wide).toEqual([]);
  });

  it('the timeline keeps to twelve readable months on a phone and on a full-HD screen', async () => {
    for (const viewport of [PHONE, WIDE]) {
      const page = await open('linxian', `/projects/${projectId}/milestones`, viewport);
      await expectVisible(page.getByRole('figure', { name: '节点时间轴' }));
      // On a day early in a month (the browser's clock set to one in the 2023 programme's year): the today line's
      // label, drawn in the months' row, used to cover that month's name.
      await page.clock.setFixedTime(new Date('2023-05-04T10:00:00+08:00'));
      await page.reload();
      await expectVisible(page.getByLabel('今天 2023-05-04'));
      const boxes = await timelineLabelBoxes(page, /^\d+月$/);
      expect(boxes).toHaveLength(12);
      const overlaps = boxes.slice(1).filter((box, index) => box.left < boxes[index]!.right);
      expect(overlaps).toEqual([]);
      // The today line's label covers no month's name.
      const [today] = await timelineLabelBoxes(page, /^今天$/);
      expect(today).toBeDefined();
      expect(boxes.filter((box) => overlap(box, today!))).toEqual([]);
      if (viewport === WIDE) {
        // Stretched across the screen, not squeezed into a phone's width.
        expect(boxes.at(-1)!.left - boxes[0]!.left).toBeGreaterThan(1000);
      }
      await Browser.screenshot(page, `timeline-${viewport.width}`);
    }
  });
});
