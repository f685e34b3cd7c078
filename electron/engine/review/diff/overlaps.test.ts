import { describe, expect, it } from 'vitest';
import { rangesConflict, type LineRange } from './hunk-ranges.js';
import { overlapsOf } from './overlaps.js';

const lines = (entries: Record<string, LineRange[]>) => new Map(Object.entries(entries));
const at = (start: number, end = start): LineRange => ({ start, end });

describe('overlapsOf', () => {
  it('lists the tickets sharing files, with the shared files sorted and once each', () => {
    const overlaps = overlapsOf({ identifier: 'BAT-1', files: ['src/a.ts', 'src/b.ts', 'README.md'] }, [
      { identifier: 'BAT-2', files: ['src/b.ts', 'src/a.ts', 'src/a.ts', 'other.ts'] },
      { identifier: 'BAT-3', files: ['docs/x.md'] },
      { identifier: 'BAT-4', files: ['README.md'] },
    ]);
    expect(overlaps).toEqual([
      { identifier: 'BAT-2', files: ['src/a.ts', 'src/b.ts'], conflicts: [] },
      { identifier: 'BAT-4', files: ['README.md'], conflicts: [] },
    ]);
  });

  it('is empty with no files or no other tickets', () => {
    expect(overlapsOf({ identifier: 'BAT-1', files: [] }, [{ identifier: 'BAT-2', files: ['a'] }])).toEqual([]);
    expect(overlapsOf({ identifier: 'BAT-1', files: ['a'] }, [])).toEqual([]);
  });

  it('matches paths exactly (no prefix or case folding)', () => {
    expect(overlapsOf({ identifier: 'BAT-1', files: ['src/a.ts'] }, [{ identifier: 'BAT-2', files: ['src/a.tsx', 'SRC/a.ts', 'src'] }])).toEqual([]);
  });

  it('marks the files where both change the same lines, and ranks those tickets first', () => {
    const mine = { identifier: 'BAT-1', files: ['CHANGELOG.md', 'src/a.ts'], ranges: lines({ 'CHANGELOG.md': [at(3.5)], 'src/a.ts': [at(10, 14)] }) };
    const overlaps = overlapsOf(mine, [
      { identifier: 'BAT-2', files: ['CHANGELOG.md'], ranges: lines({ 'CHANGELOG.md': [at(40, 41)] }) },
      { identifier: 'BAT-3', files: ['src/a.ts'], ranges: lines({ 'src/a.ts': [at(20, 22)] }) },
      { identifier: 'BAT-4', files: ['CHANGELOG.md', 'src/a.ts'], ranges: lines({ 'CHANGELOG.md': [at(3.5)], 'src/a.ts': [at(12)] }) },
      { identifier: 'BAT-5', files: ['src/a.ts'], ranges: lines({ 'src/a.ts': [at(15, 16)] }) },
      // No ranges known for this one: same file only.
      { identifier: 'BAT-6', files: ['src/a.ts'] },
    ]);
    expect(overlaps).toEqual([
      { identifier: 'BAT-4', files: ['CHANGELOG.md', 'src/a.ts'], conflicts: ['CHANGELOG.md', 'src/a.ts'] },
      { identifier: 'BAT-5', files: ['src/a.ts'], conflicts: ['src/a.ts'] },
      { identifier: 'BAT-2', files: ['CHANGELOG.md'], conflicts: [] },
      { identifier: 'BAT-3', files: ['src/a.ts'], conflicts: [] },
      { identifier: 'BAT-6', files: ['src/a.ts'], conflicts: [] },
    ]);
  });
});

describe('rangesConflict', () => {
  it('is true for the same lines, adjacent lines and two insertions at one place', () => {
    expect(rangesConflict([at(5, 9)], [at(8, 12)])).toBe(true);
    expect(rangesConflict([at(5, 9)], [at(10)])).toBe(true);
    expect(rangesConflict([at(3.5)], [at(3.5)])).toBe(true);
    // An insertion after line 3 next to a change of line 4.
    expect(rangesConflict([at(3.5)], [at(4)])).toBe(true);
  });

  it('is false for lines apart, and true for a binary change against anything', () => {
    expect(rangesConflict([at(5, 9)], [at(11, 12)])).toBe(false);
    expect(rangesConflict([at(3.5)], [at(5)])).toBe(false);
    expect(rangesConflict([], [at(1)])).toBe(false);
    expect(rangesConflict([{ start: 0, end: Number.POSITIVE_INFINITY }], [at(900)])).toBe(true);
  });
});
