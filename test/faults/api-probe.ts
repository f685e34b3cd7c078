import type { BatonProcess } from './baton-process.js';

/** Pause between two probes: often enough to see a stalled loop, rare enough to cost nothing. */
const PROBE_INTERVAL_MS = 100;

export interface ProbeReport {
  answered: number;
  /** Probes that got no 200 (status or error), with when they were sent. */
  failures: string[];
  /** The slowest answer, ms. */
  slowestMs: number;
}

/**
 * "The API answers throughout": asks `GET /api/v1/state` (what the UI polls after every reconnect)
 * over and over while a fault plays out, and reports every probe that got no answer.
 */
export class ApiProbe {
  private stopped = false;
  private readonly report: ProbeReport = { answered: 0, failures: [], slowestMs: 0 };
  private readonly loop: Promise<void>;

  constructor(private readonly engine: BatonProcess) {
    this.loop = this.run();
  }

  async stop(): Promise<ProbeReport> {
    this.stopped = true;
    await this.loop;
    return this.report;
  }

  private async run(): Promise<void> {
    while (!this.stopped) {
      const started = Date.now();
      try {
        const answer = await this.engine.api('GET', '/api/v1/state');
        if (answer.status === 200) this.report.answered++;
        else this.report.failures.push(`${new Date(started).toISOString()}: ${answer.status}`);
      } catch (e) {
        this.report.failures.push(`${new Date(started).toISOString()}: ${String(e)}`);
      }
      this.report.slowestMs = Math.max(this.report.slowestMs, Date.now() - started);
      await new Promise((r) => setTimeout(r, PROBE_INTERVAL_MS));
    }
  }
}
