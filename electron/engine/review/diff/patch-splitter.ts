/**
 * Cuts streamed `git diff` output into per-file sections without holding more than one line head:
 * a section starts at a line beginning with `diff --git ` (hunk lines start with ` `, `+`, `-` or
 * `\`, so no content line can look like one). Text arrives in arbitrary chunks; a line that is
 * evidently content (or absurdly long) is passed on in pieces, so a 100 MB single-line file never
 * sits in one string here.
 */
export interface PatchSink {
  /** A new file section starts with this header line (including its newline). */
  header(line: string): void;
  /** More text of the current section (any part of a line). */
  content(text: string): void;
}

const HEADER_PREFIX = 'diff --git ';

/**
 * A header holds two paths of at most PATH_MAX (4,096 bytes on Linux) each, C-quoted in the worst
 * case (4 characters per byte): a line start longer than this is content, not a header.
 */
const HEADER_MAX_CHARS = 40_000;

export class PatchSplitter {
  /** Start of the current line while it may still turn out to be a header. */
  private partial = '';
  /** The current line is known content and was passed on already. */
  private inContent = false;

  constructor(private readonly sink: PatchSink) {}

  feed(chunk: string): void {
    let start = 0;
    while (start < chunk.length) {
      const newline = chunk.indexOf('\n', start);
      const end = newline === -1 ? chunk.length : newline + 1;
      const piece = chunk.slice(start, end);
      start = end;
      if (this.inContent) {
        this.sink.content(piece);
        if (newline !== -1) this.inContent = false;
        continue;
      }
      this.partial += piece;
      if (newline !== -1) {
        this.line(this.partial);
        this.partial = '';
      } else if (!couldBeHeader(this.partial)) {
        this.sink.content(this.partial);
        this.partial = '';
        this.inContent = true;
      }
    }
  }

  /** The output ended: a last line without a newline is still part of the last section. */
  end(): void {
    if (this.partial !== '') this.line(this.partial);
    this.partial = '';
    this.inContent = false;
  }

  private line(text: string): void {
    if (text.startsWith(HEADER_PREFIX)) this.sink.header(text);
    else this.sink.content(text);
  }
}

function couldBeHeader(lineStart: string): boolean {
  if (lineStart.length > HEADER_MAX_CHARS) return false;
  const n = Math.min(lineStart.length, HEADER_PREFIX.length);
  return lineStart.slice(0, n) === HEADER_PREFIX.slice(0, n);
}
