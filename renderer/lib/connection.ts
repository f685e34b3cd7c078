import type { BatonBridge } from '../../shared/bridge/bridge-api.js';

declare global {
  interface Window {
    baton?: BatonBridge;
  }
}

/** Where the engine is and how to authenticate: from Electron's preload, or the page's own origin. */
export interface Connection {
  baseUrl: string;
  /** Null in a browser: the engine set an HttpOnly cookie on the first page load. */
  token: string | null;
}

export function resolveConnection(win: Window = window): Connection {
  const engine = win.baton?.engine;
  if (engine) return { baseUrl: engine.url.replace(/\/$/, ''), token: engine.token };
  return { baseUrl: win.location.origin, token: null };
}

export function webSocketUrl(connection: Connection, path: string): string {
  const url = new URL(path, connection.baseUrl);
  url.protocol = url.protocol === 'https:' ? 'wss:' : 'ws:';
  // Browsers cannot set headers on a WebSocket; the engine accepts the token as a query parameter.
  if (connection.token) url.searchParams.set('token', connection.token);
  return url.toString();
}
