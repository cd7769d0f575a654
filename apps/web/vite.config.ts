/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const root = fileURLToPath(new URL('.', import.meta.url));

/**
 * The officers' web app. The gateway serves `dist/` at `/`; in development `vite` proxies `/api` to a
 * gateway on port 3000, so one `npm start` plus `nx serve web` gives hot reload against the real services.
 */
export default defineConfig({
  root,
  base: '/',
  plugins: [react()],
  // The contracts are plain TypeScript + zod: the pages use their labels and rules, so they say what the services say.
  resolve: {
    alias: {
      '@duban/contracts': fileURLToPath(new URL('../../libs/contracts/src/index.ts', import.meta.url)),
      // The holiday notice's file forms and checks, so a preview says what a load would answer.
      '@duban/calendar': fileURLToPath(new URL('../../libs/calendar/src/index.ts', import.meta.url)),
    },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Pages load lazily and antd's components split with them, so the phone's inspection page never loads the
    // dashboard's charts. ECharts (~600 kB, only the dashboard's charts use it) is the one chunk above the default.
    chunkSizeWarningLimit: 600,
  },
  server: { proxy: { '/api': 'http://127.0.0.1:3000' } },
  test: {
    // happy-dom, not jsdom: antd's pages render several times faster in it, and it implements what jsdom
    // reported as missing on every render (getComputedStyle with a pseudo-element).
    environment: 'happy-dom',
    // An origin, so the client's absolute URLs resolve (mock handlers answer http://localhost:3000/api/…).
    environmentOptions: { happyDOM: { url: 'http://localhost:3000/' } },
    // One module graph per worker, not one per file: antd, dayjs' locale and the route table load once per
    // worker instead of once per file, which was most of the suite's time. Files stay independent: the setup
    // unmounts, resets msw's handlers and clears storage after every test (src/test/setup.ts).
    isolate: false,
    globals: true,
    setupFiles: ['src/test/setup.ts'],
    include: ['src/**/*.test.{ts,tsx}'],
    css: false,
    testTimeout: 120_000,
    // A browser whose clock is not China's: every time shown must still be Asia/Shanghai's, wherever it runs.
    env: { TZ: 'America/New_York' },
  },
});
