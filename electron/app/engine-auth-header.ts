import type { Session } from 'electron';
import type { EngineAddress } from '../../shared/bridge/bridge-api.js';

/**
 * Adds `Authorization: Bearer <token>` to every request the window's session sends to the running
 * engine's origin: fetches, page loads and the WebSocket handshake alike (Electron runs
 * `onBeforeSendHeaders` for WebSockets too). The token stays in main: page scripts never see it,
 * so a script that gets into the page (agent output is untrusted) cannot carry it off. Requests
 * anywhere else are left exactly as they are.
 */
export function attachEngineToken(session: Session, engine: () => EngineAddress | null): void {
  session.webRequest.onBeforeSendHeaders((details, callback) => {
    const address = engine();
    if (!address || !sameEngineOrigin(details.url, address.url)) return callback({ requestHeaders: details.requestHeaders });
    const requestHeaders: Record<string, string> = {};
    // Whatever the page put there itself is replaced, not sent alongside.
    for (const [name, value] of Object.entries(details.requestHeaders)) if (name.toLowerCase() !== 'authorization') requestHeaders[name] = value;
    requestHeaders.Authorization = `Bearer ${address.token}`;
    callback({ requestHeaders });
  });
}

/** True when `url` (http(s) or ws(s)) is on the engine's origin: same host, port and security. */
export function sameEngineOrigin(url: string, engineUrl: string): boolean {
  try {
    const target = new URL(url);
    const engine = new URL(engineUrl);
    const scheme = target.protocol === 'ws:' ? 'http:' : target.protocol === 'wss:' ? 'https:' : target.protocol;
    return scheme === engine.protocol && target.host === engine.host;
  } catch {
    return false;
  }
}
