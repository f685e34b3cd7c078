/**
 * Largest `terminal.input` message of a paste, in chars. The engine writes each message to the pty
 * in one go; a tty's input queue holds 4 KiB (Linux N_TTY_BUF_SIZE), and a program that reads
 * slower than a big write arrives can see it garbled (vscode#38137, where VS Code settled on 50-char
 * writes every 5 ms). 1 KiB every INPUT_CHUNK_INTERVAL_MS stays well inside the tty queue and still
 * moves a 100 KB paste in half a second.
 */
export const INPUT_CHUNK_CHARS = 1_024;

/** Pause between two chunks of a paste (ms): VS Code's `WriteInterval`. */
export const INPUT_CHUNK_INTERVAL_MS = 5;

export interface Timers {
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

const realTimers: Timers = {
  setTimeout: (fn, ms) => setTimeout(fn, ms),
  clearTimeout: (handle) => clearTimeout(handle as ReturnType<typeof setTimeout>),
};

/**
 * Sends one terminal's keystrokes in order: a keystroke goes out at once, a large paste in chunks
 * paced INPUT_CHUNK_INTERVAL_MS apart, and anything typed meanwhile queues behind it. When the
 * socket refuses (disconnected), what is queued is dropped and `onDropped` says how much.
 */
export class InputSender {
  private queue: string[] = [];
  private timer: unknown = null;

  constructor(
    private readonly send: (data: string) => boolean,
    private readonly onDropped: (chars: number) => void = () => {},
    private readonly timers: Timers = realTimers,
  ) {}

  push(data: string): void {
    if (data.length === 0) return;
    this.queue.push(...split(data, INPUT_CHUNK_CHARS));
    if (this.timer === null) this.drain();
  }

  /** Chars waiting to be sent. */
  get pending(): number {
    return this.queue.reduce((sum, chunk) => sum + chunk.length, 0);
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearTimeout(this.timer);
    this.timer = null;
    this.queue = [];
  }

  private drain(): void {
    this.timer = null;
    const chunk = this.queue.shift();
    if (chunk === undefined) return;
    if (!this.send(chunk)) {
      const dropped = chunk.length + this.pending;
      this.queue = [];
      this.onDropped(dropped);
      return;
    }
    if (this.queue.length > 0) this.timer = this.timers.setTimeout(() => this.drain(), INPUT_CHUNK_INTERVAL_MS);
  }
}

/** Pieces of at most `size` chars, never splitting a UTF-16 surrogate pair. */
export function split(text: string, size: number): string[] {
  const parts: string[] = [];
  for (let start = 0; start < text.length; ) {
    let end = Math.min(start + size, text.length);
    const last = text.charCodeAt(end - 1);
    if (end < text.length && last >= 0xd800 && last <= 0xdbff) end--;
    parts.push(text.slice(start, end));
    start = end;
  }
  return parts;
}
