import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { send, startServer, TestSocket, upgradeStatus, type Harness } from './server-harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startServer();
});

afterEach(async () => {
  await h.server.close();
});

describe('API server authorization', () => {
  it('generates a fresh 32-byte base64url token per server', async () => {
    const other = await startServer();
    try {
      expect(h.token).toMatch(/^[A-Za-z0-9_-]{43}$/);
      expect(other.token).not.toBe(h.token);
    } finally {
      await other.server.close();
    }
  });

  it('answers 401 with the error envelope when no token is given', async () => {
    const res = await send(h.port, '/api/v1/state');
    expect(res.status).toBe(401);
    expect(res.json()).toEqual({ error: { code: 'unauthorized', message: expect.any(String) } });
    expect(res.headers['www-authenticate']).toBe('Bearer');
  });

  it('hides even unknown API paths and 405s behind the 401', async () => {
    expect((await send(h.port, '/api/v1/nope/nope')).status).toBe(401);
    expect((await send(h.port, '/api/v1/state', { method: 'DELETE' })).status).toBe(401);
  });

  it('accepts the bearer token', async () => {
    const res = await send(h.port, '/api/v1/state', { headers: h.auth });
    expect(res.status).toBe(200);
  });

  it('rejects a wrong bearer token and a token of another length', async () => {
    const wrong = h.token.slice(0, -1) + (h.token.endsWith('A') ? 'B' : 'A');
    expect((await send(h.port, '/api/v1/state', { headers: { authorization: `Bearer ${wrong}` } })).status).toBe(401);
    expect((await send(h.port, '/api/v1/state', { headers: { authorization: `Bearer ${h.token}x` } })).status).toBe(401);
    expect((await send(h.port, '/api/v1/state', { headers: { authorization: `Basic ${h.token}` } })).status).toBe(401);
  });

  // Regression (issue 7, H1): the token used to live in a `baton_token` cookie, which the browser
  // also sent to every other server on 127.0.0.1; whoever received it could replay it.
  it('does not honour the token as a cookie, not even a stale one from an older version', async () => {
    const res = await send(h.port, '/api/v1/state', { headers: { cookie: `theme=dark; baton_token=${h.token}` } });
    expect(res.status).toBe(401);
    expect(await upgradeStatus(h.port, { cookie: `baton_token=${h.token}`, origin: `http://127.0.0.1:${h.port}` })).toBe(401);
  });

  it('serves a page load with ?token= as is: no redirect, no cookie, kept out of caches and referrers', async () => {
    const res = await send(h.port, `/?token=${h.token}`);
    expect(res.status).toBe(200);
    expect(res.headers['set-cookie']).toBeUndefined();
    expect(res.headers['cache-control']).toBe('no-store');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect((await send(h.port, '/?token=not-the-token')).headers['set-cookie']).toBeUndefined();
  });

  it('does not accept ?token= as API authorization', async () => {
    expect((await send(h.port, `/api/v1/state?token=${h.token}`)).status).toBe(401);
    expect((await send(h.port, `/api/v1/refresh?token=${h.token}`, { method: 'POST' })).status).toBe(401);
  });

  it('refuses every request from a foreign origin (another local port), even with the token', async () => {
    for (const method of ['GET', 'POST']) {
      const path = method === 'GET' ? '/api/v1/state' : '/api/v1/refresh';
      const foreign = await send(h.port, path, { method, headers: { ...h.auth, origin: 'http://127.0.0.1:1' } });
      expect(foreign.status).toBe(403);
      expect((foreign.json() as { error: { code: string } }).error.code).toBe('forbidden_origin');
    }
    expect((await send(h.port, '/api/v1/refresh', { method: 'POST', headers: { ...h.auth, origin: 'null' } })).status).toBe(403);
    const own = await send(h.port, '/api/v1/refresh', { method: 'POST', headers: { ...h.auth, origin: `http://127.0.0.1:${h.port}` } });
    expect(own.status).toBe(202);
  });

  // DNS rebinding: evil.example re-pointed at 127.0.0.1 makes its page same-origin with us in the
  // browser's eyes, but every request it sends says `Host: evil.example:<port>`.
  it('refuses a Host that is neither loopback nor the bound address, for pages, API and WebSocket', async () => {
    const evil = { host: `evil.example:${h.port}` };
    for (const [path, headers] of [
      ['/', evil],
      ['/api/v1/state', { ...evil, ...h.auth }],
      [`/?token=${h.token}`, evil],
    ] as const) {
      const res = await send(h.port, path, { headers });
      expect(res.status, path).toBe(403);
      expect(res.json()).toEqual({ error: { code: 'forbidden_host', message: expect.stringContaining('evil.example') } });
    }
    expect(await upgradeStatus(h.port, { ...evil, ...h.auth })).toBe(403);
    expect((await send(h.port, '/api/v1/state', { headers: { host: `127.0.0.1:${h.port + 1}`, ...h.auth } })).status).toBe(403);
    expect((await send(h.port, '/api/v1/state', { headers: { host: `localhost:${h.port}`, ...h.auth } })).status).toBe(200);
  });

  it('rejects a WebSocket upgrade without a token, with a wrong one, or from a foreign origin', async () => {
    expect(await upgradeStatus(h.port, {})).toBe(401);
    expect(await upgradeStatus(h.port, { authorization: 'Bearer wrong' })).toBe(401);
    expect(await upgradeStatus(h.port, { ...h.auth, origin: 'http://127.0.0.1:1' })).toBe(403);
    expect(h.server['hub']?.connectionCount ?? 0).toBe(0);
  });

  // Regression (issue 7): an upgrade to an unknown path answered 404 before the token check,
  // telling an unauthorized caller which paths exist.
  it('checks the token before the path of a WebSocket upgrade', async () => {
    expect(await upgradeStatus(h.port, {}, '/api/v1/not-ws')).toBe(401);
    expect(await upgradeStatus(h.port, {}, '/elsewhere')).toBe(401);
    expect(await upgradeStatus(h.port, { origin: 'http://127.0.0.1:1' }, '/api/v1/not-ws')).toBe(403);
    expect(await upgradeStatus(h.port, h.auth, '/api/v1/not-ws')).toBe(404);
  });

  it('accepts a WebSocket upgrade with the bearer header or ?token=', async () => {
    for (const [headers, path] of [
      [h.auth, '/api/v1/ws'],
      [{ origin: `http://127.0.0.1:${h.port}` }, `/api/v1/ws?token=${encodeURIComponent(h.token)}`],
      [{}, `/api/v1/ws?token=${encodeURIComponent(h.token)}`],
    ] as const) {
      const socket = await TestSocket.open(h.port, headers, path);
      expect((await socket.next('hello')).version).toBe(1);
      await socket.close();
    }
  });

  it('allows an explicitly configured extra origin', async () => {
    const other = await startServer({ allowedOrigins: ['http://localhost:5173'] });
    try {
      const socket = await TestSocket.open(other.port, { ...other.auth, origin: 'http://localhost:5173' });
      await socket.next('hello');
      await socket.close();
    } finally {
      await other.server.close();
    }
  });
});
