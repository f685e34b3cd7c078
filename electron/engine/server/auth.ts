import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { TOKEN_COOKIE, TOKEN_QUERY_PARAM } from '../../../shared/api/routes.js';

/** Token entropy: 32 random bytes (256 bits), the usual size for a bearer secret. */
const TOKEN_BYTES = 32;

/** How a request proved it knows the token. Cookie-borne credentials are the CSRF-prone kind. */
export type AuthMethod = 'bearer' | 'cookie' | 'query';

/**
 * The per-start API token. It is accepted as `Authorization: Bearer`, as the `baton_token` cookie,
 * or (for a first page load, and for WebSocket upgrades, which browsers cannot give headers) as
 * `?token=`. Comparison hashes both sides first so it runs in constant time whatever the lengths.
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
    const cookie = parseCookies(req.headers.cookie).get(TOKEN_COOKIE);
    if (cookie !== undefined && this.matches(cookie)) return 'cookie';
    const query = url.searchParams.get(TOKEN_QUERY_PARAM);
    if (allowQuery && query !== null && this.matches(query)) return 'query';
    return null;
  }

  /** Set-Cookie value for a browser that presented the token in the URL. */
  cookie(): string {
    return `${TOKEN_COOKIE}=${this.token}; HttpOnly; SameSite=Strict; Path=/`;
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

export function parseCookies(header: string | undefined): Map<string, string> {
  const cookies = new Map<string, string>();
  if (!header) return cookies;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0) continue;
    const name = part.slice(0, eq).trim();
    let value = part.slice(eq + 1).trim();
    if (value.startsWith('"') && value.endsWith('"') && value.length >= 2) value = value.slice(1, -1);
    // The first occurrence wins, as browsers send the most specific cookie first.
    if (name && !cookies.has(name)) cookies.set(name, value);
  }
  return cookies;
}

/**
 * Browsers send cookies to 127.0.0.1 from any local port (SameSite ignores ports), so a page served
 * by another local program could ride the cookie. Requests that can change something, and every
 * WebSocket upgrade, must therefore come from our own origin (or carry no Origin: not a browser).
 */
export function originAllowed(req: IncomingMessage, extraOrigins: readonly string[]): boolean {
  const origin = req.headers.origin;
  if (origin === undefined) return true;
  const host = req.headers.host;
  if (host !== undefined && (origin === `http://${host}` || origin === `https://${host}`)) return true;
  return extraOrigins.includes(origin);
}

/** The URL with `?token=` removed, as a path + query for a Location header. */
export function withoutToken(url: URL): string {
  const clean = new URL(url.href);
  clean.searchParams.delete(TOKEN_QUERY_PARAM);
  return `${clean.pathname}${clean.search}`;
}
