import { describe, expect, it } from 'vitest';
import { HunkRangeSink, WHOLE_FILE } from './hunk-ranges.js';
import { PatchSplitter } from './patch-splitter.js';

function read(chunks: string[]) {
  const sink = new HunkRangeSink();
  const splitter = new PatchSplitter(sink);
  for (const c of chunks) splitter.feed(c);
  splitter.end();
  sink.end();
  return sink.sections.map((s) => [s.header.trim(), s.ranges]);
}

const PATCH = [
  'diff --git a/CHANGELOG.md b/CHANGELOG.md',
  'index 1111111..2222222 100644',
  '--- a/CHANGELOG.md',
  '+++ b/CHANGELOG.md',
  '@@ -3,0 +4 @@ ## Unreleased',
  '+- BAT-1: a change',
  '@@ -10,2 +11,3 @@',
  '-old',
  '-old',
  '+@@ -99,1 +99,1 @@ looks like a hunk but is content',
  '+new',
  '+new',
  'diff --git a/logo.png b/logo.png',
  'index 3333333..4444444 100644',
  'Binary files a/logo.png and b/logo.png differ',
  'diff --git a/gone.txt b/gone.txt',
  'deleted file mode 100644',
  '--- a/gone.txt',
  '+++ /dev/null',
  '@@ -1 +0,0 @@',
  '-bye',
  '',
].join('\n');

describe('HunkRangeSink', () => {
  it('reads base-side ranges per section: insertions as gaps, binaries as the whole file', () => {
    expect(read([PATCH])).toEqual([
      ['diff --git a/CHANGELOG.md b/CHANGELOG.md', [{ start: 3.5, end: 3.5 }, { start: 10, end: 11 }]],
      ['diff --git a/logo.png b/logo.png', [WHOLE_FILE]],
      ['diff --git a/gone.txt b/gone.txt', [{ start: 1, end: 1 }]],
    ]);
  });

  it('reads the same however the stream is cut, and keeps only the start of a huge line', () => {
    const chunks = PATCH.match(/[\s\S]{1,7}/g)!;
    expect(read(chunks)).toEqual(read([PATCH]));
    const huge = `diff --git a/big.txt b/big.txt\n@@ -1,2 +1,2 @@\n-${'x'.repeat(1_000_000)}\n+${'y'.repeat(1_000_000)}\n@@ -9 +9 @@`;
    expect(read(huge.match(/[\s\S]{1,65536}/g)!)).toEqual([['diff --git a/big.txt b/big.txt', [{ start: 1, end: 2 }, { start: 9, end: 9 }]]]);
  });
});
