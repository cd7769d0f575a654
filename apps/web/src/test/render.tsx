import { render, screen, type RenderResult } from '@testing-library/react';
import type { UserEvent } from '@testing-library/user-event';
import { http, HttpResponse } from 'msw';
import { createMemoryRouter, RouterProvider } from 'react-router';
import { AppProviders, createQueryClient } from '../App';
import type { Me } from '../auth/session';
import { session } from '../auth/session-store';
import { routes } from '../routes';
import { API, server } from './server';

export { API } from './server';

/** The demo users the pages are tested as (as GET /api/me answers for them). */
export const USERS = {
  province: {
    userId: 'u-province',
    username: 'province',
    displayName: '省人社厅',
    role: 'province_admin',
    regionCodes: ['140000'],
  },
  lvliang: {
    userId: 'u-lvliang',
    username: 'lvliang',
    displayName: '吕梁市人社局',
    role: 'city_officer',
    regionCodes: ['141100'],
  },
  linxian: {
    userId: 'u-linxian',
    username: 'linxian',
    displayName: '临县专班',
    role: 'county_officer',
    regionCodes: ['141124'],
  },
  inspector: {
    userId: 'u-inspector',
    username: 'inspector',
    displayName: '验收组',
    role: 'inspector',
    regionCodes: ['141124', '141102'],
  },
} satisfies Record<string, Me>;

/**
 * Renders the whole app (routes, providers) at `path`, logged in as `user` (null: logged out), against the
 * msw handlers the test has declared. Returns the router, to read where the app navigated.
 */
export function renderApp(
  path: string,
  user: Me | null,
): RenderResult & { router: ReturnType<typeof createMemoryRouter> } {
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

const CODES: Readonly<Record<number, string>> = {
  400: 'validation_failed',
  401: 'unauthenticated',
  403: 'forbidden',
  404: 'not_found',
  409: 'conflict',
  503: 'service_unavailable',
};

/**
 * A problem+json answer as the gateway sends a service's refusal: the English HTTP phrase as `title`, the
 * service's Chinese sentence as `detail`, the error code, and the field errors of a 400.
 */
export function problem(status: number, detail: string, errors: { field: string; message: string }[] = []) {
  return HttpResponse.json(
    {
      type: `urn:duban:error:${CODES[status] ?? 'internal'}`,
      title: `HTTP ${status}`,
      status,
      detail,
      code: CODES[status] ?? 'internal',
      errors,
    },
    { status, headers: { 'Content-Type': 'application/problem+json' } },
  );
}

/** Puts `text` into a text field at once (typing key by key is slow on a busy machine); what was there goes. */
export async function fill(user: UserEvent, field: HTMLElement, text: string): Promise<void> {
  await user.clear(field);
  await user.paste(text);
}

/**
 * Clicks the button whose text is `name` (antd spaces two-character labels: pass them as shown, "重 试").
 * Found by text, not by role (role queries read every computed style); the click goes to the <button> itself,
 * since happy-dom submits a form only when the submit button is the click's target, not a <span> inside it.
 */
export async function press(user: UserEvent, name: string): Promise<void> {
  const label = screen.getByText(name, { selector: 'button, button *' });
  await user.click(label.closest('button') ?? label);
}
