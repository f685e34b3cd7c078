import type { MetricsSample, StateSnapshot } from '../../../shared/api/schemas.js';

/** The chart's span (ms), as the engine's history (`GET /api/v1/metrics`). */
export const HISTORY_WINDOW_MS = 60 * 60_000;
/** Live points closer together than this (ms) replace the newest one instead of adding a point:
 *  the right edge stays current while an hour holds at most ~720 live points. */
export const LIVE_POINT_GAP_MS = 5_000;

/** A sample as the engine would take it now, from a live `state` push. */
export function sampleFromSnapshot(snapshot: StateSnapshot): MetricsSample {
  return {
    at: snapshot.generated_at,
    running: snapshot.counts.running,
    retrying: snapshot.counts.retrying,
    waiting: snapshot.counts.waiting,
    tokens_total: snapshot.codex_totals.total_tokens,
  };
}

const time = (s: MetricsSample) => Date.parse(s.at);

/** Adds a live point between the engine's samples; returns `samples` itself when nothing changed. */
export function appendLive(samples: readonly MetricsSample[], sample: MetricsSample, now: number): readonly MetricsSample[] {
  const last = samples.at(-1);
  const t = time(sample);
  if (Number.isNaN(t)) return samples;
  // An unchanged reading adds nothing: the chart carries the last value on to "now".
  if (last && (t <= time(last) || sameCounts(last, sample))) return samples;
  // The newest point is provisional while it is closer than the gap to the one before it: it is
  // replaced until the gap is reached, so all points but the newest are at least the gap apart.
  const beforeLast = samples.at(-2);
  const replace = last !== undefined && beforeLast !== undefined && time(last) - time(beforeLast) < LIVE_POINT_GAP_MS;
  const next = replace ? [...samples.slice(0, -1), sample] : [...samples, sample];
  return trimWindow(next, now);
}

/**
 * The engine's history is the truth (it survives reloads); live points newer than its last sample
 * are kept on top of it. An engine restart shows as a history that starts afresh.
 */
export function mergeHistory(live: readonly MetricsSample[], server: readonly MetricsSample[], now: number): readonly MetricsSample[] {
  const sorted = [...server].filter((s) => !Number.isNaN(time(s))).sort((a, b) => time(a) - time(b));
  const lastServer = sorted.at(-1);
  const newer = lastServer ? live.filter((s) => time(s) > time(lastServer)) : [...live];
  return trimWindow([...sorted, ...newer], now);
}

export function trimWindow(samples: readonly MetricsSample[], now: number): readonly MetricsSample[] {
  const since = now - HISTORY_WINDOW_MS;
  // Keep the last point before the window too: it gives the value at the window's left edge.
  let first = 0;
  while (first + 1 < samples.length && time(samples[first + 1]!) <= since) first++;
  return first === 0 ? samples : samples.slice(first);
}

function sameCounts(a: MetricsSample, b: MetricsSample): boolean {
  return a.running === b.running && a.retrying === b.retrying && a.waiting === b.waiting && a.tokens_total === b.tokens_total;
}
