import { describe, expect, it } from 'vitest';
import type { MetricsSample } from '../../../shared/api/schemas.js';
import { snapshot } from '../../stores/fleet-fixtures.test-util.js';
import { appendLive, HISTORY_WINDOW_MS, mergeHistory, sampleFromSnapshot } from './metrics-series.js';

const T0 = Date.UTC(2026, 0, 1, 12);
const s = (secondsAfter: number, running: number, tokens = 0): MetricsSample => ({
  at: new Date(T0 + secondsAfter * 1000).toISOString(),
  running,
  retrying: 0,
  waiting: 0,
  tokens_total: tokens,
});

describe('client-side metrics series', () => {
  it('takes a sample from a state push', () => {
    const snap = snapshot({ counts: { running: 3, retrying: 1, waiting: 2 }, codex_totals: { input_tokens: 1, output_tokens: 2, total_tokens: 77, seconds_running: 1 } });
    expect(sampleFromSnapshot(snap)).toEqual({ at: snap.generated_at, running: 3, retrying: 1, waiting: 2, tokens_total: 77 });
  });

  it('adds live points at least 5 s apart and keeps the newest one current in between', () => {
    let series: readonly MetricsSample[] = [s(0, 1)];
    series = appendLive(series, s(1, 2), T0 + 1000);
    expect(series.map((x) => x.running)).toEqual([1, 2]);
    series = appendLive(series, s(2, 3), T0 + 2000);
    expect(series.map((x) => [x.at, x.running])).toEqual([[s(0, 1).at, 1], [s(2, 3).at, 3]]);
    series = appendLive(series, s(6, 4), T0 + 6000);
    expect(series.map((x) => x.running)).toEqual([1, 4]);
    series = appendLive(series, s(8, 5), T0 + 8000);
    expect(series.map((x) => x.running)).toEqual([1, 4, 5]);
    series = appendLive(series, s(10, 6), T0 + 10_000);
    expect(series.map((x) => x.running)).toEqual([1, 4, 6]);
    series = appendLive(series, s(12, 7), T0 + 12_000);
    expect(series.map((x) => [x.at, x.running])).toEqual([[s(0, 1).at, 1], [s(6, 4).at, 4], [s(12, 7).at, 7]]);
  });

  it('ignores unchanged readings and readings older than the newest point', () => {
    const series = [s(0, 1, 10), s(10, 2, 20)];
    expect(appendLive(series, s(20, 2, 20), T0 + 20_000)).toBe(series);
    expect(appendLive(series, s(5, 9, 99), T0 + 20_000)).toBe(series);
  });

  it('drops points that left the hour, keeping one for the left edge', () => {
    const series = [s(0, 1), s(60, 2), s(120, 3)];
    const later = T0 + HISTORY_WINDOW_MS + 90_000;
    expect(appendLive(series, s(3700, 4), later).map((x) => x.running)).toEqual([2, 3, 4]);
  });

  it('merges the engine history under the live points that are newer than it', () => {
    const live = [s(0, 9), s(20, 1), s(40, 2)];
    const server = [s(15, 0), s(30, 1)];
    expect(mergeHistory(live, server, T0 + 40_000).map((x) => [x.at, x.running])).toEqual([
      [s(15, 0).at, 0],
      [s(30, 1).at, 1],
      [s(40, 2).at, 2],
    ]);
    expect(mergeHistory(live, [], T0 + 40_000)).toEqual(live);
  });
});
