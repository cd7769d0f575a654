import { waitFor } from '@duban/testing';
import { System } from '../system';
import { Browser, escapeRegExp, expectVisible, pick, PHONE, inChromium, DEMO_FOR_BROWSERS } from './browser';

/**
 * The done-when, in a real browser: Debian's Chromium against the five apps as processes, at
 * http://<gateway>/ as `npm start` serves it. Each step is what a person does with a mouse or a thumb,
 * and each test leaves a screenshot in tmp/e2e-screenshots/.
 */
describe('the web app in Chromium (five apps as processes, real Postgres, Redis, NATS)', () => {
  let system: System;
  let projectId: string;
  const milestonesOfLinxian = async (): Promise<
    { id: string; key: string | null; title: string; status: string; evidence: { text: string } | null }[]
  > => (await system.call('linxian', `/api/projects/${projectId}/milestones`)).body;

  const { open } = inChromium({
    system: () => system,
    start: async () => {
      system = await System.start('web', { ...DEMO_FOR_BROWSERS, DUBAN_REMINDER_RECONCILE_MS: '1000' });
      projectId = await system.linxianProjectId();
      await waitFor(
        'evaluation and funding to know 临县',
        async () => [
          (await system.call('lvliang', `/api/projects/${projectId}/inspections`)).status,
          (await system.call('lvliang', `/api/projects/${projectId}/funding`)).status,
        ],
        (statuses) => statuses.every((status) => status === 200),
        { timeoutMs: 60_000, intervalMs: 250 },
      );
    },
  });

  it('lvliang drills from 吕梁 into 临县', async () => {
    const page = await open('lvliang', '/regions/141100');
    await expectVisible(page.getByRole('link', { name: '临县', exact: true }));
    await Browser.screenshot(page, 'lvliang-dashboard');
    await page.getByRole('link', { name: '临县', exact: true }).click();
    await page.waitForURL(`**/projects/${projectId}**`);
    await expectVisible(page.getByRole('heading', { name: /临县/ }));
    await Browser.screenshot(page, 'lvliang-drills-into-linxian');
  });

  it('linxian completes a milestone and sees it done', async () => {
    const plan = (await milestonesOfLinxian()).find((milestone) => milestone.key === 'plan')!;
    const page = await open('linxian', `/projects/${projectId}/milestones`);
    await page.getByRole('link', { name: plan.title }).click();
    await page.waitForURL(`**/projects/${projectId}/milestones/${plan.id}`);
    const drawer = page.getByRole('dialog');
    await drawer.getByRole('button', { name: /完成节点/ }).click();
    await drawer
      .getByLabel('完成情况说明')
      .fill('建设方案已经县委县政府审批同意，临政办发〔2023〕12号发文，已报市局。');
    await drawer.getByRole('button', { name: /确认完成/ }).click();

    await expectVisible(drawer.getByText('已完成'));
    await expectVisible(drawer.getByText('临政办发〔2023〕12号'));
    const done = (await milestonesOfLinxian()).find((milestone) => milestone.key === 'plan')!;
    expect({ status: done.status, evidence: done.evidence?.text }).toEqual({
      status: 'done',
      evidence: '建设方案已经县委县政府审批同意，临政办发〔2023〕12号发文，已报市局。',
    });
    await Browser.screenshot(page, 'linxian-completes-a-milestone');
    // Closing the drawer, the list shows it done too, without a reload.
    await page.keyboard.press('Escape');
    await expectVisible(page.getByRole('row', { name: new RegExp(escapeRegExp(plan.title)) }).getByText('已完成'));
  });

  it('linxian updates the 附件1 row', async () => {
    const page = await open('linxian', `/projects/${projectId}/overview`);
    await pick(page, '建设类型', '改建');
    await page.getByLabel('项目详细地址').fill('临县临泉镇新城区人力资源市场一层');
    await page.getByRole('button', { name: /保\s*存/ }).click();

    await waitFor(
      'the 附件1 row saved',
      async () => (await system.call('linxian', `/api/projects/${projectId}`)).body,
      (project) => project.constructionType === 'renovation' && project.address === '临县临泉镇新城区人力资源市场一层',
      { timeoutMs: 15_000, intervalMs: 250 },
    );
    await page.reload();
    expect(await page.getByLabel('项目详细地址').inputValue()).toBe('临县临泉镇新城区人力资源市场一层');
    await Browser.screenshot(page, 'linxian-updates-annex1');
  });

  it('shows the server’s validation error next to its field, keeps what was typed, then files the report', async () => {
    const page = await open('linxian', `/projects/${projectId}/reports`);
    await page.getByRole('button', { name: /填报月报/ }).click();
    const month = page.getByLabel('报送月份');
    await month.click();
    await month.fill('2023-10');
    await month.press('Tab');
    await pick(page, '建设类型', '改建');
    await pick(page, '目前建设进度', '建设中');
    await page.getByLabel('本月工作内容').fill('完成场地改造，设备进场调试。');
    await page.getByRole('button', { name: /提交月报/ }).click();

    // From October the operating figures are required: the service says so under the field.
    const field = (label: string) =>
      page.locator('.ant-form-item').filter({ has: page.getByLabel(label, { exact: true }) });
    const gigJobsError = field('当月提供零工岗位数').locator('.ant-form-item-explain-error');
    await expectVisible(gigJobsError);
    expect(await gigJobsError.innerText()).toMatch(/\S/);
    expect(await page.getByLabel('本月工作内容').inputValue()).toBe('完成场地改造，设备进场调试。');
    expect((await system.call('linxian', `/api/projects/${projectId}/reports`)).body.items).toEqual([]);
    await Browser.screenshot(page, 'report-validation-error-next-to-field');

    await page.getByLabel('当月提供零工岗位数', { exact: true }).fill('120');
    await page.getByLabel('当月服务零工人次', { exact: true }).fill('340');
    await page.getByLabel('当月达成意向上岗人次', { exact: true }).fill('56');
    await page.getByRole('button', { name: /提交月报/ }).click();
    await expectVisible(page.getByRole('row', { name: /2023年10月/ }));
    const filed = (await system.call('linxian', `/api/projects/${projectId}/reports`)).body.items;
    expect(
      filed.map((report: { month: string; gigJobsOffered: number; workContent: string }) => [
        report.month,
        report.gigJobsOffered,
        report.workContent,
      ]),
    ).toEqual([['2023-10', 120, '完成场地改造，设备进场调试。']]);
  });

  it('inspector scores and signs 临县’s inspection on a phone; once the county countersigns, 迎接市局验收检查 is done', async () => {
    // The city officer assigns the inspection (as in the API e2e); everything after is done on screens.
    const opened = await system.call('lvliang', `/api/projects/${projectId}/inspections`, {
      method: 'POST',
      body: JSON.stringify({ date: '2023-10-20', inspectors: ['inspector'] }),
    });
    expect(opened.status).toBe(201);
    const items: { number: number; maxPoints: number }[] = opened.body.items;
    expect(items).toHaveLength(15);

    const phone = await open('inspector', '/inspections', PHONE);
    await phone
      .locator('.ant-card')
      .filter({ hasText: '临县' })
      .getByText(/继续验收/)
      .click();
    await phone.waitForURL(`**/inspections/${opened.body.id}`);
    for (const item of items) await phone.getByLabel(`第${item.number}项得分`).fill(String(item.maxPoints));
    await phone.getByLabel('第12项说明').fill('现场核实：服务台账齐全');
    await expectVisible(phone.getByText(/总分\s*100\s*\/\s*100/));
    await phone.getByRole('button', { name: /保存评分/ }).click();
    await phone.getByLabel('签字人姓名').fill('王验收');
    await phone.getByRole('button', { name: /签字确认/ }).click();
    await expectVisible(phone.getByText('王验收'));
    // Usable at 375 px: nothing sticks out sideways.
    expect(await phone.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(PHONE.width);
    await Browser.screenshot(phone, 'inspector-signs-on-a-phone');

    const scored = await system.call('inspector', `/api/inspections/${opened.body.id}`);
    expect({ status: scored.body.status, total: scored.body.total }).toEqual({
      status: 'inspector_signed',
      total: 100,
    });

    const county = await open('linxian', `/inspections/${opened.body.id}`, PHONE);
    await county.getByLabel('签字人姓名').fill('刘星');
    await county.getByRole('button', { name: /县级会签/ }).click();
    await expectVisible(county.getByText('刘星'));

    const accept = await waitFor(
      '临县’s accept milestone done',
      async () => (await milestonesOfLinxian()).find((milestone) => milestone.key === 'accept'),
      (milestone) => milestone?.status === 'done',
      { timeoutMs: 30_000, intervalMs: 250 },
    );
    const desk = await open('linxian', `/projects/${projectId}/milestones`);
    await expectVisible(desk.getByRole('row', { name: new RegExp(escapeRegExp(accept!.title)) }).getByText('已完成'));
    await Browser.screenshot(desk, 'acceptance-milestone-done');
  });

  it('lvliang sees a new overdue alert arrive in the inbox without reloading', async () => {
    const page = await open('lvliang', '/inbox');
    // A mark on the window: a reload would wipe it.
    await page.evaluate(() => Object.assign(window, { stillTheSamePage: true }));

    const officers: { id: string; username: string | null }[] = (
      await system.call('linxian', `/api/projects/${projectId}/officers`)
    ).body;
    const zhang = officers.find((officer) => officer.username === 'zhangzhenyu')!;
    const title = `网页端逾期提醒演练 ${Date.now()}`;
    const created = await system.call('linxian', `/api/projects/${projectId}/milestones`, {
      method: 'POST',
      // Due in 2 s; one stage 1 s after due: the last stage is the escalation to the city (吕梁市).
      body: JSON.stringify({
        title,
        dueAt: new Date(Date.now() + 2_000).toISOString(),
        responsibleOfficerIds: [zhang.id],
        reminderPlan: ['PT1S'],
      }),
    });
    expect(created.status).toBe(201);

    await expectVisible(page.getByText(new RegExp(escapeRegExp(title))), 30_000);
    expect(await page.evaluate(() => (window as unknown as { stillTheSamePage?: boolean }).stillTheSamePage)).toBe(
      true,
    );
    const inbox = await system.call('lvliang', '/api/me/notifications');
    expect(
      (inbox.body.items as { subjectId: string }[]).filter((item) => item.subjectId === created.body.id),
    ).toHaveLength(1);
    await Browser.screenshot(page, 'lvliang-inbox-live');
  });
});
