import { TOKEN_QUERY_PARAM } from '../../shared/api/routes.js';
import type { BatonBridge } from '../../shared/bridge/bridge-api.js';

declare global {
  interface Window {
    baton?: BatonBridge;
  }
}

/** Where the page keeps the token for the life of its tab (reloads included), per origin. */
export const TOKEN_STORAGE_KEY = 'baton.token';

/** Where the engine is and how to authenticate. */
export interface Connection {
  baseUrl: string;
  /**
   * Sent as `Authorization: Bearer` (and in the WebSocket URL). Null in Electron, whose main
   * process adds the header itself so page scripts never hold the token; null in a browser opened
   * without the token, which then shows how to get in (see `needsToken`).
   */
  token: string | null;
}

type PageWindow = Pick<Window, 'baton' | 'location' | 'history' | 'sessionStorage'>;

/**
 * In Electron the preload names the engine. In a browser the engine is this page's origin and the
 * token comes from the URL `baton serve` printed: it is moved into sessionStorage and removed from
 * the address bar at once, so it is not in history, bookmarks or a copied link. It is never a
 * cookie: the browser would send 127.0.0.1's cookies to every other local server too.
 */
export function resolveConnection(win: PageWindow = window): Connection {
  const engine = win.baton?.engine;
  if (engine) return { baseUrl: engine.url.replace(/\/$/, ''), token: null };
  return { baseUrl: win.location.origin, token: takeTokenFromUrl(win) ?? readStored(win) };
}

/** A browser page without the token: every API call would be refused, so it says how to get in. */
export function needsToken(connection: Connection, win: Pick<Window, 'baton'> = window): boolean {
  return connection.token === null && !win.baton?.engine;
}

function takeTokenFromUrl(win: PageWindow): string | null {
  const url = new URL(win.location.href);
  const token = url.searchParams.get(TOKEN_QUERY_PARAM);
  if (token === null) return null;
  url.searchParams.delete(TOKEN_QUERY_PARAM);
  win.history.replaceState(win.history.state, '', `${url.pathname}${url.search}${url.hash}`);
  if (token === '') return null;
  try {
    win.sessionStorage.setItem(TOKEN_STORAGE_KEY, token);
  } catch {
    // Storage refused (a privacy mode): the token lives in page memory until the tab reloads.
  }
  return token;
}

function readStored(win: PageWindow): string | null {
  try {
    return win.sessionStorage.getItem(TOKEN_STORAGE_KEY);
  } catch {
    return null;
  }
}

export function webSocketUrl(connection: Connection, path: string): string {
  const url = new URL(path, connection.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // Browsers cannot set headers on a WebSocket; the engine accepts the token as a query parameter
  // there (and only there). It goes to our own origin only, never into a cookie.
  if (connection.token) url.searchParams.set(TOKEN_QUERY_PARAM, connection.token);
  return url.toString();
}
