/**
 * Splits a byte stream into lines (the app-server's stdio framing is one JSON message per `\n`).
 * A partial line is held as a list of chunks and joined once when its newline arrives, so a
 * multi-megabyte line costs one copy instead of quadratic string growth. Decoding happens per whole
 * line, so a UTF-8 character split across chunks is never mangled.
 */

/**
 * SPEC §10.1 recommends a 10 MB line cap: large enough for real messages (a long agent answer, a
 * command's aggregated output, a big diff), small enough that a runaway writer cannot exhaust memory.
 */
export const MAX_LINE_BYTES = 10 * 1024 * 1024;

const NEWLINE = 0x0a;
const CARRIAGE_RETURN = 0x0d;

export interface JsonlReaderHandlers {
  onLine(line: string): void;
  /** A line longer than the cap was dropped up to its newline; the stream goes on after it. */
  onOversize(bytes: number): void;
}

export class JsonlReader {
  private parts: Buffer[] = [];
  private size = 0;
  /** Bytes of the current line already thrown away because it passed the cap. */
  private discarded = 0;
  private discarding = false;

  constructor(
    private readonly handlers: JsonlReaderHandlers,
    private readonly maxLineBytes = MAX_LINE_BYTES,
  ) {}

  push(chunk: Buffer | string): void {
    const buf = typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : chunk;
    let start = 0;
    while (start < buf.length) {
      const newline = buf.indexOf(NEWLINE, start);
      if (newline === -1) {
        this.append(buf.subarray(start));
        return;
      }
      this.append(buf.subarray(start, newline));
      this.finishLine();
      start = newline + 1;
    }
  }

  /** End of stream: a last line without a newline still counts. */
  end(): void {
    if (this.size > 0 || this.discarding) this.finishLine();
  }

  /** Bytes currently held for an unfinished line (for tests and diagnostics). */
  get pendingBytes(): number {
    return this.size;
  }

  private append(piece: Buffer): void {
    if (piece.length === 0) return;
    if (this.discarding) {
      this.discarded += piece.length;
      return;
    }
    if (this.size + piece.length > this.maxLineBytes) {
      this.discarding = true;
      this.discarded = this.size + piece.length;
      this.parts = [];
      this.size = 0;
      return;
    }
    this.parts.push(piece);
    this.size += piece.length;
  }

  private finishLine(): void {
    if (this.discarding) {
      const bytes = this.discarded;
      this.discarding = false;
      this.discarded = 0;
      this.handlers.onOversize(bytes);
      return;
    }
    const parts = this.parts;
    const size = this.size;
    this.parts = [];
    this.size = 0;
    if (size === 0) return;
    let line = parts.length === 1 ? parts[0]! : Buffer.concat(parts, size);
    if (line[line.length - 1] === CARRIAGE_RETURN) line = line.subarray(0, line.length - 1);
    if (line.length === 0) return;
    this.handlers.onLine(line.toString('utf8'));
  }
}
