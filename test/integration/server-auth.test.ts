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

  it('rejects a wrong bearer token, a wrong cookie and a token of another length', async () => {
    const wrong = h.token.slice(0, -1) + (h.token.endsWith('A') ? 'B' : 'A');
    expect((await send(h.port, '/api/v1/state', { headers: { authorization: `Bearer ${wrong}` } })).status).toBe(401);
    expect((await send(h.port, '/api/v1/state', { headers: { authorization: `Bearer ${h.token}x` } })).status).toBe(401);
    expect((await send(h.port, '/api/v1/state', { headers: { cookie: `baton_token=${wrong}` } })).status).toBe(401);
    expect((await send(h.port, '/api/v1/state', { headers: { authorization: `Basic ${h.token}` } })).status).toBe(401);
  });

  it('accepts the baton_token cookie', async () => {
    const res = await send(h.port, '/api/v1/state', { headers: { cookie: `theme=dark; baton_token=${h.token}` } });
    expect(res.status).toBe(200);
  });

  it('moves ?token= into an HttpOnly SameSite=Strict cookie and redirects to the URL without it', async () => {
    const res = await send(h.port, `/board/BAT-1?view=list&token=${h.token}&x=1`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/board/BAT-1?view=list&x=1');
    const cookie = res.headers['set-cookie']?.[0] ?? '';
    expect(cookie).toContain(`baton_token=${h.token}`);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toMatch(/Path=\//);
    const cookieValue = cookie.split(';')[0]!;
    const followed = await send(h.port, '/api/v1/state', { headers: { cookie: cookieValue } });
    expect(followed.status).toBe(200);
  });

  it('redirects a token-only page load to the bare path', async () => {
    const res = await send(h.port, `/?token=${h.token}`);
    expect(res.status).toBe(302);
    expect(res.headers.location).toBe('/');
  });

  it('refuses a wrong ?token= without setting a cookie', async () => {
    const res = await send(h.port, '/?token=not-the-token');
    expect(res.status).toBe(401);
    expect(res.headers['set-cookie']).toBeUndefined();
  });

  it('does not accept ?token= as API authorization for non-GET requests', async () => {
    const res = await send(h.port, `/api/v1/refresh?token=${h.token}`, { method: 'POST' });
    expect(res.status).toBe(401);
  });

  it('refuses a cookie-authenticated write from a foreign origin (another local port) but allows our own', async () => {
    const cookie = `baton_token=${h.token}`;
    const foreign = await send(h.port, '/api/v1/refresh', { method: 'POST', headers: { cookie, origin: 'http://127.0.0.1:1' } });
    expect(foreign.status).toBe(403);
    expect((foreign.json() as { error: { code: string } }).error.code).toBe('forbidden_origin');
    const own = await send(h.port, '/api/v1/refresh', { method: 'POST', headers: { cookie, origin: `http://127.0.0.1:${h.port}` } });
    expect(own.status).toBe(202);
    const bearer = await send(h.port, '/api/v1/refresh', { method: 'POST', headers: { ...h.auth, origin: 'http://evil.example' } });
    expect(bearer.status).toBe(202);
  });

  it('rejects a WebSocket upgrade without a token, with a wrong one, or from a foreign origin', async () => {
    expect(await upgradeStatus(h.port, {})).toBe(401);
    expect(await upgradeStatus(h.port, { authorization: 'Bearer wrong' })).toBe(401);
    expect(await upgradeStatus(h.port, { ...h.auth, origin: 'http://127.0.0.1:1' })).toBe(403);
    expect(await upgradeStatus(h.port, h.auth, '/api/v1/not-ws')).toBe(404);
    expect(h.server['hub']?.connectionCount ?? 0).toBe(0);
  });

  it('accepts a WebSocket upgrade with the bearer header, the cookie, or ?token=', async () => {
    for (const [headers, path] of [
      [h.auth, '/api/v1/ws'],
      [{ cookie: `baton_token=${h.token}`, origin: `http://127.0.0.1:${h.port}` }, '/api/v1/ws'],
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
