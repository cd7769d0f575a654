import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';

/** Where the app's client sends requests in tests (jsdom's origin is set in vite.config.ts). */
export const API = 'http://localhost:3000/api';

/**
 * What the layout around every page asks for, answered unless a test says otherwise: no programme for the
 * header's selector, an empty inbox for the bell, and its live stream left open and silent. Tests add their own answers with `server.use(...)`;
 * `resetHandlers()` after each test comes back to these.
 */
const layout = [
  http.get(`${API}/programmes`, () => HttpResponse.json([])),
  http.get(`${API}/me/notifications`, () => HttpResponse.json({ items: [], unread: 0 })),
  http.get(
    `${API}/me/notifications/stream`,
    () => new HttpResponse(new ReadableStream(), { headers: { 'Content-Type': 'text/event-stream' } }),
  ),
];

/** The stand-in gateway of component tests (msw): each test answers the routes its page calls. */
export const server = setupServer(...layout);
