import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAppProtocolHandler, FIRST_RUN_CSP } from './app-protocol.js';

describe('app:// protocol', () => {
  let dir: string;
  let handler: (request: Request) => Promise<Response>;

  beforeAll(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'baton-app-protocol-'));
    await mkdir(path.join(dir, 'renderer', 'assets'), { recursive: true });
    await writeFile(path.join(dir, 'renderer', 'index.html'), '<!doctype html><title>Baton</title>');
    await writeFile(path.join(dir, 'renderer', 'assets', 'main-abc.js'), 'console.log(1)');
    await writeFile(path.join(dir, 'secret.txt'), 'secret');
    await symlink(path.join(dir, 'secret.txt'), path.join(dir, 'renderer', 'assets', 'link.js'));
    handler = createAppProtocolHandler(path.join(dir, 'renderer'));
  });

  afterAll(() => rm(dir, { recursive: true, force: true }));

  const get = (url: string, method = 'GET') => handler(new Request(url, { method }));

  it('serves index.html with the first-run CSP', async () => {
    const res = await get('app://baton/index.html');
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    expect(res.headers.get('content-security-policy')).toBe(FIRST_RUN_CSP);
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(await res.text()).toContain('<title>Baton</title>');
  });

  it('serves assets with their type, and index.html for the root and app routes', async () => {
    const js = await get('app://baton/assets/main-abc.js');
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toBe('console.log(1)');
    expect(await (await get('app://baton/')).text()).toContain('Baton');
    expect(await (await get('app://baton/settings')).text()).toContain('Baton');
  });

  it('answers 404 for anything outside the build or on another host', async () => {
    for (const url of [
      'app://baton/assets/missing.js',
      'app://baton/%2e%2e/secret.txt',
      'app://baton/assets/..%2f..%2fsecret.txt',
      'app://baton/assets/link.js',
      'app://baton/.env',
      'app://other/index.html',
    ]) {
      expect((await get(url)).status, url).toBe(404);
    }
    expect((await get('app://baton/index.html', 'POST')).status).toBe(404);
  });

  it('first-run CSP allows only its own scripts and no foreign connections', () => {
    expect(FIRST_RUN_CSP).toContain("script-src 'self'");
    expect(FIRST_RUN_CSP).toContain("connect-src 'self'");
    expect(FIRST_RUN_CSP).toContain("object-src 'none'");
    expect(FIRST_RUN_CSP).not.toMatch(/unsafe-eval|script-src[^;]*unsafe-inline/);
  });
});
