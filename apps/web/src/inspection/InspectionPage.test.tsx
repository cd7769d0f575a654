import { screen, waitFor, within } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { InspectionView, PutScoresBody } from '@duban/contracts';
import { API, problem, renderApp, USERS, press as pressButton } from '../test/render';
import { server } from '../test/server';
import { fullMarks, inspection, itemId, rubric } from './inspection-factory';

const INSPECTION = inspection();
const PATH = `/inspections/${INSPECTION.id}`;

/** The gateway as the page sees it: this inspection (replaced by what each write answers) and its rubric. */
function serve(initial: InspectionView) {
  let current = initial;
  server.use(
    http.get(`${API}/inspections/${initial.id}`, () => HttpResponse.json(current)),
    http.get(`${API}/rubrics/${initial.rubricId}`, () => HttpResponse.json(rubric())),
  );
  return { answerWith: (next: InspectionView) => (current = next) };
}

// jsdom has no object URLs; the page shows fetched photos through them.
beforeAll(() => {
  URL.createObjectURL = () => `blob:http://localhost:3000/${crypto.randomUUID()}`;
  URL.revokeObjectURL = () => undefined;
});

/**
 * Each click's pointer-events check reads the computed style of every ancestor, which in jsdom (with antd's
 * styles injected) takes seconds; the page sets no pointer-events on its controls.
 */
const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

const score = (number: number) => screen.getByLabelText(`第${number}项得分`);
const total = () => screen.getByText(/^总分/);
/**
 * By its text, not its role: a role query computes every button's accessible name through computed styles,
 * which jsdom (with antd's styles injected) makes take seconds per query.
 */
const press = (name: string) => pressButton(user, name);

