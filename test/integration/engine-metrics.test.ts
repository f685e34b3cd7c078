import { afterEach, describe, expect, it } from 'vitest';
import { metricsResponseSchema, type MetricsResponse } from '../../shared/api/schemas.js';
import { EngineHarness } from './engine-harness.js';

const WAIT = { timeout: 30_000, interval: 50 };

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('fleet metrics from a real engine', { timeout: 60_000 }, () => {
  it('samples at start and counts the tokens a run spent', async () => {
    h = await EngineHarness.start({ scenario: 'happy' });
    const harness = h;
    const first = metricsResponseSchema.parse((await h.api<MetricsResponse>('GET', '/api/v1/metrics')).json);
    expect(first.samples).toHaveLength(1);
    expect(first.samples[0]).toMatchObject({ running: 0, retrying: 0, waiting: 0, tokens_total: 0 });

    await h.api('POST', '/api/v1/tickets', { title: 'Spend tokens' });
    await expect.poll(async () => (await harness.ticket('BAT-1')).state, WAIT).toBe('Human Review');
    // The next periodic sample is 15 s away; take one now, as the timer would.
    h.engine.metrics.sample();
    const { samples } = (await h.api<MetricsResponse>('GET', '/api/v1/metrics')).json;
    expect(samples).toHaveLength(2);
    expect(samples[1]!.tokens_total).toBe((await h.state()).codex_totals.total_tokens);
    expect(samples[1]!.tokens_total).toBeGreaterThan(0);
    expect(Date.parse(samples[1]!.at)).toBeGreaterThanOrEqual(Date.parse(samples[0]!.at));
  });
});
