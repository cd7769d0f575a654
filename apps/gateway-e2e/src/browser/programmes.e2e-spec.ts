import { waitFor } from '@duban/testing';
import { System } from '../system';
import type { Page } from 'playwright-core';
import { Browser, clickToSend, expectVisible, pick, PHONE, inChromium, DEMO_FOR_BROWSERS } from './browser';

interface Milestone {
  key: string | null;
  title: string;
  status: string;
}

/**
 * The programme template in a real browser (issue 13): the province administrator edits it on 年度计划,
 * adding a milestone with its prerequisite and renaming another, is told the service's reason under the
 * field when a date does not exist (what was typed stays), confirms the new version, and then sees the
 * renamed milestone on a county page of this year's open programme (made from the template for 吕梁市) and the new milestone on a county page of the
 * programme year made from the template afterwards.
 */
describe('the programme template editor in Chromium (five apps as processes, real Postgres, Redis, NATS)', () => {
  let system: System;
  let openProgrammeId: string;
  const renamed = '年底前完成公益性零工市场建设并报省人社厅';
  const added = '县级自查验收';
  const province = (path: string, init?: RequestInit) => system.call('province', path, init);
  const milestonesOf = async (projectId: string): Promise<Milestone[]> =>
    (await province(`/api/projects/${projectId}/milestones`)).body;

  const { open } = inChromium({
    system: () => system,
    start: async () => {
      system = await System.start('programmes', DEMO_FOR_BROWSERS);
      // This year's programme for 吕梁市 from the shipped template: open, following it, its year not over.
      const created = await waitFor(
        'this year’s programme from the template',
        () =>
          province('/api/programmes', {
            method: 'POST',
            body: JSON.stringify({
              templateCode: 'gig-markets',
              year: new Date().getFullYear(),
              regionCodes: ['141100'],
            }),
          }),
        (answer) => answer.status === 201,
        { timeoutMs: 90_000, intervalMs: 1_000 },
      );
      openProgrammeId = created.body.id;
    },
  });

  /** 保存为新版本, then 保存 in its confirmation (the visible one: a closed confirmation stays in the page, hidden). */
  const saveAsNewVersion = async (page: Page, timeoutMs?: number) => {
    await page.getByRole('button', { name: '保存为新版本' }).click();
    const confirmation = page.getByRole('dialog').filter({ hasText: /保存为第 \d+ 版？/, visible: true });
    const save = confirmation.getByRole('button', { name: /^保\s*存$/ });
    return clickToSend(save, 'PUT', '/api/programme-templates/gig-markets', timeoutMs);
  };

  it('edits the template: the open programme’s county page shows the renamed milestone, a new year’s the added one', async () => {
    const [county] = (await province(`/api/projects?region=141124&programmeId=${openProgrammeId}`)).body.map(
      (project: { id: string }) => project.id,
    );

    const page = await open('province', '/programmes');
    await expectVisible(page.getByLabel('节点 8 名称'), 60_000);
    await page.getByRole('button', { name: '添加节点' }).click();
    await page.getByLabel('节点 9 代码').fill('check');
    await page.getByLabel('节点 9 名称').fill(added);
    await page.getByLabel('节点 9 到期').fill('02-30');
    await pick(page, '节点 9 前置', '试运行（trial）');
    await page.keyboard.press('Escape');
    await page.getByLabel('节点 8 名称').fill(renamed);

    // A date the year does not have: the service's reason under the field, what was typed kept.
    expect((await saveAsNewVersion(page)).status()).toBe(400);
    await expectVisible(page.getByText('节点 check 的日期 02-30 不在计划年度内（该年没有这一天）'));
    expect(await page.getByLabel('节点 9 名称').inputValue()).toBe(added);
    await Browser.screenshot(page, 'programmes-template-reason');

    await page.getByLabel('节点 9 到期').fill('09-30');
    // This save re-plans every open programme that follows the template, in one transaction: a longer wait.
    expect((await saveAsNewVersion(page, 180_000)).status()).toBe(200);
    await expectVisible(page.getByText(/已保存为第 2 版；1 个进行中的计划随之调整/));
    await Browser.screenshot(page, 'programmes-template-saved');

    // The open programme follows at once: its county page shows the new title.
    await page.goto(`${system.baseUrl}/projects/${county}/milestones`);
    await expectVisible(page.getByRole('link', { name: renamed }));
    expect((await milestonesOf(county)).some((m) => m.key === 'check')).toBe(false);

    // A programme year made from the template afterwards has the new milestone, after trial.
    const created = await province('/api/programmes', {
      method: 'POST',
      body: JSON.stringify({
        templateCode: 'gig-markets',
        year: new Date().getFullYear() + 1,
        regionCodes: ['141100'],
      }),
    });
    expect(created).toMatchObject({ status: 201, body: { templateVersion: 2, projectCount: 13 } });
    const [linxian] = (await province(`/api/projects?region=141124&programmeId=${created.body.id}`)).body;
    await page.goto(`${system.baseUrl}/projects/${linxian.id}/milestones`);
    await expectVisible(page.getByRole('link', { name: added }));
    await expectVisible(page.getByRole('link', { name: renamed }));
    await Browser.screenshot(page, 'programmes-new-milestone-on-county-page');
  }, 300_000);

  it('keeps the 年度计划 page within a phone’s width', async () => {
    const phone = await open('province', '/programmes', PHONE);
    await expectVisible(phone.getByLabel('节点 1 名称'), 60_000);
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await Browser.screenshot(phone, 'programmes-phone');
  }, 120_000);
});