describe('inspection page', () => {
  it('names the inspectors as people read them, not by login', async () => {
    serve(INSPECTION);
    renderApp(PATH, USERS.inspector);

    expect(await screen.findByText(/检查人员 吕梁市验收组/)).toBeInTheDocument();
    expect(screen.queryByText(/检查人员 inspector/)).not.toBeInTheDocument();
  });

  it('updates subtotals and the total as scores are typed, and refuses a score above the item’s maximum', async () => {
    serve(INSPECTION);
    renderApp(PATH, USERS.inspector);

    await user.type(await screen.findByLabelText('第1项得分'), '3');
    expect(total()).toHaveTextContent('总分 3 / 100');
    await user.type(score(4), '4.5');
    expect(total()).toHaveTextContent('总分 7.5 / 100');
    expect(screen.getByText('小计 3 / 15')).toBeInTheDocument();
    expect(screen.getByText('小计 4.5 / 40')).toBeInTheDocument();

    await user.type(score(2), '6');
    expect(total()).toHaveTextContent('总分 7.5 / 100');
    await user.tab();
    expect(score(2)).toHaveValue('5');
    expect(total()).toHaveTextContent('总分 12.5 / 100');
    expect(screen.getByText('小计 8 / 15')).toBeInTheDocument();

    await user.type(score(3), '2.3');
    await press('保存评分');
    expect(await screen.findByText('分数须为 0.5 的整数倍')).toBeInTheDocument();
  });

  it('saves every filled score with its note, then sends only what changed', async () => {
    const gateway = serve(INSPECTION);
    const bodies: PutScoresBody[] = [];
    server.use(
      http.put(`${API}/inspections/${INSPECTION.id}/scores`, async ({ request }) => {
        const body = (await request.json()) as PutScoresBody;
        bodies.push(body);
        const stored = Object.fromEntries(
          body.scores.map((entry) => [Number(entry.itemId.slice(-12)), entry.score] as const),
        );
        const next = inspection({}, { ...fullMarks(), ...stored });
        gateway.answerWith(next);
        return HttpResponse.json({
          ...next,
          items: next.items.map((item) => ({
            ...item,
            note: body.scores.find((s) => s.itemId === item.id)?.note ?? '',
          })),
        });
      }),
    );
    renderApp(PATH, USERS.inspector);

    const marks = fullMarks();
    await screen.findByLabelText('第1项得分');
    for (const [number, points] of Object.entries(marks)) {
      await user.type(score(Number(number)), String(number === '12' ? 13.5 : points));
    }
    await user.type(screen.getByLabelText('第12项说明'), '专场招聘活动偏少');
    expect(total()).toHaveTextContent('总分 98.5 / 100');
    await press('保存评分');

    await waitFor(() => expect(bodies).toHaveLength(1));
    expect(bodies[0]?.scores).toHaveLength(15);
    expect(bodies[0]?.scores).toContainEqual({ itemId: itemId(12), score: 13.5, note: '专场招聘活动偏少' });
    expect(bodies[0]?.scores).toContainEqual({ itemId: itemId(1), score: 5, note: '' });
    expect(await screen.findByText('已全部保存')).toBeInTheDocument();

    await user.clear(score(3));
    await user.type(score(3), '4');
    await press('保存评分');
    await waitFor(() => expect(bodies).toHaveLength(2));
    expect(bodies[1]).toEqual({ scores: [{ itemId: itemId(3), score: 4, note: '' }] });
  });

  it('shows a refused score at its item and keeps everything typed', async () => {
    serve(inspection({}, { 1: 5 }));
    server.use(
      http.put(`${API}/inspections/${INSPECTION.id}/scores`, () =>
        problem(400, '评分有误', [{ field: 'scores.1.score', message: '第 9 项不在本次复查范围内' }]),
      ),
    );
    renderApp(PATH, USERS.inspector);

    await user.type(await screen.findByLabelText('第2项说明'), '方案未经论证');
    await user.type(score(2), '3');
    await user.type(score(9), '4');
    await press('保存评分');

    const item9 = screen.getByLabelText('第9项');
    expect(await within(item9).findByText('第 9 项不在本次复查范围内')).toBeInTheDocument();
    expect(screen.getByText('评分未保存：评分有误')).toBeInTheDocument();
    expect(score(2)).toHaveValue('3');
    expect(score(9)).toHaveValue('4');
    expect(screen.getByLabelText('第2项说明')).toHaveValue('方案未经论证');
    expect(total()).toHaveTextContent('总分 12 / 100');
  });

  it('signs with the name typed and then shows the signed state without score controls', async () => {
    const scored = inspection({}, fullMarks());
    serve(scored);
    const names: unknown[] = [];
    server.use(
      http.post(`${API}/inspections/${INSPECTION.id}/sign`, async ({ request }) => {
        names.push(await request.json());
        return HttpResponse.json({
          ...scored,
          status: 'inspector_signed',
          signatures: {
            inspector: {
              name: '王验收',
              username: 'inspector',
              signedAt: '2025-10-20T06:30:00.000Z',
              contentHash: `abcdef012345${'0'.repeat(52)}`,
            },
            county: null,
          },
        } satisfies InspectionView);
      }),
    );
    renderApp(PATH, USERS.inspector);

    await user.type(await screen.findByLabelText('签字人姓名'), '王验收');
    await press('签字确认');

    expect(await screen.findByText('验收组已签字，待县级会签')).toBeInTheDocument();
    expect(names).toEqual([{ name: '王验收' }]);
    expect(screen.getByText(/王验收（inspector）/)).toBeInTheDocument();
    expect(screen.getByText('SHA-256 abcdef012345…')).toBeInTheDocument();
    expect(screen.getByText('总分 100 / 100')).toBeInTheDocument();
    expect(screen.getByText('达到合格线（会签后确定）')).toBeInTheDocument();
    expect(screen.queryByLabelText('第1项得分')).not.toBeInTheDocument();
    expect(screen.queryByText('保存评分')).not.toBeInTheDocument();
    expect(screen.getAllByText('得分 5 / 5')).toHaveLength(11);
  });

  it('shows the service’s refusal to sign and keeps the name', async () => {
    serve(inspection({}, { 1: 5 }));
    server.use(
      http.post(`${API}/inspections/${INSPECTION.id}/sign`, () =>
        problem(409, '尚有 14 项未评分：第 2、3、4、5、6、7、8、9、10、11、12、13、14、15 项', []),
      ),
    );
    renderApp(PATH, USERS.inspector);

    await user.type(await screen.findByLabelText('签字人姓名'), '王验收');
    await press('签字确认');

    expect(
      await screen.findByText('未能签字：尚有 14 项未评分：第 2、3、4、5、6、7、8、9、10、11、12、13、14、15 项'),
    ).toBeInTheDocument();
    expect(screen.getByLabelText('签字人姓名')).toHaveValue('王验收');
    expect(score(1)).toHaveValue('5');
  });

  it('lets 临县 countersign an inspection the inspector signed, and shows the result', async () => {
    const signedByInspector = inspection(
      {
        status: 'inspector_signed',
        signatures: {
          inspector: {
            name: '王验收',
            username: 'inspector',
            signedAt: '2025-10-20T06:30:00.000Z',
            contentHash: 'a'.repeat(64),
          },
          county: null,
        },
      },
      { ...fullMarks(), 12: 13.5 },
    );
    serve(signedByInspector);
    const names: unknown[] = [];
    server.use(
      http.post(`${API}/inspections/${INSPECTION.id}/sign`, async ({ request }) => {
        names.push(await request.json());
        return HttpResponse.json({
          ...signedByInspector,
          status: 'signed',
          passed: true,
          signatures: {
            ...signedByInspector.signatures,
            county: {
              name: '刘星',
              username: 'linxian',
              signedAt: '2025-10-20T08:00:00.000Z',
              contentHash: 'a'.repeat(64),
            },
          },
        } satisfies InspectionView);
      }),
    );
    renderApp(PATH, USERS.linxian);

    expect(await screen.findByText('县级专班会签')).toBeInTheDocument();
    expect(screen.queryByLabelText('第1项得分')).not.toBeInTheDocument();
    await user.type(screen.getByLabelText('签字人姓名'), '刘星');
    await press('县级会签');

    expect(await screen.findByText('合格')).toBeInTheDocument();
    expect(names).toEqual([{ name: '刘星' }]);
    expect(screen.getByText(/刘星（linxian）/)).toBeInTheDocument();
    expect(screen.getByText('总分 98.5 / 100')).toBeInTheDocument();
    expect(screen.queryByText('县级专班会签')).not.toBeInTheDocument();
  });

  it('uploads a photo for an item and shows the stored photos fetched with the bearer token', async () => {
    const photo = {
      id: '0195d000-0000-7000-8000-0000000000ee',
      itemId: itemId(6),
      filename: '标识.jpg',
      contentType: 'image/jpeg',
      sizeBytes: 3,
      sha256: 'b'.repeat(64),
      uploadedBy: 'inspector',
      uploadedAt: '2025-10-20T06:00:00.000Z',
    };
    const gateway = serve(INSPECTION);
    // jsdom's File reaches msw without its name (a test-environment artefact), so the type and bytes are compared.
    const uploads: { type: string; size: number }[] = [];
    const authorizations: (string | null)[] = [];
    server.use(
      http.post(`${API}/inspections/${INSPECTION.id}/items/${itemId(6)}/evidence`, async ({ request }) => {
        const file = (await request.formData()).get('file') as File;
        uploads.push({ type: file.type, size: file.size });
        gateway.answerWith({
          ...INSPECTION,
          items: INSPECTION.items.map((item) => (item.number === 6 ? { ...item, evidence: [photo] } : item)),
        });
        return HttpResponse.json(photo, { status: 201 });
      }),
      http.get(`${API}/evidence/${photo.id}`, ({ request }) => {
        authorizations.push(request.headers.get('Authorization'));
        return new HttpResponse(new Uint8Array([0xff, 0xd8, 0xff]), { headers: { 'Content-Type': 'image/jpeg' } });
      }),
    );
    renderApp(PATH, USERS.inspector);

    const input = await screen.findByLabelText('第6项照片');
    expect(input).toHaveAttribute('capture', 'environment');
    await user.upload(input, new File([new Uint8Array([0xff, 0xd8, 0xff])], '标识.jpg', { type: 'image/jpeg' }));

    expect(await screen.findByAltText('标识.jpg')).toHaveAttribute('src', expect.stringMatching(/^blob:/));
    expect(uploads).toEqual([{ type: 'image/jpeg', size: 3 }]);
    expect(authorizations).toEqual(['Bearer token-of-inspector']);
  });

  it('says so when the inspection is not in the user’s scope', async () => {
    server.use(http.get(`${API}/inspections/${INSPECTION.id}`, () => problem(404, '验收检查不存在', [])));
    renderApp(PATH, USERS.inspector);
    expect(await screen.findByText(/验收检查不存在/)).toBeInTheDocument();
  });
});
