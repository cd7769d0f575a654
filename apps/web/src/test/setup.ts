import '@testing-library/jest-dom/vitest';
import { cleanup, configure } from '@testing-library/react';
import { afterAll, afterEach, beforeAll, vi } from 'vitest';
import { server } from './server';

// jsdom lacks what antd's responsive grid and ECharts' resize watching call.
Object.defineProperty(window, 'matchMedia', {
  writable: true,
  value: (query: string) => ({
    matches: false,
    media: query,
    onchange: null,
    addListener: () => undefined,
    removeListener: () => undefined,
    addEventListener: () => undefined,
    removeEventListener: () => undefined,
    dispatchEvent: () => false,
  }),
});
const ignore = () => undefined;
globalThis.ResizeObserver ??= class {
  observe = ignore;
  unobserve = ignore;
  disconnect = ignore;
};

// antd in jsdom is slow, and CI runs these beside the services' suites on two cores: a page may take
// seconds to render. Waits are generous; a test that fails still fails, only later.
configure({ asyncUtilTimeout: 20_000 });

// Every request a component makes must be answered by a handler the test declared: none reach the network,
// and a test whose page asked for something it did not declare fails, naming the request (msw alone only
// prints it, and the page shows an error the test may not look at).
const unanswered: string[] = [];
beforeAll(() =>
  server.listen({
    onUnhandledRequest(request, print) {
      const url = new URL(request.url);
      unanswered.push(`${request.method} ${url.pathname}${url.search}`);
      print.error();
    },
  }),
);
afterEach(() => {
  cleanup();
  // A test that set the clock (vi.setSystemTime) leaves the next one the real time, even when it failed.
  vi.useRealTimers();
  server.resetHandlers();
  localStorage.clear();
  if (unanswered.length > 0) throw new Error(`no handler answered: ${unanswered.splice(0).join(', ')}`);
});
afterAll(() => server.close());
