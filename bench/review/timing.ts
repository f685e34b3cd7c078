import { LoadMeter } from '../lib/load-meter.js';
import { fixed } from '../lib/table.js';

export const percentile = (values: number[], p: number): number =>
  [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;

export interface Measured<T> {
  /** Wall time of each run, ms, in order (the first is cold: git's caches, V8's JIT). */
  times: number[];
  medianMs: number;
  lagP99Ms: number;
  lagMaxMs: number;
  cpuPercent: number;
  last: T;
}

/** Runs `fn` `runs` times one after another, timing each, with the event-loop lag over all of them. */
export async function measure<T>(runs: number, fn: () => Promise<T>): Promise<Measured<T>> {
  const times: number[] = [];
  const meter = new LoadMeter();
  meter.start();
  let last: T | undefined;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    last = await fn();
    times.push(performance.now() - started);
  }
  const load = meter.stop();
  return { times, medianMs: percentile(times, 50), lagP99Ms: load.lagP99Ms, lagMaxMs: load.lagMaxMs, cpuPercent: load.cpuPercent, last: last as T };
}

/** `key=value` fields of a measurement for the result line. */
export function timingFields(m: Measured<unknown>): string {
  return `ms_median=${fixed(m.medianMs)} ms_first=${fixed(m.times[0] ?? NaN)} ms_max=${fixed(Math.max(...m.times))} lag_p99_ms=${fixed(m.lagP99Ms)} lag_max_ms=${fixed(m.lagMaxMs)} engine_cpu_pct=${fixed(m.cpuPercent, 0)}`;
}
