/**
 * Where the access token lives: localStorage, so a link opened in a new tab (from an e-mail or an IM
 * reminder) is already logged in. A 401 from any request calls `end()`: the token goes and the app shows
 * the login page, which returns to the page the user was on.
 */
const TOKEN_KEY = 'duban.accessToken';

type Listener = () => void;
const listeners = new Set<Listener>();

export const session = {
  token(): string | null {
    return globalThis.localStorage?.getItem(TOKEN_KEY) ?? null;
  },
  start(token: string): void {
    localStorage.setItem(TOKEN_KEY, token);
    listeners.forEach((listener) => listener());
  },
  /** Logging out, or the server no longer accepts the token (expired, signed out elsewhere). */
  end(): void {
    if (session.token() === null) return;
    localStorage.removeItem(TOKEN_KEY);
    listeners.forEach((listener) => listener());
  },
  subscribe(listener: Listener): () => void {
    listeners.add(listener);
    return () => listeners.delete(listener);
  },
};
