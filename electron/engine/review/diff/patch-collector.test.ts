import { describe, expect, it } from 'vitest';
import type { DiffEntry } from './diff-entries.js';
import { DEFAULT_DIFF_LIMITS, type DiffLimits } from './diff-limits.js';
import { PatchCollector, expectedHeader, type CollectMode } from './patch-collector.js';
import { PatchSplitter } from './patch-splitter.js';

function entry(path: string, lines: number, extra: Partial<DiffEntry> = {}): DiffEntry {
  return { path, oldPath: null, status: 'added', additions: lines, deletions: 0, binary: false, ...extra };
}

function section(e: DiffEntry, lines = e.additions): string {
  const body = Array.from({ length: lines }, (_, i) => `+line ${i}\n`).join('');
  return `diff --git a/${e.oldPath ?? e.path} b/${e.path}\nnew file mode 100644\n--- /dev/null\n+++ b/${e.path}\n@@ -0,0 +1,${lines} @@\n${body}`;
}

function collect(entries: DiffEntry[], text: string, mode: CollectMode = { kind: 'all' }, limits: Partial<DiffLimits> = {}) {
  const collector = new PatchCollector(entries, { ...DEFAULT_DIFF_LIMITS, ...limits }, mode);
  const splitter = new PatchSplitter(collector);
  let fed = 0;
  for (let i = 0; i < text.length && collector.wantsMore; i += 1000) {
    splitter.feed(text.slice(i, i + 1000));
    fed = i + 1000;
  }
  if (collector.wantsMore) splitter.end();
  return { ...collector.finish(), fed };
}

describe('PatchCollector', () => {
  it('keeps every section of a small diff under its entry', () => {
    const entries = [entry('a', 2), entry('b', 3)];
    const result = collect(entries, entries.map((e) => section(e)).join(''));
    expect([...result.patches.entries()]).toEqual([[0, section(entries[0]!)], [1, section(entries[1]!)]]);
    expect(result.omitted.size).toBe(0);
    expect(result.mismatch).toBeNull();
  });

  it('leaves out a file over the line limit and still keeps the files after it', () => {
    const entries = [entry('big', 40), entry('small', 2)];
    const result = collect(entries, entries.map((e) => section(e)).join(''), { kind: 'all' }, { fileMaxLines: 30 });
    expect([...result.omitted]).toEqual([0]);
    expect(result.patches.get(1)).toBe(section(entries[1]!));
  });

  it('leaves out a file whose few lines are too many bytes (a minified bundle)', () => {
    const entries = [entry('min.js', 1), entry('after', 1)];
    const huge = `diff --git a/min.js b/min.js\n@@ -0,0 +1 @@\n+${'x'.repeat(5000)}\n`;
    const result = collect(entries, huge + section(entries[1]!), { kind: 'all' }, { fileMaxBytes: 4000 });
    expect([...result.omitted]).toEqual([0]);
    expect(result.patches.get(1)).toBe(section(entries[1]!));
  });

  it('stops at the response cap: that file and every later one are left out and git can stop', () => {
    const entries = Array.from({ length: 10 }, (_, i) => entry(`f${i}`, 10));
    const text = entries.map((e) => section(e)).join('');
    const result = collect(entries, text, { kind: 'all' }, { patchMaxLines: 40 });
    // Each section is 15 lines: two fit in 40, the third does not.
    expect([...result.patches.keys()]).toEqual([0, 1]);
    expect([...result.omitted].sort()).toEqual([2, 3, 4, 5, 6, 7, 8, 9]);
    expect(result.fed).toBeLessThan(text.length);
  });

  it('applies the byte cap of the response too', () => {
    const entries = [entry('a', 10), entry('b', 10)];
    const result = collect(entries, entries.map((e) => section(e)).join(''), { kind: 'all' }, { patchMaxBytes: section(entries[0]!).length + 10 });
    expect([...result.patches.keys()]).toEqual([0]);
    expect([...result.omitted]).toEqual([1]);
  });

  it('keeps both halves of a type change (git prints a deletion and an addition under one header)', () => {
    const entries = [entry('x', 1, { status: 'type_changed', deletions: 1 }), entry('y', 1)];
    const halves = 'diff --git a/x b/x\ndeleted file mode 100644\n@@ -1 +0,0 @@\n-hi\ndiff --git a/x b/x\nnew file mode 120000\n@@ -0,0 +1 @@\n+m\n';
    const result = collect(entries, halves + section(entries[1]!));
    expect(result.patches.get(0)).toBe(halves);
    expect(result.patches.get(1)).toBe(section(entries[1]!));
  });

  it('drops every patch when a section does not belong to the listed file', () => {
    const entries = [entry('a', 1), entry('b', 1)];
    const result = collect(entries, section(entries[0]!) + section(entry('other', 1)));
    expect(result.mismatch).toContain('diff --git a/other b/other');
    expect(result.patches.size).toBe(0);
    expect(result.omitted.size).toBe(2);
  });

  it('reports more sections than files as a mismatch', () => {
    const entries = [entry('a', 1)];
    expect(collect(entries, section(entries[0]!) + section(entries[0]!)).mismatch).toContain('more sections');
  });

  it('in one-file mode keeps only that file, however large, and stops after it', () => {
    const entries = [entry('a', 5), entry('b', 5000), entry('c', 5)];
    const text = entries.map((e) => section(e)).join('');
    const result = collect(entries, text, { kind: 'one', index: 1 }, { fileMaxLines: 10, patchMaxLines: 10 });
    expect([...result.patches.keys()]).toEqual([1]);
    expect(result.patches.get(1)).toBe(section(entries[1]!));
    expect(result.omitted.size).toBe(0);
  });

  it('in one-file mode gives up past the single-file byte bound', () => {
    const entries = [entry('a', 5000)];
    const result = collect(entries, section(entries[0]!), { kind: 'one', index: 0 }, { singleFileMaxBytes: 10_000 });
    expect(result.tooLarge).toBe(true);
    expect(result.patches.size).toBe(0);
  });
});

describe('expectedHeader', () => {
  it('predicts plain and renamed paths and declines names git would quote', () => {
    expect(expectedHeader(entry('dir/a b.txt', 1))).toBe('diff --git a/dir/a b.txt b/dir/a b.txt\n');
    expect(expectedHeader(entry('new', 1, { oldPath: 'old' }))).toBe('diff --git a/old b/new\n');
    expect(expectedHeader(entry('ünï文件', 1))).toBe('diff --git a/ünï文件 b/ünï文件\n');
    for (const odd of ['tab\there', 'quo"te', 'back\\slash', 'bad\ufffdbyte']) expect(expectedHeader(entry(odd, 1))).toBeNull();
  });
});
