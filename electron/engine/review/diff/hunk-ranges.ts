import type { PatchSink } from './patch-splitter.js';

/**
 * Lines of the base a change touches, in the base's numbering: `start`..`end` inclusive. A pure
 * insertion touches no line, only the gap after line n, written n + 0.5 (0.5: before the first
 * line). A binary file's change is the whole file.
 */
export interface LineRange {
  start: number;
  end: number;
}

export const WHOLE_FILE: LineRange = { start: 0, end: Number.POSITIVE_INFINITY };

/**
 * Whether two changes of one file, each against its ticket's base, are likely to conflict: they
 * touch the same lines or lines next to each other (git's merge conflicts on adjacent changes too,
 * and two insertions at the same place). Line numbers are each ticket's own base: tickets cut
 * from different base commits compare approximately.
 */
export function rangesConflict(a: readonly LineRange[], b: readonly LineRange[]): boolean {
  return a.some((x) => b.some((y) => x.start <= y.end + 1 && y.start <= x.end + 1));
}

/** Only the start of a line matters (a hunk header's numbers): longer lines are not kept whole. */
const LINE_HEAD_CHARS = 256;
const HUNK = /^@@ -(\d+)(?:,(\d+))? \+\d+(?:,\d+)? @@/;

/**
 * Reads the base-side line ranges of each file section of a `git diff --unified=0` stream (fed by
 * PatchSplitter), keeping nothing of the content but the start of the current line.
 */
export class HunkRangeSink implements PatchSink {
  /** Each section's header line (with its newline) and its ranges, in output order. */
  readonly sections: { header: string; ranges: LineRange[] }[] = [];
  private head = '';

  header(line: string): void {
    this.endLine();
    this.sections.push({ header: line, ranges: [] });
  }

  content(text: string): void {
    let from = 0;
    for (let nl = text.indexOf('\n'); nl !== -1; nl = text.indexOf('\n', from)) {
      this.keep(text.slice(from, nl));
      this.endLine();
      from = nl + 1;
    }
    this.keep(text.slice(from));
  }

  /** The output ended: a last line without its newline still counts. */
  end(): void {
    this.endLine();
  }

  private keep(piece: string): void {
    if (this.head.length < LINE_HEAD_CHARS) this.head += piece.slice(0, LINE_HEAD_CHARS - this.head.length);
  }

  private endLine(): void {
    const line = this.head;
    this.head = '';
    const section = this.sections.at(-1);
    if (!section) return;
    const hunk = HUNK.exec(line);
    if (hunk) {
      const start = Number(hunk[1]);
      const count = hunk[2] === undefined ? 1 : Number(hunk[2]);
      section.ranges.push(count === 0 ? { start: start + 0.5, end: start + 0.5 } : { start, end: start + count - 1 });
    } else if (line.startsWith('Binary files ')) {
      section.ranges.push(WHOLE_FILE);
    }
  }
}
