import type { Clock, TimerHandle } from '../lib/clock.js';

/**
 * Runs an async task after `trigger()`, at most once per `intervalMs` (measured start to start) and
 * never twice at once. Triggers that arrive while a run is pending fold into it; triggers during a
 * run schedule exactly one more. The first run is always deferred to a timer, so a synchronous
 * burst of triggers costs one run.
 */
export class Coalescer {
  private timer: TimerHandle | null = null;
  private running = false;
  private again = false;
  private lastStart = Number.NEGATIVE_INFINITY;
  private disposed = false;

  constructor(
    private readonly clock: Clock,
    private readonly intervalMs: number,
    private readonly task: () => Promise<void>,
    private readonly onError: (error: unknown) => void,
  ) {}

  trigger(): void {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    if (this.timer !== null) return;
    const wait = Math.max(0, this.lastStart + this.intervalMs - this.clock.now());
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      void this.run();
    }, wait);
  }

  private async run(): Promise<void> {
    if (this.disposed) return;
    this.running = true;
    this.lastStart = this.clock.now();
    try {
      await this.task();
    } catch (e) {
      this.onError(e);
    } finally {
      this.running = false;
    }
    if (this.again) {
      this.again = false;
      this.trigger();
    }
  }

  dispose(): void {
    this.disposed = true;
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}
