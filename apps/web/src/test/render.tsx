import { render, type RenderResult } from '@testing-library/react';
import { http, HttpResponse } from 'msw';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders, createQueryClient } from '../App';
import type { Me } from '../auth/session';
import { session } from '../auth/session-store';
import { routes } from '../routes';
import { server } from './server';

export const API = 'http://localhost:3000/api';

/** The demo users the pages are tested as (as GET /api/me answers for them). */
export const USERS = {
  province: { userId: 'u-province', username: 'province', displayName: '省人社厅', role: 'province_admin', regionCodes: ['140000'] },
  lvliang: { userId: 'u-lvliang', username: 'lvliang', displayName: '吕梁市人社局', role: 'city_officer', regionCodes: ['141100'] },
  linxian: { userId: 'u-linxian', username: 'linxian', displayName: '临县专班', role: 'county_officer', regionCodes: ['141124'] },
  inspector: { userId: 'u-inspector', username: 'inspector', displayName: '验收组', role: 'inspector', regionCodes: ['141124', '141102'] },
} satisfies Record<string, Me>;

/**
 * Renders the whole app (routes, providers) at `path`, logged in as `user` (null: logged out), against the
 * msw handlers the test has declared. Returns the router, to read where the app navigated.
 */
export function renderApp(path: string, user: Me | null): RenderResult & { router: ReturnType<typeof createMemoryRouter> } {
  if (user) {
    session.start(`token-of-${user.username}`);
    server.use(http.get(`${API}/me`, () => HttpResponse.json(user)));
  }
  const router = createMemoryRouter(routes, { initialEntries: [path] });
  const result = render(
    <AppProviders queryClient={createQueryClient()}>
      <RouterProvider router={router} />
    </AppProviders>,
  );
  return Object.assign(result, { router });
}

/** A problem+json answer as the gateway sends it. */
export function problem(status: number, title: string, errors: { field: string; message: string }[] = [], detail?: string) {
  return HttpResponse.json({ type: 'about:blank', status, title, detail, errors }, { status, headers: { 'Content-Type': 'application/problem+json' } });
}
