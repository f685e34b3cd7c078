import { describe, expect, it } from 'vitest';
import { capPatch, truncationNote } from './cap-patch.js';

function filePatch(path: string, lines: number): string {
  const body = Array.from({ length: lines }, (_, i) => `+line ${i} of ${path}\n`).join('');
  return `diff --git a/${path} b/${path}\nindex 0000000..1111111 100644\n--- a/${path}\n+++ b/${path}\n@@ -0,0 +1,${lines} @@\n${body}`;
}

describe('capPatch', () => {
  it('keeps a patch within budget as it is', () => {
    const patch = filePatch('a.ts', 3) + filePatch('b.ts', 3);
    expect(capPatch(patch, 10_000)).toEqual({ text: patch, omitted: [], partial: null });
  });

  it('leaves out whole files past the budget and names them in the note', () => {
    const small = filePatch('src/small.ts', 5);
    const big = filePatch('src/big.ts', 2_000);
    const last = filePatch('src/last.ts', 5);
    const capped = capPatch(small + big + last, small.length + last.length + 100);
    expect(capped.omitted).toEqual(['src/big.ts']);
    expect(capped.partial).toBeNull();
    expect(capped.text).toBe(`${small}${last}[diff truncated: 1 more file: src/big.ts]\n`);
  });

  it('cuts the first file that does not fit at a line boundary when much room is left', () => {
    const huge = filePatch('gen/huge.ts', 20_000);
    const after = filePatch('src/after.ts', 5);
    const capped = capPatch(huge + after, 50_000);
    expect(capped.partial).toBe('gen/huge.ts');
    expect(capped.omitted).toEqual(['src/after.ts']);
    expect(capped.text.length).toBeLessThan(51_000);
    expect(capped.text).toMatch(/\+line \d+ of gen\/huge\.ts\n\[diff truncated: \d+ more lines of gen\/huge\.ts\]\n\[diff truncated: 1 more file: src\/after\.ts\]\n$/);
    const shownLines = capped.text.split('\n').filter((l) => l.startsWith('+line')).length;
    const moreLines = Number(/(\d+) more lines/.exec(capped.text)![1]);
    expect(shownLines + moreLines).toBe(20_000);
  });

  it('keeps text before the first file header with the first file', () => {
    const patch = `preamble\n${filePatch('a.ts', 1)}${filePatch('b.ts', 500)}`;
    const capped = capPatch(patch, filePatch('a.ts', 1).length + 20);
    expect(capped.text.startsWith('preamble\ndiff --git a/a.ts b/a.ts')).toBe(true);
    expect(capped.omitted).toEqual(['b.ts']);
  });

  it('lists at most 50 left-out files by name', () => {
    const note = truncationNote(Array.from({ length: 60 }, (_, i) => `f${i}`));
    expect(note).toMatch(/^\[diff truncated: 60 more files: f0, f1, .*f49, and 10 others\]\n$/);
    expect(note).not.toContain('f50');
  });
});
