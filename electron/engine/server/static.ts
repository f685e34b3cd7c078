import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import path from 'node:path';
import { pipeline } from 'node:stream/promises';
import { TOKEN_QUERY_PARAM } from '../../../shared/api/routes.js';
import { contentSecurityPolicy, contentTypeFor } from './static-headers.js';
import { fileUnder, safeRelative } from './static-paths.js';
import { statusPage } from './status-page.js';

/**
 * Serves the renderer's built files. `/` and extension-less paths that are not files get
 * index.html (the SPA routes on the client); a missing file with an extension is a real 404, so a
 * broken asset link is not answered with HTML. Nothing outside the root is ever served: paths are
 * decoded, dot segments refused, and the real path (symlinks resolved) must stay under the root.
 * Without a build (no index.html), `/` answers an honest status page instead.
 */
export class StaticFiles {
  private rootReal: Promise<string | null> | null = null;

  constructor(private readonly root: string | null) {}

  async serve(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const headOnly = req.method === 'HEAD';
    const root = await this.realRoot();
    const index = root ? await fileUnder(root, 'index.html') : null;
    if (!root || !index) {
      if (url.pathname === '/' || url.pathname === '/index.html') return sendPage(res, req, headOnly);
      return sendNotFound(res, headOnly);
    }
    const relative = safeRelative(url.pathname);
    if (relative === null) return sendNotFound(res, headOnly);
    const file = relative === '' ? index : await fileUnder(root, relative);
    // Vite puts content-hashed files under assets/: they never change. Everything else revalidates,
    // and a URL carrying the token is kept out of the HTTP cache altogether.
    const revalidate = url.searchParams.has(TOKEN_QUERY_PARAM) ? 'no-store' : 'no-cache';
    if (file) return sendFile(req, res, file, headOnly, relative.startsWith('assets/') ? IMMUTABLE : revalidate);
    if (path.posix.extname(relative) !== '') return sendNotFound(res, headOnly);
    return sendFile(req, res, index, headOnly, revalidate);
  }

  private realRoot(): Promise<string | null> {
    if (this.root === null) return Promise.resolve(null);
    // Resolved once: the build directory may appear later, so a failure is not cached.
    this.rootReal ??= realpath(this.root).catch(() => {
      this.rootReal = null;
      return null;
    });
    return this.rootReal;
  }
}

const IMMUTABLE = 'public, max-age=31536000, immutable';

function baseHeaders(req: IncomingMessage): Record<string, string> {
  return {
    'content-security-policy': contentSecurityPolicy(req.headers.host),
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'x-frame-options': 'DENY',
  };
}

async function sendFile(
  req: IncomingMessage,
  res: ServerResponse,
  file: string,
  headOnly: boolean,
  cacheControl: string,
): Promise<void> {
  const info = await stat(file);
  res.writeHead(200, {
    ...baseHeaders(req),
    'content-type': contentTypeFor(file),
    'content-length': info.size,
    'cache-control': cacheControl,
  });
  if (headOnly) return void res.end();
  // A client that goes away mid-file is not a server error; pipeline has already cleaned up.
  await pipeline(createReadStream(file), res).catch(() => undefined);
}

function sendPage(res: ServerResponse, req: IncomingMessage, headOnly: boolean): void {
  const html = statusPage();
  res.writeHead(200, {
    ...baseHeaders(req),
    'content-type': 'text/html; charset=utf-8',
    'content-length': Buffer.byteLength(html),
    'cache-control': 'no-store',
  });
  res.end(headOnly ? undefined : html);
}

function sendNotFound(res: ServerResponse, headOnly: boolean): void {
  const text = 'Not found\n';
  res.writeHead(404, { 'content-type': 'text/plain; charset=utf-8', 'content-length': Buffer.byteLength(text), 'x-content-type-options': 'nosniff' });
  res.end(headOnly ? undefined : text);
}
