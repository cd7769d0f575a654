import { useQuery, useQueryClient } from '@tanstack/react-query';
import { createContext, useContext, useEffect, useSyncExternalStore, type ReactNode } from 'react';
import { api, unwrap } from '../api/client';
import type { components } from '../api/schema';
import { session } from './session-store';

/** The caller; `mustChangePassword` when an administrator set the password (the app asks for a new one first). */
export type Me = components['schemas']['ActorDto'] & { mustChangePassword?: boolean };

/** Whether a token is held; re-renders when a login or a 401 changes it. */
export function useToken(): string | null {
  return useSyncExternalStore(session.subscribe, session.token, () => null);
}

const MeContext = createContext<Me | null>(null);

/** The logged-in user (role, regions); only inside <RequireSession>. */
export function useMe(): Me {
  const me = useContext(MeContext);
  if (!me) throw new Error('useMe() outside <RequireSession>');
  return me;
}

export function MeProvider({ me, children }: { me: Me; children: ReactNode }) {
  return <MeContext.Provider value={me}>{children}</MeContext.Provider>;
}

/** GET /api/me for the held token. When the session ends, every cached answer of the old user goes too. */
export function useMeQuery(token: string | null) {
  const queryClient = useQueryClient();
  useEffect(() => {
    if (token === null) queryClient.clear();
  }, [token, queryClient]);
  return useQuery({
    queryKey: ['me', token],
    queryFn: () => unwrap(api.GET('/api/me')),
    enabled: token !== null,
    staleTime: Infinity,
  });
}
