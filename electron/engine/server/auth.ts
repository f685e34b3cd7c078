import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_QUERY_PARAM } from '../../../shared/api/routes.js';

/** Token entropy: 32 random bytes (256 bits), the usual size for a bearer secret. */
const TOKEN_BYTES = 32;

/** How a request proved it knows the token. */
export type AuthMethod = 'bearer' | 'query';

/**
 * The per-start API token, accepted as `Authorization: Bearer` and, on WebSocket upgrades only
 * (a browser cannot give a WebSocket headers), as `?token=`. Never as a cookie: browsers send
 * 127.0.0.1's cookies to every port, so any other local server the user visits would receive it
 * and could replay it. Comparison hashes both sides first so it runs in constant time whatever
 * the lengths.
 */
export class TokenAuth {
  readonly token: string;
  private readonly digest: Buffer;

  constructor(token: string = randomBytes(TOKEN_BYTES).toString('base64url')) {
    if (token.length === 0) throw new Error('the API token must not be empty');
    this.token = token;
    this.digest = sha256(token);
  }

  matches(candidate: string): boolean {
    return timingSafeEqual(sha256(candidate), this.digest);
  }

  /** Which credential of the request matched, or null. `allowQuery` admits `?token=`. */
  authenticate(req: IncomingMessage, url: URL, allowQuery = false): AuthMethod | null {
    const bearer = bearerToken(req.headers.authorization);
    if (bearer !== null && this.matches(bearer)) return 'bearer';
    const query = url.searchParams.get(TOKEN_QUERY_PARAM);
    if (allowQuery && query !== null && this.matches(query)) return 'query';
    return null;
  }
}

function sha256(value: string): Buffer {
  return createHash('sha256').update(value, 'utf8').digest();
}

export function bearerToken(header: string | undefined): string | null {
  if (!header) return null;
  const match = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header);
  return match ? match[1]! : null;
}

/**
 * A browser names the page that made a request in `Origin`. Only our own origin (or a configured
 * extra, e.g. a dev server) may use the API or open a WebSocket; a request without `Origin` is not
 * from a cross-origin page (top-level navigations, scripts, tools). The Host has already been
 * checked against the allow-list, so `http://<host>` is one of our own names.
 */
export function originAllowed(req: IncomingMessage, extraOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return extraOrigins.includes(origin);
}
