import type { MetricsSample } from '../../../shared/api/schemas.js';

export interface ChartBox {
  width: number;
  height: number;
  /** Right edge of the chart (epoch ms). */
  now: number;
  /** Span shown (ms). */
  windowMs: number;
}

/** Token rate is shown per minute-long bucket: samples come every few seconds, and a rate over a
 *  few seconds is too noisy to read at a glance. */
export const RATE_BUCKET_MS = 60_000;

const time = (s: MetricsSample) => Date.parse(s.at);
const round = (n: number) => Math.round(n * 10) / 10;

function xOf(t: number, box: ChartBox): number {
  const x = box.width * (1 - (box.now - t) / box.windowMs);
  return round(Math.min(Math.max(x, 0), box.width));
}

/** The cumulative token total at `t`: the last sample at or before it (undefined before any). */
function tokensAt(samples: readonly MetricsSample[], t: number): number | undefined {
  let value: number | undefined;
  for (const s of samples) {
    if (time(s) > t) break;
    value = s.tokens_total;
  }
  return value;
}

/**
 * Tokens per minute in each bucket of the window, oldest first. A bucket's rate is the growth of
 * the cumulative total across it; a drop (the engine restarted) counts as no growth.
 */
export function tokenRates(samples: readonly MetricsSample[], box: ChartBox, bucketMs = RATE_BUCKET_MS): number[] {
  const count = Math.ceil(box.windowMs / bucketMs);
  const start = box.now - count * bucketMs;
  const first = samples[0];
  const rates: number[] = [];
  for (let i = 0; i < count; i++) {
    const a = start + i * bucketMs;
    const b = a + bucketMs;
    const from = tokensAt(samples, a) ?? (first && time(first) < b ? first.tokens_total : undefined);
    const to = tokensAt(samples, b);
    rates.push(from === undefined || to === undefined ? 0 : (Math.max(to - from, 0) * 60_000) / bucketMs);
  }
  return rates;
}

/** A step line of running sessions, carried on to the right edge; '' without samples. */
export function runningPath(samples: readonly MetricsSample[], box: ChartBox, max: number): string {
  if (samples.length === 0) return '';
  const y = (n: number) => round(box.height - (n / Math.max(max, 1)) * box.height);
  const [first, ...rest] = samples;
  let d = `M${xOf(time(first!), box)},${y(first!.running)}`;
  let prev = first!.running;
  for (const s of rest) {
    d += ` H${xOf(time(s), box)}`;
    if (s.running !== prev) d += ` V${y(s.running)}`;
    prev = s.running;
  }
  return `${d} H${box.width}`;
}

/** The rates as a filled area (one flat top per bucket); '' when no tokens were spent. */
export function ratePath(rates: readonly number[], box: ChartBox, max: number): string {
  if (rates.length === 0 || max <= 0) return '';
  const w = box.width / rates.length;
  const y = (r: number) => round(box.height - (r / max) * box.height);
  let d = `M0,${box.height}`;
  rates.forEach((r, i) => {
    d += ` V${y(r)} H${round((i + 1) * w)}`;
  });
  return `${d} V${box.height} Z`;
}

export interface ChartModel {
  running: string;
  rate: string;
  runningNow: number;
  runningPeak: number;
  /** Tokens per minute in the latest bucket. */
  rateNow: number;
  ratePeak: number;
}

export function chartModel(samples: readonly MetricsSample[], box: ChartBox): ChartModel {
  const inWindow = samples.filter((s) => time(s) >= box.now - box.windowMs);
  const runningPeak = Math.max(0, ...inWindow.map((s) => s.running), samples.at(-1)?.running ?? 0);
  const rates = tokenRates(samples, box);
  const ratePeak = Math.max(0, ...rates);
  return {
    running: runningPath(samples, box, runningPeak),
    rate: ratePath(rates, box, ratePeak),
    runningNow: samples.at(-1)?.running ?? 0,
    runningPeak,
    rateNow: rates.at(-1) ?? 0,
    ratePeak,
  };
}
