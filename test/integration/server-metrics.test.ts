import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorEnvelopeSchema } from '../../shared/api/errors.js';
import { metricsResponseSchema } from '../../shared/api/schemas.js';
import { send, startServer, type Harness } from './server-harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startServer();
});

afterEach(async () => {
  await h.server.close();
});

describe('GET /api/v1/metrics', () => {
  it('serves the engine samples in the documented shape', async () => {
    expect(metricsResponseSchema.parse((await send(h.port, '/api/v1/metrics', { headers: h.auth })).json())).toEqual({ samples: [] });
    h.engine.metrics = [
      { at: '2026-01-01T12:00:00.000Z', running: 2, retrying: 0, waiting: 1, tokens_total: 1200 },
      { at: '2026-01-01T12:00:15.000Z', running: 3, retrying: 1, waiting: 0, tokens_total: 4800 },
    ];
    const res = await send(h.port, '/api/v1/metrics', { headers: h.auth });
    expect(res.status).toBe(200);
    expect(metricsResponseSchema.parse(res.json()).samples).toEqual(h.engine.metrics);
  });

  it('needs the token, and is read-only', async () => {
    const anonymous = await send(h.port, '/api/v1/metrics');
    expect(anonymous.status).toBe(401);
    const post = await send(h.port, '/api/v1/metrics', { method: 'POST', headers: h.auth, body: '{}' });
    expect(post.status).toBe(405);
    expect(apiErrorEnvelopeSchema.parse(post.json()).error.code).toBe('method_not_allowed');
  });
});
