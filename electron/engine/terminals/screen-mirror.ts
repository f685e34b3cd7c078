import xtermHeadless from '@xterm/headless';
import { SerializeAddon } from '@xterm/addon-serialize';
import type { TerminalSnapshot } from './terminal-types.js';

const { Terminal } = xtermHeadless;

/**
 * Lines kept above the screen. 1,000 lines is what a re-attaching viewer is promised ("last screen +
 * 1,000 lines", performance-and-reliability.md §0) and costs ~1.1–1.5 KB per line at 80–120 columns
 * in xterm 6, so ~1.5 MB per session; 10× more would cost 15 MB × 100 sessions for scrollback few
 * people scroll (emdash cut 100 k → 10 k for the same reason). The raw log keeps everything.
 */
export const SCROLLBACK_LINES = 1_000;

/**
 * The engine's copy of a session's screen: a headless xterm fed with everything the session printed,
 * serialized for viewers that attach late, reload, or were reset by flow control.
 *
 * xterm parses asynchronously, so writes whose parse callback has not fired yet are kept (by
 * reference) as the unparsed tail; a snapshot is the serialized parsed screen followed by that tail,
 * which is exactly the stream up to the last write.
 */
export class ScreenMirror {
  private readonly term: InstanceType<typeof Terminal>;
  private readonly serializer = new SerializeAddon();
  private readonly unparsed: string[] = [];
  private parsedWaiters: Array<() => void> = [];
  private disposed = false;

  constructor(cols: number, rows: number) {
    this.term = new Terminal({ cols, rows, scrollback: SCROLLBACK_LINES, allowProposedApi: true });
    this.term.loadAddon(this.serializer);
  }

  get cols(): number {
    return this.term.cols;
  }

  get rows(): number {
    return this.term.rows;
  }

  write(data: string): void {
    if (this.disposed) return;
    this.unparsed.push(data);
    try {
      this.term.write(data, () => {
        this.unparsed.shift();
        if (this.unparsed.length === 0) this.wakeWaiters();
      });
    } catch {
      // xterm refuses writes once 50 MB are pending ("write data discarded"). Parsing runs on this
      // same thread at ~90 MB/s, faster than a pty can be read, so this needs a stalled event loop;
      // the screen copy then misses that chunk (the raw log still has it) rather than crashing.
      this.unparsed.pop();
    }
  }

  resize(cols: number, rows: number): void {
    if (!this.disposed) this.term.resize(cols, rows);
  }

  /** The screen (with scrollback) as of everything written so far; `seq` is supplied by the caller. */
  snapshot(seq: number): TerminalSnapshot {
    if (this.disposed) return { data: '', cols: 0, rows: 0, seq };
    const data = this.serializer.serialize() + this.unparsed.join('');
    return { data, cols: this.term.cols, rows: this.term.rows, seq };
  }

  /** Resolves once everything written so far has been parsed (e.g. before reading lines). */
  whenParsed(): Promise<void> {
    if (this.disposed || this.unparsed.length === 0) return Promise.resolve();
    return new Promise((resolve) => this.parsedWaiters.push(resolve));
  }

  /** The last `count` non-empty lines of the parsed screen and scrollback, as plain text. */
  lastLines(count: number): string[] {
    if (this.disposed) return [];
    const buffer = this.term.buffer.active;
    const lines: string[] = [];
    for (let y = buffer.length - 1; y >= 0 && lines.length < count; y--) {
      const text = buffer.getLine(y)?.translateToString(true) ?? '';
      if (text.trim().length > 0) lines.unshift(text);
    }
    return lines;
  }

  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.term.dispose();
    this.unparsed.length = 0;
    this.wakeWaiters();
  }

  private wakeWaiters(): void {
    const waiters = this.parsedWaiters;
    this.parsedWaiters = [];
    for (const wake of waiters) wake();
  }
}
