import { monitorEventLoopDelay, performance, type IntervalHistogram } from 'node:perf_hooks';

/**
 * Sampling period of the event-loop delay histogram. 10 ms is Node's default: 100 wake-ups per
 * second cost nothing measurable, and a stall shorter than that is below what anyone can see.
 */
export const LAG_RESOLUTION_MS = 10;

export interface LoadSample {
  wallMs: number;
  /** CPU time of this whole process (main thread and libuv pool) as % of one core. */
  cpuPercent: number;
  /** Engine thread CPU time in ms (user + system) over the sample. */
  cpuMs: number;
  lagP50Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  rssMb: number;
}

/**
 * CPU (process.cpuUsage deltas) and event-loop lag (perf_hooks monitorEventLoopDelay) of this
 * process between start() and stop(). Children (agents, git) are not counted: cpuUsage covers this
 * process only, which is the point.
 */
export class LoadMeter {
  private readonly histogram: IntervalHistogram = monitorEventLoopDelay({ resolution: LAG_RESOLUTION_MS });
  private startCpu: NodeJS.CpuUsage = process.cpuUsage();
  private startWall = performance.now();

  start(): void {
    this.histogram.reset();
    this.histogram.enable();
    this.startCpu = process.cpuUsage();
    this.startWall = performance.now();
  }

  stop(): LoadSample {
    const cpu = process.cpuUsage(this.startCpu);
    const wallMs = performance.now() - this.startWall;
    this.histogram.disable();
    const cpuMs = (cpu.user + cpu.system) / 1000;
    // The histogram records the whole interval between timer wake-ups; the lag is what exceeds the period.
    const lag = (ns: number) => Math.max(0, ns / 1e6 - LAG_RESOLUTION_MS);
    const sampled = this.histogram.count > 0;
    return {
      wallMs,
      cpuMs,
      cpuPercent: wallMs > 0 ? (cpuMs / wallMs) * 100 : 0,
      lagP50Ms: sampled ? lag(this.histogram.percentile(50)) : 0,
      lagP99Ms: sampled ? lag(this.histogram.percentile(99)) : 0,
      lagMaxMs: sampled ? lag(this.histogram.max) : 0,
      rssMb: process.memoryUsage.rss() / 1024 / 1024,
    };
  }
}
