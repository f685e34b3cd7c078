import type { MetricsSample } from '../../shared/api/schemas.js';
import { isoTime, type Clock, type TimerHandle } from './lib/clock.js';
import type { Disposable } from './lib/disposable.js';
import type { Logger } from './lib/logger.js';
import { errorMessage } from './lib/result.js';

/** What one sample reads from the engine (everything but the time stamp). */
export type MetricsReading = Omit<MetricsSample, 'at'>;

/**
 * Sampling period (ms). 15 s resolves a run starting or stopping (runs last minutes) and a token
 * burst within one turn, while an hour stays 240 samples: ~20 KB of JSON for a page load, and a
 * negligible read of in-memory counters four times a minute.
 */
export const METRICS_INTERVAL_MS = 15_000;
/** How far back the header chart looks (ms). */
export const METRICS_WINDOW_MS = 60 * 60_000;

export interface MetricsHistoryDeps {
  clock: Clock;
  /** Cheap, synchronous read of the current fleet numbers (in-memory counters only). */
  read: () => MetricsReading;
  logger: Logger;
  intervalMs?: number;
  windowMs?: number;
}

/**
 * The last hour of fleet samples in a fixed-size ring, so the UI's chart has history that survives
 * a page reload. Lives in memory only: after an engine restart the chart starts afresh, which
 * matches the counters it samples (token totals since the engine started).
 */
export class MetricsHistory implements Disposable {
  private readonly ring: (MetricsSample | undefined)[];
  /** Index the next sample is written to. */
  private next = 0;
  private timer: TimerHandle | null = null;
  private disposed = false;
  private readonly intervalMs: number;
  private readonly windowMs: number;

  constructor(private readonly deps: MetricsHistoryDeps) {
    this.intervalMs = deps.intervalMs ?? METRICS_INTERVAL_MS;
    this.windowMs = deps.windowMs ?? METRICS_WINDOW_MS;
    // One extra slot so a full window has samples at both of its ends.
    this.ring = new Array<MetricsSample | undefined>(Math.ceil(this.windowMs / this.intervalMs) + 1);
  }

  /** Takes a sample now, then one every interval until disposed. */
  start(): void {
    if (this.disposed || this.timer) return;
    this.tick();
  }

  /** Records one sample now (also used by tests and by `start`). */
  sample(): void {
    const at = this.deps.clock.now();
    this.ring[this.next] = { at: isoTime(at), ...this.deps.read() };
    this.next = (this.next + 1) % this.ring.length;
  }

  /** Samples of the last window, oldest first. Older ones are left out even if still in the ring
   *  (after the machine slept, say). */
  samples(): MetricsSample[] {
    const since = this.deps.clock.now() - this.windowMs;
    const out: MetricsSample[] = [];
    for (let i = 0; i < this.ring.length; i++) {
      const s = this.ring[(this.next + i) % this.ring.length];
      if (s && Date.parse(s.at) >= since) out.push(s);
    }
    return out;
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.timer = null;
  }

  private tick(): void {
    this.timer = null;
    if (this.disposed) return;
    try {
      this.sample();
    } catch (e) {
      // A failing read costs one point of the chart, never the engine or the later samples.
      this.deps.logger.warn(`metrics sample skipped: ${errorMessage(e)}`);
    }
    this.timer = this.deps.clock.setTimeout(() => this.tick(), this.intervalMs);
  }
}
