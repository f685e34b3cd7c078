import { stripVTControlCharacters } from 'node:util';

/** Lines of check output kept as feedback: enough for a compiler error or a test runner's summary. */
export const TAIL_MAX_LINES = 100;
/** Byte cap of that tail: it is stored with every landing and sent to the agent in its prompt. */
export const TAIL_MAX_BYTES = 16 * 1024;
/**
 * Raw output kept while a check runs. Escape sequences and redrawn progress lines shrink a lot when
 * cleaned, so keep several times the final cap; a chatty check never grows memory past this.
 */
export const RAW_KEEP_CHARS = 256 * 1024;

/** The last `limit` chars of a stream of strings. */
export class RawTail {
  private chunks: string[] = [];
  private chars = 0;

  constructor(private readonly limit: number = RAW_KEEP_CHARS) {}

  push(data: string): void {
    this.chunks.push(data);
    this.chars += data.length;
    if (this.chars > this.limit * 2) this.compact();
  }

  text(): string {
    this.compact();
    return this.chunks.join('');
  }

  private compact(): void {
    const all = this.chunks.join('');
    const kept = all.length > this.limit ? all.slice(all.length - this.limit) : all;
    this.chunks = [kept];
    this.chars = kept.length;
  }
}

/**
 * Terminal output as plain text for a person or an agent to read: escape sequences removed, each
 * `\r`-redrawn line (progress bars) reduced to what was last drawn, then the last `maxLines` lines,
 * at most `maxBytes` bytes, starting at a line boundary.
 */
export function plainTail(raw: string, maxLines = TAIL_MAX_LINES, maxBytes = TAIL_MAX_BYTES): string {
  const lines = stripVTControlCharacters(raw)
    .replace(/\r+\n/g, '\n')
    .split('\n')
    .map(lastDrawn)
    // Other control characters (bells, backspaces) only make the text harder to read.
    // eslint-disable-next-line no-control-regex
    .map((line) => line.replace(/[\u0000-\u0008\u000b-\u001f\u007f]/g, '').trimEnd());
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  let text = lines.slice(-maxLines).join('\n');
  if (Buffer.byteLength(text) > maxBytes) {
    const bytes = Buffer.from(text);
    const cut = bytes.subarray(bytes.length - maxBytes).toString('utf8');
    const newline = cut.indexOf('\n');
    text = newline >= 0 ? cut.slice(newline + 1) : cut.replace(/^\uFFFD+/, '');
  }
  return text;
}

function lastDrawn(line: string): string {
  const parts = line.split('\r');
  for (let i = parts.length - 1; i >= 0; i--) if (parts[i]!.trim() !== '') return parts[i]!;
  return '';
}
