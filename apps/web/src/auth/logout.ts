import { api } from '../api/client';
import { session } from './session-store';

/**
 * Logs out: the gateway revokes the token (every gateway refuses it from the next request, and the live inbox
 * closes), then the session ends here. It ends even when the gateway cannot be reached (the token then simply
 * expires): leaving must never depend on the network.
 */
export async function logout(): Promise<void> {
  await api.POST('/api/auth/logout').catch(() => undefined);
  session.end();
}
