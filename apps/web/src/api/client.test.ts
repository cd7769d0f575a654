import { http, HttpResponse } from 'msw';
import { API, server } from '../test/server';
import { api, newIdempotencyKey, unwrap } from './client';

const PROJECT = '6f1c0a4e-0000-4000-8000-000000000001';
const expenditure: Record<string, string> = {
  date: '2023-06-01',
  amountWan: '2.50',
  source: 'province_special',
  category: 'training',
  payee: '临县职业培训学校',
  note: '零工技能培训',
};

/** Answers each expenditure as `answers` says, in turn, and keeps the Idempotency-Key each one carried. */
function expenditures(...answers: (() => Response)[]): (string | null)[] {
  const keys: (string | null)[] = [];
  server.use(
    http.post(`${API}/projects/:id/expenditures`, ({ request }) => {
      keys.push(request.headers.get('Idempotency-Key'));
      const answer = answers[keys.length - 1] ?? answers.at(-1);
      return answer ? answer() : HttpResponse.json({}, { status: 201 });
    }),
  );
  return keys;
}

const submit = (body = expenditure) =>
  unwrap(api.POST('/api/projects/{id}/expenditures', { params: { path: { id: PROJECT } }, body: body as never })).catch(
    (error: unknown) => error,
  );
const created = () => HttpResponse.json({ id: 'x' }, { status: 201 });
const unavailable = () =>
  HttpResponse.json(
    { status: 503, title: 'Service Unavailable', detail: '…' },
    { status: 503, headers: { 'Retry-After': '1' } },
  );

describe('the Idempotency-Key of writes', () => {
  it('sends a fresh key with each submission, even of the same form', async () => {
    const keys = expenditures(created);
    await submit();
    await submit();
    expect(keys).toHaveLength(2);
    expect(keys[0]).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('retries a submission whose outcome is unknown (503, network failure) with its key, then moves on', async () => {
    const keys = expenditures(unavailable, () => HttpResponse.error(), created, created);
    await submit();
    await submit();
    await submit();
    // Settled by the 201: the same form sent again is a new submission.
    await submit();
    expect(keys).toHaveLength(4);
    expect(new Set(keys.slice(0, 3)).size).toBe(1);
    expect(keys[3]).not.toBe(keys[0]);
  });

  it('keeps the key while the gateway says the first request is still running, not after a business conflict', async () => {
    const running = () =>
      HttpResponse.json({ status: 409, detail: '仍在处理中' }, { status: 409, headers: { 'Retry-After': '1' } });
    const conflict = () => HttpResponse.json({ status: 409, detail: '项目已结项' }, { status: 409 });
    const keys = expenditures(running, conflict, created);
    await submit();
    await submit();
    await submit();
    expect(keys[1]).toBe(keys[0]);
    expect(keys[2]).not.toBe(keys[1]);
  });

  it('does not take another submission for a retry: another body gets its own key', async () => {
    const keys = expenditures(unavailable, created);
    await submit();
    await submit({ ...expenditure, amountWan: '3.00' });
    expect(keys[1]).not.toBe(keys[0]);
  });

  it('sends none with reads and with login', async () => {
    let readKey: string | null = 'unset';
    let loginKey: string | null = 'unset';
    server.use(
      http.get(`${API}/projects/:id`, ({ request }) => {
        readKey = request.headers.get('Idempotency-Key');
        return HttpResponse.json({});
      }),
      http.post(`${API}/auth/login`, ({ request }) => {
        loginKey = request.headers.get('Idempotency-Key');
        return HttpResponse.json({ accessToken: 't' });
      }),
    );
    await unwrap(api.GET('/api/projects/{id}', { params: { path: { id: PROJECT } } }));
    await unwrap(api.POST('/api/auth/login', { body: { username: 'linxian', password: 'duban-demo' } }));
    expect(readKey).toBeNull();
    expect(loginKey).toBeNull();
  });

  it('makes random UUIDs', () => {
    const keys = new Set(Array.from({ length: 100 }, newIdempotencyKey));
    expect(keys.size).toBe(100);
  });
});
