import type { EngineAddress } from '../../shared/bridge/bridge-api.js';

/** The line `baton serve` (and `baton demo`) prints once it listens. */
const BANNER = /^Baton listening on (\S+)\s*$/;

/**
 * The engine's address from its banner line, or null when the line is something else. Only a
 * loopback http origin with a non-empty token is accepted: main hands this address to the window
 * and trusts its origin, so anything odd is refused rather than loaded.
 */
export function parseBanner(line: string): EngineAddress | null {
  const match = BANNER.exec(line);
  if (!match) return null;
  let url: URL;
  try {
    url = new URL(match[1]!);
  } catch {
    return null;
  }
  const token = url.searchParams.get('token');
  if (url.protocol !== 'http:' || !token || !isLoopbackHost(url.hostname)) return null;
  return { url: url.origin, token };
}

export function isLoopbackHost(hostname: string): boolean {
  return hostname === 'localhost' || hostname === '[::1]' || /^127\.\d{1,3}\.\d{1,3}\.\d{1,3}$/.test(hostname);
}

/**
 * Splits a byte stream into lines. A line longer than `maxLineChars` is cut there: the banner is
 * short, and a runaway line without a newline must not grow memory without bound.
 */
export class LineSplitter {
  private pending = '';

  constructor(
    private readonly onLine: (line: string) => void,
    private readonly maxLineChars = 8_192,
  ) {}

  push(chunk: string): void {
    const parts = (this.pending + chunk).split('\n');
    this.pending = parts.pop() ?? '';
    for (const part of parts) this.onLine(part.replace(/\r$/, ''));
    if (this.pending.length > this.maxLineChars) {
      this.onLine(this.pending.slice(0, this.maxLineChars));
      this.pending = '';
    }
  }

  /** The unterminated rest (a process that dies mid-line still said it). */
  partial(): string {
    return this.pending;
  }
}

/** The last lines of a stream (stderr), bounded in lines and characters. */
export class TailBuffer {
  private lines: string[] = [];
  private splitter: LineSplitter;

  constructor(
    private readonly maxLines = 20,
    private readonly maxChars = 4_000,
  ) {
    this.splitter = new LineSplitter((line) => this.add(line), maxChars);
  }

  push(chunk: string): void {
    this.splitter.push(chunk);
  }

  text(): string {
    const partial = this.splitter.partial().trim();
    const all = partial === '' ? this.lines : [...this.lines, partial];
    const text = all.join('\n');
    return text.length > this.maxChars ? text.slice(text.length - this.maxChars) : text;
  }

  clear(): void {
    this.lines = [];
    this.splitter = new LineSplitter((line) => this.add(line), this.maxChars);
  }

  private add(line: string): void {
    if (line.trim() === '') return;
    this.lines.push(line);
    if (this.lines.length > this.maxLines) this.lines.shift();
    while (this.lines.length > 1 && this.lines.join('\n').length > this.maxChars) this.lines.shift();
  }
}
