import { Spin } from 'antd';
import { lazy, Suspense } from 'react';
import { Navigate, Outlet, useLocation } from 'react-router';
import { QueryState } from '../shared/QueryState';
import { MeProvider, useMeQuery, useToken } from './session';

const ChangePasswordPage = lazy(() => import('./ChangePasswordPage'));

/**
 * Pages behind login: without a session, go to /login and come back here after it (`next`). A password an
 * administrator set must be changed first: until then the change form stands in for every page.
 */
export function RequireSession() {
  const token = useToken();
  const location = useLocation();
  const me = useMeQuery(token);
  if (token === null) {
    const next = `${location.pathname}${location.search}`;
    return <Navigate to={next === '/' ? '/login' : `/login?next=${encodeURIComponent(next)}`} replace />;
  }
  return (
    <QueryState query={me}>
      {(actor) => (
        <MeProvider me={actor}>
          {actor.mustChangePassword ? (
            <Suspense fallback={<Spin style={{ display: 'block', margin: 48 }} />}>
              <ChangePasswordPage />
            </Suspense>
          ) : (
            <Outlet />
          )}
        </MeProvider>
      )}
    </QueryState>
  );
}
