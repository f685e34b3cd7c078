import { serve } from '@hono/node-server';
import { createRoute, OpenAPIHono } from '@hono/zod-openapi';
import type { AddressInfo } from 'node:net';
import { z } from 'zod';
import { TokenAuth } from '../../electron/engine/server/auth.js';
import { createBodySchema, identifierSchema, STATE, TOKEN } from './bench-routes.js';

/** Hono on @hono/node-server with @hono/zod-openapi routes; auth as middleware. */
export async function serveHono(): Promise<number> {
  const auth = new TokenAuth(TOKEN);
  const app = new OpenAPIHono();
  app.use('*', async (c, next) => {
    const header = c.req.header('authorization') ?? '';
    const token = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header)?.[1];
    if (token === undefined || !auth.matches(token)) return c.json({ error: { code: 'unauthorized', message: 'missing or wrong API token' } }, 401);
    await next();
  });
  app.get('/api/v1/state', (c) => c.json(STATE));
  app.openapi(
    createRoute({
      method: 'post',
      path: '/api/v1/tickets',
      request: { body: { content: { 'application/json': { schema: createBodySchema } } } },
      responses: { 201: { description: 'created' } },
    }),
    (c) => c.json({ identifier: 'BAT-1', ...c.req.valid('json') }, 201),
  );
  app.openapi(
    createRoute({
      method: 'get',
      path: '/api/v1/tickets/{identifier}/runs',
      request: { params: z.object({ identifier: identifierSchema }) },
      responses: { 200: { description: 'runs' } },
    }),
    (c) => c.json({ identifier: c.req.valid('param').identifier, runs: [] }),
  );
  return new Promise((resolve) => {
    const server = serve({ fetch: app.fetch, port: 0, hostname: '127.0.0.1' }, (info: AddressInfo) => resolve(info.port));
    void server;
  });
}
