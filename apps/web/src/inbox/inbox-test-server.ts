import { LIVE_CHANGE_EVENT, type LiveChange } from '@duban/contracts';
import { http, HttpResponse } from 'msw';
import type { InboxItem } from './inbox-api';
import { API } from '../test/render';

/**
 * A stand-in for the gateway's inbox in component tests: `GET /api/me/notifications` answers from `items`
 * (newest first, `unread=true` honoured), `POST …/:id/read` records the id and marks it read, and
 * `GET …/stream` is a live `text/event-stream` that `deliver()` pushes an event into, as the gateway does.
 */
export function inboxServer(initial: InboxItem[]) {
  const items = [...initial];
  const listRequests: URL[] = [];
  const readRequests: string[] = [];
  const streamRequests: Request[] = [];
  const open = new Set<ReadableStreamDefaultController<Uint8Array>>();
  const encoder = new TextEncoder();

  const handlers = [
    http.get(`${API}/me/notifications`, ({ request }) => {
      const url = new URL(request.url);
      listRequests.push(url);
      const unreadOnly = url.searchParams.get('unread') === 'true';
      const limit = Number(url.searchParams.get('limit') ?? 100);
      const newestFirst = [...items].sort((a, b) => b.createdAt.localeCompare(a.createdAt));
      return HttpResponse.json({
        items: newestFirst.filter((item) => !unreadOnly || item.readAt === null).slice(0, limit),
        unread: items.filter((item) => item.readAt === null).length,
      });
    }),
    http.post(`${API}/me/notifications/:id/read`, ({ params }) => {
      const id = String(params.id);
      readRequests.push(id);
      const index = items.findIndex((item) => item.id === id);
      const item = items[index];
      if (!item) return HttpResponse.json({ status: 404, title: '通知不存在' }, { status: 404 });
      items[index] = { ...item, readAt: item.readAt ?? new Date().toISOString() };
      return HttpResponse.json(items[index]);
    }),
    http.get(`${API}/me/notifications/stream`, ({ request }) => {
      streamRequests.push(request);
      let self: ReadableStreamDefaultController<Uint8Array>;
      const body = new ReadableStream<Uint8Array>({
        start(controller) {
          self = controller;
          open.add(controller);
          controller.enqueue(encoder.encode(': connected\n\n'));
        },
        cancel() {
          open.delete(self);
        },
      });
      request.signal.addEventListener('abort', () => open.delete(self));
      return new HttpResponse(body, { headers: { 'Content-Type': 'text/event-stream' } });
    }),
  ];

  return {
    handlers,
    listRequests,
    readRequests,
    streamRequests,
    openStreams: () => open.size,
    /** The gateway goes away (a restart): every open stream ends. */
    dropStreams() {
      for (const controller of open) controller.close();
      open.clear();
    },
    /** New notifications land in the inbox and the gateway tells every open stream. */
    deliver(...added: InboxItem[]) {
      items.push(...added);
      const frame = encoder.encode(
        `event: notification\ndata: ${JSON.stringify({ ids: added.map((item) => item.id) })}\n\n`,
      );
      for (const controller of open) controller.enqueue(frame);
    },
    /** Data a page shows changed: the gateway's `event: change` hint (a LiveChange) on every open stream. */
    change(change: LiveChange) {
      const frame = encoder.encode(`event: ${LIVE_CHANGE_EVENT}\ndata: ${JSON.stringify(change)}\n\n`);
      for (const controller of open) controller.enqueue(frame);
    },
  };
}

let counter = 0;

/** A notification as the gateway answers it; a milestone reminder of 临县 unless told otherwise. */
export function inboxItem(overrides: Partial<InboxItem> = {}): InboxItem {
  counter += 1;
  const id = `0190a3c4-0000-7000-8000-${String(counter).padStart(12, '0')}`;
  return {
    id,
    subjectType: 'milestone',
    subjectId: `0190a3c4-0000-7000-9000-${String(counter).padStart(12, '0')}`,
    stage: 'before-3wd',
    title: `【到期提醒】临县「节点${counter}」还有3天到期`,
    body: `临县的「节点${counter}」将于2024年5月31日（当日24时前）到期，距到期还有3天。请按时完成并上传佐证材料。`,
    projectId: '0190a3c4-0000-7000-8000-0000000000bb',
    regionCode: '141124',
    link: null,
    createdAt: new Date(Date.now() - counter * 60_000).toISOString(),
    readAt: null,
    ...overrides,
  };
}
