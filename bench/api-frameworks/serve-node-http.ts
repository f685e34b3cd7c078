import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { TokenAuth } from '../../electron/engine/server/auth.js';
import { HttpError } from '../../electron/engine/server/http-errors.js';
import { parseWith, readJsonBody } from '../../electron/engine/server/request-body.js';
import { sendError, sendJson } from '../../electron/engine/server/respond.js';
import { Router } from '../../electron/engine/server/router.js';
import { createBodySchema, STATE, TOKEN } from './bench-routes.js';

type Handler = (params: Record<string, string>, body: () => Promise<unknown>) => Promise<{ status: number; body: unknown }>;

/** Baton's hand-written server path: its own Router, body reader, zod check, auth and responders. */
export async function serveNodeHttp(): Promise<number> {
  const auth = new TokenAuth(TOKEN);
  const router = new Router<Handler>(
    [
      { pattern: '/api/v1/state', methods: { GET: async () => ({ status: 200, body: STATE }) } },
      {
        pattern: '/api/v1/tickets',
        methods: { POST: async (_p, body) => ({ status: 201, body: { identifier: 'BAT-1', ...parseWith(createBodySchema, await body()) } }) },
      },
      { pattern: '/api/v1/tickets/:identifier/runs', methods: { GET: async (p) => ({ status: 200, body: { identifier: p.identifier, runs: [] } }) } },
    ],
    { identifier: (v) => /^[A-Za-z0-9._-]+$/.test(v) && v.length <= 128 },
  );
  const server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://localhost');
    void (async () => {
      try {
        if (!auth.authenticate(req, url)) return sendError(res, 'unauthorized', 'missing or wrong API token');
        const match = router.match(req.method ?? 'GET', url.pathname);
        if (match.kind !== 'found') return sendError(res, 'not_found', 'no route');
        const result = await match.handler(match.params, () => readJsonBody(req));
        sendJson(res, result.status, result.body);
      } catch (e) {
        if (e instanceof HttpError) sendError(res, e.code, e.message);
        else sendError(res, 'internal_error', 'internal error');
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return (server.address() as AddressInfo).port;
}
