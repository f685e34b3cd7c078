import { describe, expect, it } from 'vitest';
import { addedFilePatch, diffFile, SAMPLE_FILES, SAMPLE_PATCH } from './diff-fixtures.test-util.js';
import { commentLinesOf, placeComments } from './comment-lines.js';
import { parsedFor, parsePatch, rowCount } from './diff-model.js';
import { eagerPaths, EAGER_ROWS } from './eager-files.js';
import { RENDER_STEP_ROWS, sliceHunks } from './hunk-slice.js';

const parsed = parsePatch(SAMPLE_PATCH);
const hunksOf = (path: string) => parsedFor(parsed.files, SAMPLE_FILES.find((f) => f.path === path)!)!.hunks;

describe('parsePatch / parsedFor', () => {
  it('finds every listed file, including the deleted one (by old path) and the rename (by new path)', () => {
    expect(parsed.ok).toBe(true);
    expect(SAMPLE_FILES.map((f) => parsedFor(parsed.files, f)?.hunks.length)).toEqual([0, 1, 1, 1, 1]);
    expect(parsedFor(parsed.files, diffFile('not/in/patch.ts'))).toBeNull();
  });

  it('an empty patch parses to nothing', () => {
    expect(parsePatch('').files.size).toBe(0);
  });
});

describe('comment lines', () => {
  it('targets new-side lines; a removed line targets the next new-side line', () => {
    // math.ts: -1 +1 +2 (N 2/3) (N 3/4) (N 4/5) -5 +6
    const lines = commentLinesOf(hunksOf('src/lib/math.ts'));
    expect(Object.fromEntries(lines)).toEqual({ D1: 1, I1: 1, I2: 2, N2: 3, N3: 4, N4: 5, D5: 6, I6: 6 });
  });

  it('a removed line with no new-side line after it in the hunk targets the one before', () => {
    const hunks = parsePatch('diff --git a/f b/f\n--- a/f\n+++ b/f\n@@ -1,3 +1,2 @@\n a\n b\n-c\n').files.get('f')!.hunks;
    expect(commentLinesOf(hunks).get('D3')).toBe(2);
  });

  it('a deleted file (no new side) uses old line numbers, and comments sit under those rows', () => {
    const hunks = hunksOf('old.txt');
    expect(Object.fromEntries(commentLinesOf(hunks))).toEqual({ D1: 1, D2: 2, D3: 3 });
    const placed = placeComments(hunks, [{ id: 'c', path: 'old.txt', line: 2, body: 'why?' }]);
    expect([...placed.byChange.keys()]).toEqual(['D2']);
  });

  it('places comments under their new-side row, and the rest elsewhere', () => {
    const comments = [
      { id: 'a', path: 'src/lib/math.ts', line: 2, body: 'x' },
      { id: 'b', path: 'src/lib/math.ts', line: 3, body: 'y' },
      { id: 'c', path: 'src/lib/math.ts', line: 40, body: 'z' },
    ];
    const placed = placeComments(hunksOf('src/lib/math.ts'), comments);
    expect(placed.byChange.get('I2')?.map((c) => c.id)).toEqual(['a']);
    expect(placed.byChange.get('N2')?.map((c) => c.id)).toEqual(['b']);
    expect(placed.elsewhere.map((c) => c.id)).toEqual(['c']);
  });
});

describe('sliceHunks', () => {
  it('cuts at the row limit, inside a hunk if needed, keeping line numbers', () => {
    const hunks = parsePatch(addedFilePatch('big.txt', 2_500)).files.get('big.txt')!.hunks;
    const first = sliceHunks(hunks, RENDER_STEP_ROWS);
    expect(rowCount(first)).toBe(RENDER_STEP_ROWS);
    expect(first[0]!.changes.at(-1)).toMatchObject({ lineNumber: RENDER_STEP_ROWS });
    expect(rowCount(sliceHunks(hunks, 10_000))).toBe(2_500);
    expect(sliceHunks(hunks, 10_000)[0]).toBe(hunks[0]);
  });
});

describe('eagerPaths', () => {
  it('renders leading files up to the row budget and leaves the rest for the viewport', () => {
    const files = Array.from({ length: 10 }, (_, i) => diffFile(`f${i}.txt`, { status: 'added', additions: 500 }));
    const patch = files.map((f) => addedFilePatch(f.path, 500)).join('');
    const eager = eagerPaths(files, parsePatch(patch).files);
    expect(eager.size).toBe(EAGER_ROWS / 500);
    expect(eager.has('f0.txt')).toBe(true);
    expect(eager.has('f9.txt')).toBe(false);
  });

  it('always renders the first file, and skips binary, omitted and large files in the count', () => {
    const files = [
      diffFile('huge.txt', { additions: 5_000 }),
      diffFile('omitted.txt', { patch_omitted: true, additions: 300 }),
      ...['a.txt', 'b.txt', 'c.txt'].map((p) => diffFile(p, { status: 'added', additions: 700 })),
    ];
    const patch = addedFilePatch('huge.txt', 5_000) + ['a.txt', 'b.txt', 'c.txt'].map((p) => addedFilePatch(p, 700)).join('');
    expect([...eagerPaths(files, parsePatch(patch).files)]).toEqual(['huge.txt', 'omitted.txt', 'a.txt']);
  });
});
