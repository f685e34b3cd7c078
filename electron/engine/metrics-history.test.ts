import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../test/mocks/manual-clock.js';
import { capturingLogger } from '../../test/mocks/capturing-logger.js';
import { METRICS_INTERVAL_MS, METRICS_WINDOW_MS, MetricsHistory, type MetricsReading } from './metrics-history.js';

function setup(read?: () => MetricsReading) {
  const clock = new ManualClock(Date.UTC(2026, 0, 1, 12));
  let n = 0;
  const reading = read ?? (() => ({ running: n, retrying: 0, waiting: 0, tokens_total: n * 100 }));
  const logger = capturingLogger();
  const history = new MetricsHistory({ clock, read: () => reading(), logger: logger.logger });
  return { clock, history, logger, bump: () => n++ };
}

describe('MetricsHistory', () => {
  it('samples at start and then every interval, oldest first', async () => {
    const { clock, history, bump } = setup();
    history.start();
    expect(history.samples()).toEqual([{ at: '2026-01-01T12:00:00.000Z', running: 0, retrying: 0, waiting: 0, tokens_total: 0 }]);
    bump();
    await clock.advance(METRICS_INTERVAL_MS);
    bump();
    await clock.advance(METRICS_INTERVAL_MS);
    expect(history.samples().map((s) => [s.at, s.running, s.tokens_total])).toEqual([
      ['2026-01-01T12:00:00.000Z', 0, 0],
      ['2026-01-01T12:00:15.000Z', 1, 100],
      ['2026-01-01T12:00:30.000Z', 2, 200],
    ]);
    history.dispose();
  });

  it('keeps exactly the last hour once the ring wraps around', async () => {
    const { clock, history, bump } = setup();
    history.start();
    for (let i = 0; i < 500; i++) {
      bump();
      await clock.advance(METRICS_INTERVAL_MS);
    }
    const samples = history.samples();
    expect(samples).toHaveLength(METRICS_WINDOW_MS / METRICS_INTERVAL_MS + 1);
    expect(samples.at(-1)).toMatchObject({ at: new Date(clock.now()).toISOString(), running: 500 });
    expect(Date.parse(samples[0]!.at)).toBe(clock.now() - METRICS_WINDOW_MS);
    const times = samples.map((s) => Date.parse(s.at));
    expect(times).toEqual([...times].sort((a, b) => a - b));
    history.dispose();
  });

  it('leaves out samples older than the window after a long pause (a sleeping laptop)', async () => {
    const { clock, history } = setup();
    history.sample();
    await clock.advance(METRICS_WINDOW_MS + 1);
    expect(history.samples()).toEqual([]);
    history.sample();
    expect(history.samples()).toHaveLength(1);
  });

  it('skips a sample whose read throws, logs it, and keeps sampling', async () => {
    let fail = true;
    const { clock, history, logger } = setup(() => {
      if (fail) throw new Error('store closed');
      return { running: 3, retrying: 1, waiting: 2, tokens_total: 9 };
    });
    history.start();
    expect(history.samples()).toEqual([]);
    await expect.poll(() => logger.lines().some((l) => String(l.msg).includes('store closed'))).toBe(true);
    fail = false;
    await clock.advance(METRICS_INTERVAL_MS);
    expect(history.samples()).toEqual([{ at: '2026-01-01T12:00:15.000Z', running: 3, retrying: 1, waiting: 2, tokens_total: 9 }]);
    history.dispose();
  });

  it('stops its timer on dispose and cannot be restarted', async () => {
    const { clock, history } = setup();
    history.start();
    expect(clock.pending()).toBe(1);
    history.dispose();
    expect(clock.pending()).toBe(0);
    history.start();
    await clock.advance(METRICS_INTERVAL_MS * 3);
    expect(history.samples()).toHaveLength(1);
  });
});
