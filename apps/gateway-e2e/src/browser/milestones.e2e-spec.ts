import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { OFFICER_ROLE_LABELS } from '@duban/contracts';
import { waitFor } from '@duban/testing';
import { System } from '../system';
import {
  clickToSend,
  Browser,
  escapeRegExp,
  expectVisible,
  pick,
  PHONE,
  inChromium,
  DEMO_FOR_BROWSERS,
} from './browser';

/**
 * Issue 16's milestones in a real browser: a county officer attaches a PDF to a milestone and the city
 * downloads the same bytes; the county adds an extra milestone, moves its deadline with a reason, and sees
 * both on the timeline. Five apps as processes, real Postgres, Redis and NATS; screenshots in tmp/e2e-screenshots/.
 */
/** The first item that matches, or a failure saying none did. */
function found<T>(items: readonly T[], matches: (item: T) => boolean): T {
  const item = items.find(matches);
  if (item === undefined) throw new Error(`none of ${items.length} items matched`);
  return item;
}

describe('milestone plan and files in Chromium (five apps as processes, real Postgres, Redis, NATS)', () => {
  let system: System;
  let projectId: string;
  const milestonesOfLinxian = async (): Promise<
    { id: string; key: string | null; title: string; dueAt: string | null }[]
  > => (await system.call('linxian', `/api/projects/${projectId}/milestones`)).body;

  const { open } = inChromium({
    system: () => system,
    start: async () => {
      system = await System.start('milestones', DEMO_FOR_BROWSERS);
      projectId = await system.linxianProjectId();
      // The demo's milestones, and the projects service answering for their files.
      const milestones = await waitFor(
        '临县’s milestones',
        () => system.call('linxian', `/api/projects/${projectId}/milestones`),
        (answer) => answer.status === 200 && answer.body.length > 0,
        { timeoutMs: 60_000, intervalMs: 250 },
      );
      await waitFor(
        'the projects service answering for milestone files',
        () => system.call('linxian', `/api/milestones/${milestones.body[0].id}/evidence`),
        (answer) => answer.status === 200,
        { timeoutMs: 60_000, intervalMs: 250 },
      );
    },
  });

  it('linxian attaches a PDF to a milestone; lvliang downloads the same bytes; 太原 cannot', async () => {
    const plan = found(await milestonesOfLinxian(), (milestone) => milestone.key === 'plan');
    // Over one chunk (256 KiB) and with every byte value, so a lost or re-encoded byte shows in the hash.
    const pdf = Buffer.concat([
      Buffer.from('%PDF-1.7\n'),
      Buffer.from(Array.from({ length: 300 * 1024 }, (_, index) => (index * 31) % 256)),
      Buffer.from('\n%%EOF\n'),
    ]);
    const sha256 = createHash('sha256').update(pdf).digest('hex');

    const county = await open('linxian', `/projects/${projectId}/milestones/${plan.id}`);
    const files = county.getByRole('region', { name: '佐证文件' });
    await expectVisible(files.getByRole('button', { name: /上传文件/ }));
    await county
      .locator('section[aria-label="佐证文件"] input[type="file"]')
      .setInputFiles({ name: '临政办发〔2023〕12号 建设方案.pdf', mimeType: 'application/pdf', buffer: pdf });
    await expectVisible(files.getByText('临政办发〔2023〕12号 建设方案.pdf'), 30_000);
    await Browser.screenshot(county, 'milestone-file-attached');

    const stored = await system.call('linxian', `/api/milestones/${plan.id}/evidence`);
    expect(stored.body).toEqual([
      expect.objectContaining({ filename: '临政办发〔2023〕12号 建设方案.pdf', sizeBytes: pdf.length, sha256 }),
    ]);

    const city = await open('lvliang', `/projects/${projectId}/milestones/${plan.id}`);
    const download = city.waitForEvent('download');
    await city.getByRole('button', { name: '下载 临政办发〔2023〕12号 建设方案.pdf' }).click();
    const saved = await download;
    expect(saved.suggestedFilename()).toBe('临政办发〔2023〕12号 建设方案.pdf');
    const bytes = await readFile((await saved.path()) as string);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(sha256);

    // Another city's officer: the file does not exist for them, nor the milestone's list.
    const fileId = stored.body[0].id as string;
    expect((await system.call('taiyuan', `/api/milestone-evidence/${fileId}`)).status).toBe(404);
    expect((await system.call('taiyuan', `/api/milestones/${plan.id}/evidence`)).status).toBe(404);
    expect((await system.call('lishi', `/api/milestone-evidence/${fileId}`)).status).toBe(404);

    // The province reads the upload in the audit trail of 项目与进度: who, about 临县, which file.
    const audit = await open('province', '/audit');
    await pick(audit, '服务', '项目与进度');
    await audit.getByRole('button', { name: /查\s*询/ }).click();
    const upload = audit.getByRole('row').filter({ hasText: '上传节点佐证文件（milestone.file.upload）' }).first();
    await expectVisible(upload);
    await expectVisible(upload.getByText('刘星（linxian，县级专班）'));
    await expectVisible(upload.getByText('临县'));
    const trail = await system.call('province', '/api/audit/entries?service=projects&region=141124&pageSize=200');
    const uploads = trail.body.items.filter(
      (entry: { action: string; outcome: string }) =>
        entry.action === 'milestone.file.upload' && entry.outcome === 'done',
    );
    expect(uploads).toHaveLength(1);
    await Browser.screenshot(audit, 'province-reads-the-upload');
  });

  it('linxian adds an extra milestone and moves its deadline with a reason; both show on the timeline', async () => {
    const officers = (await system.call('linxian', `/api/projects/${projectId}/officers`)).body as {
      name: string;
      role: keyof typeof OFFICER_ROLE_LABELS;
    }[];
    const officer = found(officers, () => true);
    const page = await open('linxian', `/projects/${projectId}/milestones`);
    await page.getByRole('button', { name: '添加节点' }).click();
    const dialog = page.locator('.ant-modal').filter({ hasText: '添加节点' });
    await dialog.getByLabel('节点名称').fill('设备采购到货验收');
    await dialog.getByLabel('到期时间').click();
    await dialog.getByLabel('到期时间').fill('2023-06-15 18:00');
    await dialog.getByLabel('到期时间').press('Enter');
    const officerLabel = `${officer.name}（${OFFICER_ROLE_LABELS[officer.role]}）`;
    await pick(page, '责任人', officerLabel);
    // A multiple choice keeps its list open over the form: a click on the dialog's title closes it, so the
    // button below does not move while it is being clicked.
    await dialog.locator('.ant-modal-title').click();
    await expectVisible(dialog.locator('.ant-select-selection-item').getByText(officerLabel));
    const add = dialog.getByRole('button', { name: /添\s*加/ }).last();
    expect((await clickToSend(add, 'POST', `/api/projects/${projectId}/milestones`)).status()).toBe(201);

    const timeline = page.getByRole('figure', { name: '节点时间轴' });
    await expectVisible(timeline.getByRole('img', { name: /^设备采购到货验收：期限 2023-06-15 18:00，/ }));
    await expectVisible(page.getByRole('link', { name: '设备采购到货验收' }));
    const extra = found(await milestonesOfLinxian(), (milestone) => milestone.title === '设备采购到货验收');
    expect(extra).toMatchObject({ key: null, dueAt: '2023-06-15T10:00:00.000Z' });

    await page.getByRole('link', { name: '设备采购到货验收' }).click();
    await page.waitForURL(`**/projects/${projectId}/milestones/${extra.id}`);
    await page.getByRole('dialog').getByRole('button', { name: '调整期限' }).click();
    const reschedule = page.locator('.ant-modal').filter({ hasText: '调整期限：设备采购到货验收' });
    await reschedule.getByLabel('新的到期时间').click();
    await reschedule.getByLabel('新的到期时间').fill('2023-06-20 18:00');
    await reschedule.getByLabel('新的到期时间').press('Enter');
    await reschedule.getByLabel('调整原因').fill('供货商延期交付');
    const confirm = reschedule.getByRole('button', { name: '确认调整' });
    expect((await clickToSend(confirm, 'PATCH', `/api/milestones/${extra.id}`)).status()).toBe(200);
    await expectVisible(page.getByRole('dialog').getByText('2023-06-20 18:00'));
    await Browser.screenshot(page, 'milestone-extra-rescheduled');

    await page.goto(`${system.baseUrl}/projects/${projectId}/milestones`);
    await expectVisible(
      page
        .getByRole('figure', { name: '节点时间轴' })
        .getByRole('img', { name: new RegExp(`^${escapeRegExp('设备采购到货验收：期限 2023-06-20 18:00，')}`) }),
    );
    expect(((await milestonesOfLinxian()).find((milestone) => milestone.id === extra.id) ?? {}).dueAt).toBe(
      '2023-06-20T10:00:00.000Z',
    );
  });

  it('the add-milestone dialog and the files section fit a 375 px phone without scrolling sideways', async () => {
    const plan = found(await milestonesOfLinxian(), (milestone) => milestone.key === 'plan');
    // A long name, as files are named in offices, must wrap rather than widen the drawer.
    const longName = '吕梁市临县公益性零工市场建设方案（县委县政府审批同意后发文报市局）第二次修订稿.pdf';
    const form = new FormData();
    form.append('file', new Blob([Buffer.from('%PDF-1.4\n%%EOF\n')], { type: 'application/pdf' }), longName);
    const attached = await system.call('linxian', `/api/milestones/${plan.id}/evidence`, {
      method: 'POST',
      body: form,
    });
    expect(attached.status).toBe(201);
    // Whether the page moves when asked to scroll sideways, and whether a panel's content is wider than it.
    const pageScrollsSideways = () =>
      page.evaluate(() => {
        window.scrollTo(50, window.scrollY);
        const moved = window.scrollX;
        window.scrollTo(0, window.scrollY);
        return moved > 0;
      });
    const overflowing = (selector: string) =>
      page.evaluate((panel) => {
        const element = document.querySelector(panel);
        return element ? element.scrollWidth > element.clientWidth : null;
      }, selector);
    const page = await open('linxian', `/projects/${projectId}/milestones`, PHONE);
    await expectVisible(page.getByRole('link', { name: plan.title }));
    expect(await pageScrollsSideways()).toBe(false);
    await page.getByRole('link', { name: plan.title }).click();
    await expectVisible(page.getByRole('region', { name: '佐证文件' }).getByText(longName));
    expect([await pageScrollsSideways(), await overflowing('.ant-drawer-body')]).toEqual([false, false]);
    await Browser.screenshot(page, 'milestone-files-phone');
    await page.goto(`${system.baseUrl}/projects/${projectId}/milestones`);
    await page.getByRole('button', { name: '添加节点' }).click();
    await expectVisible(page.locator('.ant-modal').filter({ hasText: '添加节点' }).getByLabel('节点名称'));
    expect([await pageScrollsSideways(), await overflowing('.ant-modal-body')]).toEqual([false, false]);
    await Browser.screenshot(page, 'milestone-add-phone');
  });
});
