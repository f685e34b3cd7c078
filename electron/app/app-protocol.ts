import { readFile, realpath } from 'node:fs/promises';
import path from 'node:path';
import { contentTypeFor } from '../engine/server/static-headers.js';
import { fileUnder, safeRelative } from '../engine/server/static-paths.js';
import { APP_HOST, APP_SCHEME } from './app-origin.js';

/**
 * `app://baton` is registered before `ready` as a standard, secure scheme (so `'self'`, relative
 * URLs and module scripts work like on https) with fetch support. `corsEnabled` stays off: no other
 * origin, the engine's included, can read the first-run bundle cross-origin.
 */
export const APP_SCHEME_PRIVILEGES = [
  { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } },
];

/**
 * The first-run page's policy: our own scripts and styles only, and no network at all besides
 * itself (the page talks to main through the preload, never to an engine).
 */
export const FIRST_RUN_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data:",
  "font-src 'self' data:",
  "connect-src 'self'",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
  "frame-ancestors 'none'",
].join('; ');

/**
 * Serves the built renderer (dist/renderer) on app://baton/. Only files under the root are
 * served: dot segments, encoded separators and symlinks out of the root answer 404.
 */
export function createAppProtocolHandler(rendererDir: string): (request: Request) => Promise<Response> {
  let rootReal: string | null = null;
  return async (request) => {
    const url = new URL(request.url);
    if (url.host !== APP_HOST || (request.method !== 'GET' && request.method !== 'HEAD')) return notFound();
    rootReal ??= await realpath(rendererDir).catch(() => null);
    if (rootReal === null) return notFound();
    const relative = safeRelative(url.pathname);
    if (relative === null) return notFound();
    const file = await fileUnder(rootReal, relative === '' || path.posix.extname(relative) === '' ? 'index.html' : relative);
    if (file === null) return notFound();
    const body = request.method === 'HEAD' ? null : await readFile(file);
    return new Response(body, {
      status: 200,
      headers: {
        'content-type': contentTypeFor(file),
        'content-security-policy': FIRST_RUN_CSP,
        'x-content-type-options': 'nosniff',
        'cache-control': 'no-cache',
      },
    });
  };
}



function notFound(): Response {
  return new Response('Not found\n', { status: 404, headers: { 'content-type': 'text/plain; charset=utf-8' } });
}
