import { Navigate, Outlet, useLocation } from 'react-router';
import { QueryState } from '../shared/QueryState';
import { MeProvider, useMeQuery, useToken } from './session';

/** Pages behind login: without a session, go to /login and come back here after it (`next`). */
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
          <Outlet />
        </MeProvider>
      )}
    </QueryState>
  );
}
