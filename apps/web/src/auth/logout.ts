import { api } from '../api/client';
import { session } from './session-store';

/**
 * Logs out: the gateway revokes the token (every gateway refuses it from the next request, and the live inbox
 * closes), then the session ends here. The session ends even when the gateway cannot be reached: leaving
 * must never depend on the network.
 */
export async function logout(): Promise<void> {
  try {
    await api.POST('/api/auth/logout');
  } finally {
    session.end();
  }
}
