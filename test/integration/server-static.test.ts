import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { send, startServer, type Harness } from './server-harness.js';

const SECRET = 'TOP-SECRET-OUTSIDE-THE-BUILD';
let base: string;
let dist: string;

beforeAll(async () => {
  base = await mkdtemp(path.join(tmpdir(), 'baton-static-'));
  dist = path.join(base, 'dist');
  await mkdir(path.join(dist, 'assets'), { recursive: true });
  await writeFile(path.join(dist, 'index.html'), '<!doctype html><div id="root"></div>');
  await writeFile(path.join(dist, 'assets', 'app-1a2b.js'), 'console.log(1)');
  await writeFile(path.join(dist, 'assets', 'app-1a2b.css'), 'body{}');
  await writeFile(path.join(dist, 'logo.svg'), '<svg/>');
  await writeFile(path.join(dist, '.env'), SECRET);
  await writeFile(path.join(base, 'secret.txt'), SECRET);
  await symlink(path.join(base, 'secret.txt'), path.join(dist, 'leak.txt'));
});

afterAll(async () => {
  await rm(base, { recursive: true, force: true });
});

describe('static files with a renderer build', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await startServer({ staticDir: dist });
  });
  afterAll(async () => {
    await h.server.close();
  });

  it('serves index.html at / with the CSP and no auth', async () => {
    const res = await send(h.port, '/');
    expect(res.status).toBe(200);
    expect(res.text).toContain('id="root"');
    expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain(`connect-src 'self' ws://127.0.0.1:${h.port}`);
    expect(csp).toContain("script-src 'self'");
    expect(res.headers['x-content-type-options']).toBe('nosniff');
  });

  it('serves files with their content types, hashed assets as immutable', async () => {
    const js = await send(h.port, '/assets/app-1a2b.js');
    expect(js.status).toBe(200);
    expect(js.text).toBe('console.log(1)');
    expect(js.headers['content-type']).toBe('text/javascript; charset=utf-8');
    expect(js.headers['cache-control']).toContain('immutable');
    expect((await send(h.port, '/assets/app-1a2b.css')).headers['content-type']).toBe('text/css; charset=utf-8');
    const svg = await send(h.port, '/logo.svg');
    expect(svg.headers['content-type']).toBe('image/svg+xml');
    expect(svg.headers['cache-control']).toBe('no-cache');
  });

  it('falls back to index.html for client-side routes, but 404s a missing file with an extension', async () => {
    const route = await send(h.port, '/board/BAT-1');
    expect(route.status).toBe(200);
    expect(route.text).toContain('id="root"');
    expect((await send(h.port, '/assets/missing.js')).status).toBe(404);
  });

  it('answers HEAD without a body', async () => {
    const res = await send(h.port, '/assets/app-1a2b.js', { method: 'HEAD' });
    expect(res.status).toBe(200);
    expect(res.headers['content-length']).toBe(String('console.log(1)'.length));
    expect(res.text).toBe('');
  });

  it('never serves anything outside the build directory, nor dotfiles', async () => {
    const attempts = [
      '/../secret.txt',
      '/..%2fsecret.txt',
      '/..%2Fsecret.txt',
      '/assets/..%2f..%2fsecret.txt',
      '/%2e%2e/secret.txt',
      '/%2e%2e%2fsecret.txt',
      '/assets/%2e%2e/%2e%2e/secret.txt',
      '/..\\secret.txt',
      '/%5c..%5csecret.txt',
      `/${encodeURIComponent(path.join(base, 'secret.txt'))}`,
      '//' + path.join(base, 'secret.txt'),
      '/leak.txt',
      '/.env',
      '/assets/%00.js',
    ];
    for (const attempt of attempts) {
      const res = await send(h.port, attempt);
      expect(res.text, attempt).not.toContain(SECRET);
      expect([200, 404], attempt).toContain(res.status);
    }
    expect((await send(h.port, '/leak.txt')).status).toBe(404);
    expect((await send(h.port, '/.env')).status).toBe(404);
  });
});

describe('static files without a renderer build', () => {
  it('serves an honest status page at / that names the state API and how to authorize', async () => {
    for (const staticDir of [null, path.join(base, 'no-such-dir')]) {
      const h = await startServer({ staticDir });
      try {
        const res = await send(h.port, '/');
        expect(res.status).toBe(200);
        expect(res.headers['content-type']).toBe('text/html; charset=utf-8');
        expect(res.text).toMatch(/not built/);
        expect(res.text).toContain('<code>/api/v1/state</code>');
        expect(res.text).toContain('Authorization: Bearer');
        expect((await send(h.port, '/assets/app.js')).status).toBe(404);
      } finally {
        await h.server.close();
      }
    }
  });

  it('starts serving the build once it appears', async () => {
    const later = path.join(base, 'later');
    const h = await startServer({ staticDir: later });
    try {
      expect((await send(h.port, '/')).text).toMatch(/not built/);
      await mkdir(later);
      await writeFile(path.join(later, 'index.html'), '<p>built now</p>');
      expect((await send(h.port, '/')).text).toContain('built now');
    } finally {
      await h.server.close();
    }
  });
});
