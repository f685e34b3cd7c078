import { createWriteStream, type WriteStream } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../lib/private-files.js';
import { errorMessage } from '../lib/result.js';

/** Where raw logs go; anything outside `[A-Za-z0-9._-]` in an id becomes `_` (no path tricks). */
export function rawLogPath(dir: string, sessionId: string): string {
  return path.join(dir, `${sessionId.replace(/[^A-Za-z0-9._-]/g, '_')}.log`);
}

/**
 * Every byte a session printed, appended to `<dir>/<session_id>.log`. Writes go through one
 * buffered async stream and are never fsynced individually: a per-write flush would cap a session
 * at a few thousand writes per second (performance-and-reliability.md §4.2), and losing the last
 * milliseconds of terminal output in a machine crash is acceptable for a log.
 *
 * A write error (disk full, directory removed) is remembered and later writes are dropped: the
 * session keeps running and the screen keeps updating; the raw log is a record, not a dependency.
 */
export class RawLog {
  readonly path: string;
  private stream: WriteStream | null = null;
  /** Output that arrived before the directory existed and the stream was opened. */
  private early: string[] = [];
  private readonly ready: Promise<void>;
  private closed = false;
  private failure: string | null = null;

  constructor(dir: string, sessionId: string) {
    this.path = rawLogPath(dir, sessionId);
    this.ready = this.open(dir);
  }

  /** The first write/open error, if any. */
  get error(): string | null {
    return this.failure;
  }

  write(data: string): void {
    if (this.closed || this.failure !== null || data.length === 0) return;
    if (this.stream) this.stream.write(data);
    else this.early.push(data);
  }

  /** Flushes what was written and closes the file. Safe to call twice. */
  async close(): Promise<void> {
    if (this.closed) return this.ready;
    this.closed = true;
    await this.ready;
    const stream = this.stream;
    this.stream = null;
    if (!stream || stream.destroyed) return;
    await new Promise<void>((resolve) => {
      stream.once('close', () => resolve());
      stream.end();
    });
  }

  private async open(dir: string): Promise<void> {
    try {
      await mkdir(dir, { recursive: true, mode: PRIVATE_DIR_MODE });
    } catch (e) {
      this.fail(e);
      return;
    }
    // Owner-only: a terminal shows whatever the agent printed, secrets it came across included.
    const stream = createWriteStream(this.path, { flags: 'a', mode: PRIVATE_FILE_MODE });
    stream.on('error', (e) => {
      this.fail(e);
      stream.destroy();
    });
    this.stream = stream;
    const early = this.early.join('');
    this.early = [];
    if (early.length > 0) stream.write(early);
  }

  private fail(e: unknown): void {
    this.failure ??= errorMessage(e);
    this.early = [];
  }
}
