import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { Me } from '../auth/session';
import { API, fill, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import type { Milestone } from './county-api';
import { aMilestone, aSchedule, LEADER_ID, MEMBER_ID, OFFICERS, pageAnswers, PROJECT_ID } from './county-fixtures';

/**
 * A stand-in projects service for the milestone plan: it keeps the milestones, records each PATCH and POST
 * body, and refuses the first write of a kind when a test queues a refusal for it.
 */
function planService(initial: Milestone[], refusals: { patch?: Response[]; post?: Response[] } = {}) {
  const milestones = new Map(initial.map((milestone) => [milestone.id, milestone]));
  const patches: unknown[] = [];
  const posts: unknown[] = [];
  return {
    patches,
    posts,
    handlers: [
      http.get(`${API}/projects/${PROJECT_ID}/milestones`, () => HttpResponse.json([...milestones.values()])),
      http.get(`${API}/projects/${PROJECT_ID}/officers`, () => HttpResponse.json(OFFICERS)),
      http.get(`${API}/milestones/:id/reminders`, () => HttpResponse.json(aSchedule([]))),
      http.get(`${API}/milestones/:id/evidence`, () => HttpResponse.json([])),
      http.patch<{ id: string }>(`${API}/milestones/:id`, async ({ request, params }) => {
        const body = (await request.json()) as Partial<Milestone> & { reason?: string };
        patches.push(body);
        const refusal = refusals.patch?.shift();
        if (refusal) return refusal;
        const before = milestones.get(params.id);
        if (!before) return problem(404, '节点不存在');
        const { reason: _reason, ...changes } = body;
        const after: Milestone = { ...before, ...changes, version: before.version + 1 };
        milestones.set(after.id, after);
        return HttpResponse.json(after);
      }),
      http.post(`${API}/projects/${PROJECT_ID}/milestones`, async ({ request }) => {
        const body = (await request.json()) as Partial<Milestone>;
        posts.push(body);
        const refusal = refusals.post?.shift();
        if (refusal) return refusal;
        const created = aMilestone({ ...body, key: null, dueDate: null });
        milestones.set(created.id, created);
        return HttpResponse.json(created, { status: 201 });
      }),
    ],
  };
}

/** Pastes text into fields, as the shared `fill` does. */
const user = userEvent.setup();

/** Types a date (and time) into an antd picker and confirms it, as a person does from the keyboard. */
async function pickDate(field: HTMLElement, text: string): Promise<void> {
  await userEvent.click(field);
  await fill(user, field, text);
  await userEvent.keyboard('{Enter}');
}

type Scope = ReturnType<typeof within>;

/** The modal or drawer with this title (role queries by name are slow, and antd's modal names are not computed). */
async function dialogTitled(title: string): Promise<Scope> {
  const heading = await screen.findByText(title, { selector: '.ant-modal-title, .ant-drawer-title' });
  return within(heading.closest('[role="dialog"]') as HTMLElement);
}

/** Clicks the button showing `name` in `scope` (antd spaces two-character labels: pass them as shown). */
async function click(scope: Scope, name: string): Promise<void> {
  const label = await scope.findByText(name, { selector: 'button, button *' });
  await userEvent.click(label.closest('button') ?? label);
}

function button(scope: Scope, name: string): HTMLElement | null {
  return scope.queryByText(name, { selector: 'button, button *' });
}

async function openDrawer(milestone: Milestone, user: Me = USERS.linxian): Promise<Scope> {
  renderApp(`/projects/${PROJECT_ID}/milestones/${milestone.id}`, user);
  return dialogTitled(milestone.title);
}

describe('节点计划', () => {
  it('adds an extra milestone: the reason of a refusal stays under its field with what was typed, then it joins the list and the timeline', async () => {
    const plan = aMilestone({ title: '出台建设方案' });
    const service = planService([plan], {
      post: [problem(400, '请求中有无效字段', [{ field: 'title', message: '与已有节点重名' }])],
    });
    server.use(...service.handlers, ...pageAnswers());
    renderApp(`/projects/${PROJECT_ID}/milestones`, USERS.linxian);

    await click(within(document.body), '添加节点');
    const dialog = await dialogTitled('添加节点');
    await fill(user, dialog.getByLabelText('节点名称'), '设备采购验收');
    await pickDate(dialog.getByLabelText('到期时间'), '2023-06-15 18:00');
    await userEvent.click(dialog.getByLabelText('责任人'));
    await userEvent.click(await screen.findByTitle('李华（成员）'));
    await click(dialog, '添 加');

    expect((await dialog.findByText('与已有节点重名')).closest('.ant-form-item-explain')).not.toBeNull();
    expect(dialog.getByLabelText('节点名称')).toHaveValue('设备采购验收');
    await fill(user, dialog.getByLabelText('节点名称'), '设备采购到货验收');
    await click(dialog, '添 加');

    await waitFor(() => expect(screen.getByRole('link', { name: '设备采购到货验收' })).toBeInTheDocument());
    expect(service.posts).toHaveLength(2);
    expect(service.posts[1]).toEqual({
      title: '设备采购到货验收',
      // 18:00 in Asia/Shanghai, whatever the test machine's zone.
      dueAt: '2023-06-15T10:00:00.000Z',
      responsibleOfficerIds: [MEMBER_ID],
      reminderPlan: ['-P3D', '-P1D', 'PT0S'],
      after: [],
    });
    expect(screen.getByRole('img', { name: /^设备采购到货验收：期限 2023-06-15 18:00，/ })).toBeInTheDocument();
  });

  it('lets the county reschedule its extra milestone with a reason, but not a template one', async () => {
    const plan = aMilestone({ title: '出台建设方案' });
    const extra = aMilestone({ key: null, title: '设备采购验收', dueDate: null, dueAt: '2023-06-15T10:00:00.000Z' });
    const service = planService([plan, extra], {
      patch: [problem(400, '请求中有无效字段', [{ field: 'reason', message: '不能超过 1000 个字符' }])],
    });
    server.use(...service.handlers, ...pageAnswers());
    let drawer = await openDrawer(plan);
    await drawer.findByText('调整责任人', { selector: 'button, button *' });
    expect(button(drawer, '调整期限')).toBeNull();

    await userEvent.click(screen.getByRole('link', { name: '设备采购验收' }));
    drawer = await dialogTitled('设备采购验收');
    await click(drawer, '调整期限');
    const dialog = await dialogTitled('调整期限：设备采购验收');
    expect(dialog.getByLabelText('新的到期时间')).toHaveValue('2023-06-15 18:00');
    await pickDate(dialog.getByLabelText('新的到期时间'), '2023-06-20 18:00');
    await fill(user, dialog.getByLabelText('调整原因'), '供货商延期交付');
    await click(dialog, '确认调整');
    expect((await dialog.findByText('不能超过 1000 个字符')).closest('.ant-form-item-explain')).not.toBeNull();
    expect(dialog.getByLabelText('调整原因')).toHaveValue('供货商延期交付');
    await click(dialog, '确认调整');

    await waitFor(() => expect(screen.queryByText('调整期限：设备采购验收')).toBeNull());
    expect(service.patches[1]).toEqual({ dueAt: '2023-06-20T10:00:00.000Z', reason: '供货商延期交付', version: 1 });
    expect(await drawer.findByText('2023-06-20 18:00')).toBeInTheDocument();
  });

  it('lets the city move a template milestone to another date', async () => {
    const plan = aMilestone({ title: '出台建设方案' });
    const service = planService([plan]);
    server.use(...service.handlers, ...pageAnswers());
    const drawer = await openDrawer(plan, USERS.lvliang);
    await click(drawer, '调整期限');
    const dialog = await dialogTitled('调整期限：出台建设方案');
    await pickDate(dialog.getByLabelText('新的到期日'), '2023-04-15');
    await fill(user, dialog.getByLabelText('调整原因'), '县委常委会推迟审议');
    await click(dialog, '确认调整');
    await waitFor(() =>
      expect(service.patches).toEqual([{ dueDate: '2023-04-15', reason: '县委常委会推迟审议', version: 1 }]),
    );
    expect(await drawer.findByText('2023-04-15')).toBeInTheDocument();
  });

  it('reassigns a milestone from the leading group, and a refused officer is named above the form', async () => {
    const plan = aMilestone({ title: '出台建设方案', responsibleOfficerIds: [LEADER_ID] });
    const service = planService([plan], {
      patch: [
        problem(400, '请求中有无效字段', [{ field: 'responsibleOfficerIds.1', message: '不是本项目领导小组的成员' }]),
      ],
    });
    server.use(...service.handlers, ...pageAnswers());
    const drawer = await openDrawer(plan);
    await click(drawer, '调整责任人');
    const dialog = await dialogTitled('调整责任人：出台建设方案');
    await userEvent.click(dialog.getByLabelText('责任人'));
    await userEvent.click(await screen.findByTitle('李华（成员）'));
    await click(dialog, '保 存');
    expect(await dialog.findByText(/不是本项目领导小组的成员/)).toBeInTheDocument();
    await click(dialog, '保 存');

    await waitFor(() => expect(drawer.getByText('张振宇、李华')).toBeInTheDocument());
    expect(service.patches).toEqual([
      { responsibleOfficerIds: [LEADER_ID, MEMBER_ID], version: 1 },
      { responsibleOfficerIds: [LEADER_ID, MEMBER_ID], version: 1 },
    ]);
  });

  it('sets an extra milestone’s own reminder plan; the reason about one stage shows under that stage', async () => {
    const extra = aMilestone({
      key: null,
      title: '设备采购验收',
      dueDate: null,
      dueAt: '2023-06-15T10:00:00.000Z',
      reminderPlan: ['-P1D', 'PT0S'],
    });
    const template = aMilestone({ title: '出台建设方案' });
    const service = planService([extra, template], {
      patch: [problem(400, '请求中有无效字段', [{ field: 'reminderPlan.2', message: '与 -P1D 指向同一时刻' }])],
    });
    server.use(...service.handlers, ...pageAnswers());
    const drawer = await openDrawer(extra);
    await click(drawer, '设置提醒计划');
    const dialog = await dialogTitled('设置提醒计划：设备采购验收');
    expect(dialog.getByLabelText('提醒1数量')).toHaveValue('1');
    await fill(user, dialog.getByLabelText('提醒1数量'), '3');
    await click(dialog, '添加提醒');
    await click(dialog, '保 存');
    expect((await dialog.findByText('与 -P1D 指向同一时刻')).closest('.ant-form-item-explain')).not.toBeNull();
    await userEvent.click(dialog.getByLabelText('删除提醒3'));
    await click(dialog, '保 存');

    await waitFor(() => expect(service.patches).toHaveLength(2));
    expect(service.patches).toEqual([
      { reminderPlan: ['-P3D', 'PT0S', '-P1D'], version: 1 },
      { reminderPlan: ['-P3D', 'PT0S'], version: 1 },
    ]);
    // A template milestone follows the programme's reminder policy: no plan of its own to set.
    await userEvent.click(screen.getByRole('link', { name: '出台建设方案' }));
    const templateDrawer = await dialogTitled('出台建设方案');
    await templateDrawer.findByText('调整责任人', { selector: 'button, button *' });
    expect(button(templateDrawer, '设置提醒计划')).toBeNull();
  });

  it('shows no plan controls to an inspector', async () => {
    const plan = aMilestone({ title: '出台建设方案' });
    server.use(...planService([plan]).handlers, ...pageAnswers());
    const drawer = await openDrawer(plan, USERS.inspector);
    await drawer.findByText('张振宇');
    expect(button(drawer, '调整责任人')).toBeNull();
    expect(button(drawer, '调整期限')).toBeNull();
    expect(button(screen, '添加节点')).toBeNull();
  });
});
