import { describe, expect, it } from 'vitest';
import { MAX_MARKS, OffsetMarks, type LineSource } from './offset-marks.js';
import type { LineMarker } from './terminal-view.js';

/** A buffer that keeps `capacity` lines and trims the oldest, moving its markers like xterm does. */
class FakeBuffer implements LineSource {
  cursor = 0;
  readonly markers: Array<{ line: number; isDisposed: boolean; dispose(): void }> = [];
  constructor(private readonly capacity: number) {}

  /** Writes `lines` newlines. */
  newlines(lines: number): void {
    this.cursor += lines;
    const over = this.cursor - (this.capacity - 1);
    if (over > 0) {
      this.cursor -= over;
      for (const m of this.markers) {
        m.line -= over;
        if (m.line < 0) m.isDisposed = true;
      }
    }
  }

  cursorLine(): number {
    return this.cursor;
  }

  markCursor(): LineMarker {
    const marker = { line: this.cursor, isDisposed: false, dispose: () => void (marker.isDisposed = true) };
    this.markers.push(marker);
    return marker;
  }

  get liveMarkers(): number {
    return this.markers.filter((m) => !m.isDisposed).length;
  }
}

describe('OffsetMarks', () => {
  it('finds the line where output at an offset starts', () => {
    const buf = new FakeBuffer(1000);
    const marks = new OffsetMarks(buf);
    buf.newlines(5); // a restored snapshot of 5 lines, stream offset 100
    marks.restart(100);
    buf.newlines(3);
    marks.record(130);
    buf.newlines(4);
    marks.record(170);
    expect(marks.locate(50)).toEqual({ kind: 'restored' });
    expect(marks.locate(100)).toEqual({ kind: 'restored' });
    expect(marks.locate(101)).toEqual({ kind: 'line', line: 5 });
    expect(marks.locate(130)).toEqual({ kind: 'line', line: 8 });
    expect(marks.locate(150)).toEqual({ kind: 'line', line: 8 });
    expect(marks.locate(170)).toEqual({ kind: 'line', line: 12 });
    expect(marks.locate(171)).toEqual({ kind: 'ahead' });
  });

  it('keeps one mark per line and uses a single xterm marker', () => {
    const buf = new FakeBuffer(1000);
    const marks = new OffsetMarks(buf);
    marks.restart(0);
    marks.record(10); // same line as the restart: no new mark
    buf.newlines(1);
    marks.record(20);
    marks.record(25);
    expect(marks.size).toBe(2);
    expect(marks.locate(25)).toEqual({ kind: 'line', line: 1 });
    expect(buf.liveMarkers).toBe(1);
  });

  it('follows lines trimmed off the top of the scrollback', () => {
    const buf = new FakeBuffer(100);
    const marks = new OffsetMarks(buf);
    marks.restart(0);
    for (let i = 1; i <= 150; i++) {
      buf.newlines(1);
      marks.record(i * 10);
    }
    // 150 lines written into a 100-line buffer: 51 trimmed, line 150 is now buffer line 99.
    expect(marks.locate(1500)).toEqual({ kind: 'line', line: 99 });
    expect(marks.locate(1000)).toEqual({ kind: 'line', line: 49 });
    expect(marks.locate(520)).toEqual({ kind: 'line', line: 1 });
    expect(marks.locate(500)).toEqual({ kind: 'trimmed' });
  });

  it('reports everything earlier as trimmed when one burst scrolls past the whole buffer', () => {
    const buf = new FakeBuffer(100);
    const marks = new OffsetMarks(buf);
    marks.restart(0);
    buf.newlines(10);
    marks.record(100);
    buf.newlines(500);
    marks.record(5000);
    expect(marks.locate(50)).toEqual({ kind: 'trimmed' });
    expect(marks.locate(5000)).toEqual({ kind: 'line', line: 99 });
  });

  it('a snapshot restart forgets the old marks', () => {
    const buf = new FakeBuffer(1000);
    const marks = new OffsetMarks(buf);
    marks.restart(0);
    buf.newlines(2);
    marks.record(40);
    buf.cursor = 3;
    marks.restart(400);
    expect(marks.locate(40)).toEqual({ kind: 'restored' });
    expect(marks.size).toBe(1);
    expect(buf.liveMarkers).toBe(1);
  });

  it('stays bounded on an endless stream', () => {
    const buf = new FakeBuffer(1_000_000);
    const marks = new OffsetMarks(buf);
    marks.restart(0);
    for (let i = 1; i <= MAX_MARKS + 500; i++) {
      buf.newlines(1);
      marks.record(i);
    }
    expect(marks.size).toBe(MAX_MARKS);
    expect(marks.locate(100)).toEqual({ kind: 'trimmed' });
    expect(marks.locate(MAX_MARKS + 500)).toEqual({ kind: 'line', line: MAX_MARKS + 500 });
  });
});
