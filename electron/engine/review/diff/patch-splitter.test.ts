import { describe, expect, it } from 'vitest';
import { PatchSplitter } from './patch-splitter.js';

/** Feeds `text` in chunks of `size` and returns the sections the splitter saw. */
function split(text: string, size: number): { sections: string[]; contentCalls: number; longest: number } {
  const sections: string[] = [];
  let contentCalls = 0;
  let longest = 0;
  const splitter = new PatchSplitter({
    header: (line) => sections.push(line),
    content: (piece) => {
      contentCalls++;
      longest = Math.max(longest, piece.length);
      if (sections.length === 0) sections.push('');
      sections[sections.length - 1] += piece;
    },
  });
  for (let i = 0; i < text.length; i += size) splitter.feed(text.slice(i, i + size));
  splitter.end();
  return { sections, contentCalls, longest };
}

const PATCH: [string, string, string, string] = [
  'diff --git a/one b/one\n',
  'index 1..2 100644\n--- a/one\n+++ b/one\n@@ -1 +1 @@\n-diff --git a/fake b/fake\n+ diff --git still content\n',
  'diff --git a/two b/two\n',
  'new file mode 100644\n--- /dev/null\n+++ b/two\n@@ -0,0 +1 @@\n+last line without newline',
];

describe('PatchSplitter', () => {
  it('cuts sections at header lines whatever the chunk boundaries', () => {
    const text = PATCH.join('');
    for (const size of [1, 2, 3, 7, 10, 11, 12, 64, text.length]) {
      expect(split(text, size).sections).toEqual([PATCH[0] + PATCH[1], PATCH[2] + PATCH[3]]);
    }
  });

  it('passes a huge line on in pieces instead of collecting it', () => {
    const line = `+${'x'.repeat(200_000)}\n`;
    const result = split(`diff --git a/a b/a\n@@ -0,0 +1 @@\n${line}`, 10_000);
    expect(result.sections[0]).toContain(line);
    expect(result.longest).toBeLessThanOrEqual(10_000);
  });

  it('does not take a line that only starts like a header for one', () => {
    const text = 'diff --git a/a b/a\n+diff --git\ndiff --gitx\n';
    expect(split(text, 4).sections).toEqual([text]);
  });
});
