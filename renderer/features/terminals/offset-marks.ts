import type { LineMarker } from './terminal-view.js';

/** Where a stream offset is in the terminal buffer, as far as the marks can tell. */
export type OffsetLocation =
  | { kind: 'line'; line: number }
  /** It came with the snapshot the screen was restored from: its line is not known. */
  | { kind: 'restored' }
  /** Its lines have scrolled off the top of the terminal's scrollback. */
  | { kind: 'trimmed' }
  /** The terminal has not received output that far yet. */
  | { kind: 'ahead' };

/** What the marks read from the terminal. */
export interface LineSource {
  cursorLine(): number;
  markCursor(): LineMarker | null;
}

/**
 * Marks kept per terminal. One per distinct line written, so this bounds memory for a terminal that
 * streams for hours (16 bytes each, ~160 KB); older marks are dropped first.
 */
export const MAX_MARKS = 10_000;

interface Mark {
  offset: number;
  /** Absolute line: buffer line + lines trimmed off the top since `restart`. */
  abs: number;
}

/**
 * Records (stream offset → buffer line) as output is parsed, so "show this trace event in the
 * terminal" can scroll to the line nearest an offset. Lines are kept as absolute numbers; a single
 * xterm marker (the anchor) on the latest marked line tells how many lines were trimmed off the top
 * since, so no per-mark xterm marker has to be updated on every scroll.
 */
export class OffsetMarks {
  private marks: Mark[] = [];
  private anchor: { abs: number; marker: LineMarker } | null = null;
  /** Offsets up to here came in a snapshot. */
  private floor = 0;
  /** Offsets below this were marked once but their lines are gone. */
  private lostBelow = 0;
  /** The furthest offset parsed so far (marks skip offsets that did not move to a new line). */
  private latest = 0;

  constructor(private readonly source: LineSource) {}

  /** After a snapshot of the stream up to `offset` was written and parsed. */
  restart(offset: number): void {
    this.dispose();
    this.floor = offset;
    this.latest = offset;
    this.lostBelow = 0;
    const line = this.source.cursorLine();
    this.marks = [{ offset, abs: line }];
    this.placeAnchor(line);
  }

  /** After live output up to `offset` was parsed. */
  record(offset: number): void {
    if (offset <= this.latest) return;
    this.latest = offset;
    const last = this.marks.at(-1);
    let trimmed = this.trimmed();
    if (trimmed === null) {
      // The anchor itself was trimmed: everything marked so far has left the buffer.
      this.lostBelow = last?.offset ?? this.floor;
      this.marks = [];
      trimmed = 0;
    }
    const line = this.source.cursorLine();
    const abs = trimmed + line;
    if (this.marks.length > 0 && last && abs <= last.abs) return;
    this.marks.push({ offset, abs });
    if (this.marks.length > MAX_MARKS) {
      const dropped = this.marks.splice(0, this.marks.length - MAX_MARKS);
      this.lostBelow = Math.max(this.lostBelow, dropped.at(-1)!.offset + 1);
    }
    if (this.anchor === null || abs !== this.anchor.abs) this.placeAnchor(line, abs);
  }

  locate(offset: number): OffsetLocation {
    if (offset <= this.floor) return { kind: 'restored' };
    if (offset < this.lostBelow) return { kind: 'trimmed' };
    if (this.marks.length === 0 || offset > this.latest) return { kind: 'ahead' };
    const trimmed = this.trimmed();
    // The last mark at or before the offset: its output starts on that line or below it.
    const mark = this.marks[this.lastAtOrBefore(offset)];
    if (trimmed === null || !mark) return { kind: 'trimmed' };
    const line = mark.abs - trimmed;
    return line < 0 ? { kind: 'trimmed' } : { kind: 'line', line };
  }

  get size(): number {
    return this.marks.length;
  }

  dispose(): void {
    this.anchor?.marker.dispose();
    this.anchor = null;
    this.marks = [];
  }

  /** Lines trimmed off the top since `restart`, or null when the anchor was lost with them. */
  private trimmed(): number | null {
    if (!this.anchor) return 0;
    if (this.anchor.marker.isDisposed) return null;
    return this.anchor.abs - this.anchor.marker.line;
  }

  private placeAnchor(line: number, abs = line): void {
    this.anchor?.marker.dispose();
    const marker = this.source.markCursor();
    this.anchor = marker ? { abs: abs - line + marker.line, marker } : null;
  }

  private lastAtOrBefore(offset: number): number {
    let lo = 0;
    let hi = this.marks.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (this.marks[mid]!.offset <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  }
}
