import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { InspectionView, OpenInspectionBody, RectificationView } from '@duban/contracts';
import { API, fill, press, problem, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { PROJECT_ID, pageAnswers } from '../county/county-fixtures';
import { fullMarks, inspection, itemId, rubric } from './inspection-factory';

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

/** Presses a button once the page (loaded lazily, then its data) shows it. */
async function pressShown(name: string): Promise<void> {
  await screen.findByText(name, { selector: 'button, button *' });
  await press(user, name);
}
const OPEN = inspection();
const PATH = `/inspections/${OPEN.id}`;

function serve(initial: InspectionView) {
  let current = initial;
  server.use(
    http.get(`${API}/inspections/${initial.id}`, () => HttpResponse.json(current)),
    http.get(`${API}/rubrics/${initial.rubricId}`, () => HttpResponse.json(rubric())),
  );
  return (next: InspectionView) => (current = next);
}

const RECTIFICATION: RectificationView = {
  id: '0195d000-0000-7000-8000-0000000000e1',
  inspectionId: OPEN.id,
  itemId: itemId(6),
  itemNumber: 6,
  what: '更换牌匾',
  responsibleUsername: 'linxian',
  responsibleName: '刘星',
  dueDate: '2025-11-30',
  dueAt: null,
  reminderPlan: null,
  status: 'open',
  createdBy: 'lvliang',
  createdAt: '2025-10-21T02:00:00.000Z',
  closedAt: null,
  closedBy: null,
  closingNote: null,
};

describe('撤销 and 复查 on the inspection page; 自评 on the county’s tab', () => {
  it('lets the city withdraw an open inspection after saying why and confirming, then shows it withdrawn', async () => {
    const reasons: unknown[] = [];
    serve(OPEN);
    server.use(
      http.post(`${API}/inspections/${OPEN.id}/cancel`, async ({ request }) => {
        reasons.push(await request.json());
        return HttpResponse.json({
          ...OPEN,
          status: 'cancelled',
          cancellation: {
            username: 'lvliang',
            name: '吕梁市人社局',
            at: '2025-10-20T03:00:00.000Z',
            reason: '日期选错',
          },
        });
      }),
    );
    renderApp(PATH, USERS.lvliang);

    await pressShown('撤销检查');
    const dialog = within(await screen.findByRole('dialog'));
    expect(dialog.getByText(/撤销后不可恢复/)).toBeInTheDocument();
    await fill(user, dialog.getByLabelText('撤销原因'), '日期选错');
    await press(user, '确认撤销');

    expect(await screen.findByText('已撤销：日期选错')).toBeInTheDocument();
    // Named as people read it, at Beijing time.
    expect(screen.getByText(/^吕梁市人社局 于 2025-10-20 11:00 撤销/)).toBeInTheDocument();
    expect(screen.getByText('已撤销', { selector: '.ant-tag' })).toBeInTheDocument();
    expect(reasons).toEqual([{ reason: '日期选错' }]);
    expect(screen.queryByText('撤销检查')).not.toBeInTheDocument();
  });

  it('keeps the dialog and the reason typed when the service refuses (409 in Chinese, 400 under the field)', async () => {
    serve(OPEN);
    let answer = () => problem(400, '请求参数不正确', [{ field: 'reason', message: '请填写撤销原因（至少 2 个字）' }]);
    server.use(http.post(`${API}/inspections/${OPEN.id}/cancel`, () => answer()));
    renderApp(PATH, USERS.province);

    await pressShown('撤销检查');
    const dialog = within(await screen.findByRole('dialog'));
    await fill(user, dialog.getByLabelText('撤销原因'), '错');
    await press(user, '确认撤销');
    expect(await dialog.findByText('请填写撤销原因（至少 2 个字）')).toBeInTheDocument();
    expect(dialog.getByLabelText('撤销原因')).toHaveValue('错');

    answer = () => problem(409, '验收检查已签字，不能撤销');
    await press(user, '确认撤销');
    expect(await dialog.findByText('验收检查已签字，不能撤销')).toBeInTheDocument();
    expect(dialog.getByLabelText('撤销原因')).toHaveValue('错');
  });

  it('offers no withdrawal to the inspector', async () => {
    serve(OPEN);
    renderApp(PATH, USERS.inspector);
    expect(await screen.findByLabelText('第1项得分')).toBeInTheDocument();
    expect(screen.queryByText('撤销检查')).not.toBeInTheDocument();
  });

  it('lets the city open a re-inspection of a signed inspection’s open items and moves to it', async () => {
    const signed = inspection(
      { status: 'signed', passed: false, rectifications: [RECTIFICATION] },
      { ...fullMarks(), 6: 0 },
    );
    const re = inspection({ id: '0195d000-0000-7000-8000-0000000000ab', reinspectionOf: signed.id, toScoreCount: 1 });
    serve(signed);
    serve(re);
    const bodies: OpenInspectionBody[] = [];
    server.use(
      http.get(`${API}/projects/${signed.projectId}/eligible-inspectors`, () =>
        HttpResponse.json([{ username: 'inspector', displayName: '王验收', regionCodes: ['141124'] }]),
      ),
      http.post(`${API}/projects/${signed.projectId}/inspections`, async ({ request }) => {
        bodies.push((await request.json()) as OpenInspectionBody);
        return HttpResponse.json(re, { status: 201 });
      }),
    );
    const { router } = renderApp(`/inspections/${signed.id}`, USERS.lvliang);

    await pressShown('发起复查');
    // Signed: no withdrawal any more.
    expect(screen.queryByText('撤销检查')).not.toBeInTheDocument();
    const dialog = within(await screen.findByRole('dialog'));
    await user.click(dialog.getByLabelText('检查人员'));
    await user.click(await screen.findByText('王验收（inspector）'));
    await press(user, '发 起');

    await waitFor(() => expect(router.state.location.pathname).toBe(`/inspections/${re.id}`));
    expect(bodies).toEqual([
      {
        kind: 'inspection',
        date: expect.stringMatching(/^\d{4}-\d{2}-\d{2}$/),
        inspectors: ['inspector'],
        reinspectionOf: signed.id,
      },
    ]);
    expect(await screen.findByText(/复查（只评整改项）/)).toBeInTheDocument();
  });

  it('lets the county file a self-assessment from its 验收 tab and go to it', async () => {
    const self = inspection({ id: '0195d000-0000-7000-8000-0000000000ac', kind: 'self_assessment', inspectors: [] });
    serve(self);
    const bodies: unknown[] = [];
    server.use(
      http.get(`${API}/projects/${PROJECT_ID}/inspections`, () => HttpResponse.json({ items: [] })),
      http.post(`${API}/projects/${PROJECT_ID}/inspections`, async ({ request }) => {
        bodies.push(await request.json());
        return HttpResponse.json({ ...self, projectId: PROJECT_ID }, { status: 201 });
      }),
      ...pageAnswers(),
    );
    const { router } = renderApp(`/projects/${PROJECT_ID}/inspections`, USERS.linxian);

    await pressShown('填报自评');
    await waitFor(() => expect(router.state.location.pathname).toBe(`/inspections/${self.id}`));
    expect(bodies).toEqual([{ kind: 'self_assessment', date: expect.any(String), inspectors: [] }]);
    expect(await screen.findByText('临县自评')).toBeInTheDocument();
  });
});
