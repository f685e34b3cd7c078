import type { Clock, TimerHandle } from '../lib/clock.js';

/**
 * Gathers small chunks and hands them on as one string, `delayMs` after the first one arrived or as
 * soon as `maxChars` are pending, whichever comes first. For consumers whose cost is mostly per call
 * rather than per byte (an xterm write, an fs write), so that a session's ~50 pty reads a second
 * become a handful of calls. Nothing is ever dropped: `flush()` hands on whatever is pending now.
 */
export class ChunkCoalescer {
  private pending: string[] = [];
  private chars = 0;
  private timer: TimerHandle | null = null;
  private readonly onTimer = (): void => {
    this.timer = null;
    this.flush();
  };

  constructor(
    private readonly clock: Clock,
    private readonly delayMs: number,
    private readonly maxChars: number,
    private readonly sink: (data: string) => void,
  ) {}

  /** Chars waiting to be handed on. */
  get pendingChars(): number {
    return this.chars;
  }

  push(data: string): void {
    if (data.length === 0) return;
    this.pending.push(data);
    this.chars += data.length;
    if (this.chars >= this.maxChars) this.flush();
    else if (this.timer === null) this.timer = this.clock.setTimeout(this.onTimer, this.delayMs);
  }

  /** Hands on everything pending now and cancels the timer. */
  flush(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.chars === 0) return;
    const data = this.pending.length === 1 ? (this.pending[0] ?? '') : this.pending.join('');
    this.pending = [];
    this.chars = 0;
    this.sink(data);
  }
}
