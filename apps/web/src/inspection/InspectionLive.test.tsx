import { screen, waitFor } from '@testing-library/react';
import userEvent, { PointerEventsCheckLevel } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import type { InspectionView } from '@duban/contracts';
import { inboxServer } from '../inbox/inbox-test-server';
import { API, renderApp, USERS } from '../test/render';
import { server } from '../test/server';
import { inspection, rubric } from './inspection-factory';
import { storedUpdates } from './score-sheet';

const INSPECTION = inspection();

// jsdom has no object URLs; the page shows fetched photos through them.
beforeAll(() => {
  URL.createObjectURL = () => `blob:http://localhost:3000/${crypto.randomUUID()}`;
  URL.revokeObjectURL = () => undefined;
});

const user = userEvent.setup({ pointerEventsCheck: PointerEventsCheckLevel.Never });

describe('the score sheet, live', () => {
  it('shows what another inspector saved when the stream says the inspection changed, and keeps what is being typed', async () => {
    let current: InspectionView = INSPECTION;
    let reads = 0;
    const stream = inboxServer([]);
    server.use(
      ...stream.handlers,
      http.get(`${API}/inspections/${INSPECTION.id}`, () => {
        reads += 1;
        return HttpResponse.json(current);
      }),
      http.get(`${API}/rubrics/${INSPECTION.rubricId}`, () => HttpResponse.json(rubric())),
    );
    renderApp(`/inspections/${INSPECTION.id}`, USERS.inspector);

    // This inspector is typing item 1 (unsaved).
    await user.type(await screen.findByLabelText('第1项得分'), '3');
    await waitFor(() => expect(stream.openStreams()).toBe(1));
    expect(reads).toBe(1);

    // Another inspector saved items 1 and 5; the gateway tells the stream.
    current = inspection({}, { 1: 4, 5: 10 });
    stream.change({
      topic: 'inspection',
      regionCode: '141124',
      projectId: INSPECTION.projectId,
      inspectionId: INSPECTION.id,
    });

    await waitFor(() => expect(screen.getByLabelText('第5项得分')).toHaveValue('10'));
    expect(reads).toBe(2);
    // Item 1 keeps the typing; the total counts both.
    expect(screen.getByLabelText('第1项得分')).toHaveValue('3');
    expect(screen.getByText(/^总分/)).toHaveTextContent('总分 13 / 100');

    // A change about another inspection refetches nothing of this one.
    stream.change({
      topic: 'inspection',
      regionCode: '141124',
      projectId: INSPECTION.projectId,
      inspectionId: '0190ffff-0000-7000-8000-000000000000',
    });
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(reads).toBe(2);
  }, 120_000);

  it('storedUpdates: only items whose stored value changed and which are untouched here', () => {
    const sheet = (items: Record<string, { score: number | null; note: string }>) => ({ items });
    const before = sheet({ a: { score: null, note: '' }, b: { score: 2, note: '' }, c: { score: 1, note: 'x' } });
    const after = sheet({ a: { score: 3, note: '' }, b: { score: 4, note: '' }, c: { score: 1, note: 'x' } });
    const typing = { a: { score: null, note: '' }, b: { score: 5, note: '' }, c: { score: 1, note: 'x' } };
    expect(storedUpdates(before, after, typing)).toEqual({ a: { score: 3, note: '' } });
    expect(storedUpdates(before, before, typing)).toEqual({});
  });
});
