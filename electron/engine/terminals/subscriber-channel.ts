import type { Logger } from '../lib/logger.js';
import type { TerminalBatch, TerminalClient, TerminalSnapshot } from './terminal-types.js';

/**
 * Unacknowledged chars after which a viewer stops getting live data: VS Code's
 * `FlowControlConstants.HighWatermarkChars`. At xterm.js's 5–35 MB/s that is 3–20 ms of parsing
 * queued in the renderer, so a viewer is never more than about a frame behind, and far below the
 * ~500 kB at which xterm itself becomes unresponsive.
 */
export const HIGH_WATERMARK_CHARS = 100_000;

/**
 * A paused viewer is reset once its unacknowledged chars fall below this (VS Code's
 * `LowWatermarkChars`). Viewers should ack in units no larger than this or they may never resume.
 */
export const LOW_WATERMARK_CHARS = 5_000;

/** ESC c (RIS): full terminal reset, so a snapshot sent as plain data starts from a blank screen. */
const FULL_RESET = '\x1bc';

/**
 * One viewer of a TerminalSession with its own credit-based flow control. Unlike VS Code, a slow
 * viewer never pauses the pty (agents are not throttled for a viewer): output past the high
 * watermark is simply not sent to it, and once it catches up it gets a fresh snapshot instead of the
 * backlog. Memory stays bounded and the screen ends up right.
 */
export class SubscriberChannel {
  private unacked = 0;
  private paused = false;
  private disposed = false;

  constructor(
    private readonly client: TerminalClient,
    private visible: boolean,
    private readonly takeSnapshot: () => TerminalSnapshot,
    private readonly logger: Logger,
  ) {}

  /** Whether it is currently cut off by flow control (for tests and diagnostics). */
  get isPaused(): boolean {
    return this.paused;
  }

  /** Whether it takes live data at all (visible and not disposed; a paused one will again). */
  get live(): boolean {
    return this.visible && !this.disposed;
  }

  get unacknowledged(): number {
    return this.unacked;
  }

  deliver(batch: TerminalBatch): void {
    if (this.disposed || !this.visible || this.paused) return;
    this.unacked += batch.data.length;
    if (this.unacked > HIGH_WATERMARK_CHARS) this.paused = true;
    this.call(() => this.client.send(batch));
  }

  ack(chars: number): void {
    if (this.disposed || !Number.isFinite(chars) || chars <= 0) return;
    // Clamped at 0 as in VS Code: acks for data sent before a reset would otherwise go negative.
    this.unacked = Math.max(0, this.unacked - chars);
    if (this.paused && this.unacked < LOW_WATERMARK_CHARS) this.reset();
  }

  setVisible(visible: boolean): void {
    if (this.disposed || visible === this.visible) return;
    this.visible = visible;
    if (visible) this.reset();
  }

  resized(cols: number, rows: number): void {
    if (this.disposed || !this.client.onResize) return;
    this.call(() => this.client.onResize?.(cols, rows));
  }

  dispose(): void {
    this.disposed = true;
  }

  /** Brings the viewer up to date with a snapshot; in-flight data from before no longer counts. */
  private reset(): void {
    this.paused = false;
    this.unacked = 0;
    const snapshot = this.takeSnapshot();
    if (this.client.onReset) {
      this.call(() => this.client.onReset?.(snapshot));
    } else {
      this.call(() => this.client.send({ data: FULL_RESET + snapshot.data, offset: snapshot.seq, reset: true }));
    }
  }

  /** A throwing viewer (closed socket, bug) must not break output for the others. */
  private call(fn: () => void): void {
    try {
      fn();
    } catch (e) {
      this.logger.warn({ err: e }, 'terminal viewer callback failed');
    }
  }
}
