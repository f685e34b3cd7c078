import type { Clock, TimerHandle } from '../lib/clock.js';

/**
 * How long the first chunk waits for company before a batch goes out. Between VS Code (5 ms) and
 * Hyper (16 ms), as parallel-code does: half a 60 Hz frame, so batching adds at most 8 ms to the
 * 50 ms pty→screen budget while folding the 4–64 KiB pty reads of a busy session into about one
 * message per frame instead of one per read.
 */
export const FLUSH_DELAY_MS = 8;

/**
 * Largest batch, in chars. 64 KiB (parallel-code's cap) keeps one message cheap to move (~0.4 ms
 * over Electron IPC) and one xterm write short (~2 ms at 30 MB/s), so a flooding session cannot
 * monopolize a frame of the renderer that also draws the other terminals.
 */
export const MAX_BATCH_CHARS = 64 * 1024;

/**
 * Joins a session's output chunks into batches: the first chunk starts a FLUSH_DELAY_MS timer, later
 * ones are appended, and the batch leaves when the timer fires or it reaches MAX_BATCH_CHARS.
 * Each batch carries the stream offset at its end. In direct mode (no live viewer) chunks leave as
 * they come, still cut at MAX_BATCH_CHARS.
 */
export class OutputBatcher {
  private pending: string[] = [];
  private pendingChars = 0;
  private timer: TimerHandle | null = null;
  private emitted = 0;
  private disposed = false;
  private direct = false;

  constructor(
    private readonly clock: Clock,
    private readonly emit: (data: string, endOffset: number) => void,
  ) {}

  /** Stream offset of everything emitted so far. */
  get offset(): number {
    return this.emitted;
  }

  /**
   * Direct mode sends every chunk at once instead of waiting for company. Batching only pays off
   * for a viewer that gets the batches (fewer messages and renderer writes per frame); for a session
   * nobody watches it would cost a timer per pty read (~5,000/s at 100 sessions) for nothing.
   * Switching it on sends what is pending first, so the order of the stream is kept.
   */
  setDirect(direct: boolean): void {
    if (direct) this.flush();
    this.direct = direct;
  }

  push(data: string): void {
    if (this.disposed || data.length === 0) return;
    if (this.direct && this.pendingChars === 0 && data.length < MAX_BATCH_CHARS) {
      this.send(data);
      return;
    }
    this.pending.push(data);
    this.pendingChars += data.length;
    if (this.direct) {
      this.flush();
      return;
    }
    if (this.pendingChars >= MAX_BATCH_CHARS) this.emitFullBatches();
    if (this.pendingChars > 0 && this.timer === null) {
      this.timer = this.clock.setTimeout(() => {
        this.timer = null;
        this.flush();
      }, FLUSH_DELAY_MS);
    }
  }

  /** Emits whatever is pending now (before a resize, on exit, on dispose). */
  flush(): void {
    if (this.timer !== null) {
      this.clock.clearTimeout(this.timer);
      this.timer = null;
    }
    if (this.pendingChars === 0) return;
    this.emitFullBatches();
    if (this.pendingChars > 0) this.send(this.take());
  }

  dispose(): void {
    this.flush();
    this.disposed = true;
  }

  private emitFullBatches(): void {
    let joined = this.take();
    while (joined.length >= MAX_BATCH_CHARS) {
      const cut = safeCut(joined, MAX_BATCH_CHARS);
      this.send(joined.slice(0, cut));
      joined = joined.slice(cut);
    }
    if (joined.length > 0) {
      this.pending = [joined];
      this.pendingChars = joined.length;
    }
  }

  private take(): string {
    const joined = this.pending.length === 1 ? (this.pending[0] ?? '') : this.pending.join('');
    this.pending = [];
    this.pendingChars = 0;
    return joined;
  }

  private send(data: string): void {
    this.emitted += data.length;
    this.emit(data, this.emitted);
  }
}

/** A cut at `at` that does not split a UTF-16 surrogate pair. */
function safeCut(text: string, at: number): number {
  const code = text.charCodeAt(at - 1);
  return code >= 0xd800 && code <= 0xdbff ? at - 1 : at;
}
