import { z } from 'zod';

/**
 * The slice of Baton's API each candidate server implements for the framework comparison: a
 * token check on every request, a JSON read of a typical size, a zod-validated POST body and a
 * path parameter — the per-request work every real route shares.
 */
export const TOKEN = 'bench-token-0123456789abcdefghijklmnopqrstuv';

export const createBodySchema = z.object({
  title: z.string().min(1).max(500),
  description: z.string().max(100_000).optional(),
  priority: z.number().int().min(0).max(4).optional(),
});

export const identifierSchema = z.string().regex(/^[A-Za-z0-9._-]+$/).max(128);

/** ~2 KB, the size of a `/state` snapshot with a few running tickets. */
export const STATE = {
  generated_at: '2026-12-07T00:00:00.000Z',
  counts: { running: 4, retrying: 1 },
  running: Array.from({ length: 4 }, (_, i) => ({
    issue_id: `id-${i}`,
    issue_identifier: `BAT-${i}`,
    state: 'In Progress',
    session_id: `thread-${i}-turn-1`,
    turn_count: 3,
    last_event: 'item/completed',
    last_message: 'Ran the test suite; 3 failures left in the parser',
    started_at: '2026-12-07T00:00:00.000Z',
    last_event_at: '2026-12-07T00:01:00.000Z',
    tokens: { input_tokens: 12000, output_tokens: 3400, total_tokens: 15400 },
  })),
  retrying: [{ issue_id: 'id-9', issue_identifier: 'BAT-9', attempt: 2, due_at: '2026-12-07T00:02:00.000Z', error: 'turn_timeout' }],
  codex_totals: { input_tokens: 48000, output_tokens: 13600, total_tokens: 61600, seconds_running: 240 },
  rate_limits: null,
};

/**
 * The candidates. Baton's own node:http router was the third, measured at commit b744f10 (ADR
 * 0009) and removed when the server moved to Fastify.
 */
export type Framework = 'fastify' | 'hono';
export const FRAMEWORKS: readonly Framework[] = ['fastify', 'hono'];
