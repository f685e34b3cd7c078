import type { DiffFile, TicketDiff } from '../../../../shared/api/review-schemas.js';

/*
 * Hand-made fixtures in `git diff` output format (as `git diff -M base` prints them): an added
 * python file, a deleted text file, a rename with an edit, a modified TypeScript file, a binary.
 */

export const SAMPLE_PATCH = `diff --git a/img.bin b/img.bin
index 8352675..41ef245 100644
Binary files a/img.bin and b/img.bin differ
diff --git a/new.py b/new.py
new file mode 100644
index 0000000..b80e322
--- /dev/null
+++ b/new.py
@@ -0,0 +1 @@
+print("hi")
diff --git a/old.txt b/old.txt
deleted file mode 100644
index 4cb29ea..0000000
--- a/old.txt
+++ /dev/null
@@ -1,3 +0,0 @@
-one
-two
-three
diff --git a/src/before.md b/src/after.md
similarity index 61%
rename from src/before.md
rename to src/after.md
index bcf3b32..f8cc1a9 100644
--- a/src/before.md
+++ b/src/after.md
@@ -1,4 +1,4 @@
 rename me
 line2
-line3
+line3 changed
 line4
diff --git a/src/lib/math.ts b/src/lib/math.ts
index acf79ad..f4de540 100644
--- a/src/lib/math.ts
+++ b/src/lib/math.ts
@@ -1,5 +1,6 @@
-export function add(a: number, b: number) {
+export function add(a: number, b: number): number {
+  // sum
   return a + b;
 }
 
-export const x = 1;
+export const x = 2;
`;

export function diffFile(path: string, overrides: Partial<DiffFile> = {}): DiffFile {
  return { path, old_path: null, status: 'modified', additions: 0, deletions: 0, binary: false, patch_omitted: false, ...overrides };
}

export const SAMPLE_FILES: DiffFile[] = [
  diffFile('img.bin', { binary: true }),
  diffFile('new.py', { status: 'added', additions: 1 }),
  diffFile('old.txt', { status: 'deleted', deletions: 3 }),
  diffFile('src/after.md', { old_path: 'src/before.md', status: 'renamed', additions: 1, deletions: 1 }),
  diffFile('src/lib/math.ts', { additions: 3, deletions: 2 }),
];

export function ticketDiff(files: DiffFile[], patch: string, overrides: Partial<TicketDiff> = {}): TicketDiff {
  const sum = (pick: (f: DiffFile) => number) => files.reduce((n, f) => n + pick(f), 0);
  return {
    identifier: 'BAT-7',
    base: '0123456789abcdef0123456789abcdef01234567',
    base_ref: 'main',
    head: 'fedcba9876543210fedcba9876543210fedcba98',
    head_ref: 'baton/BAT-7',
    dirty: false,
    tree: '0000000000111111111122222222223333333333',
    files,
    patch,
    truncated: false,
    additions: sum((f) => f.additions),
    deletions: sum((f) => f.deletions),
    ...overrides,
  };
}

export const sampleDiff = (overrides: Partial<TicketDiff> = {}) => ticketDiff(SAMPLE_FILES, SAMPLE_PATCH, overrides);

/** The patch of a new file of `lines` lines (`line 1` … `line N`). */
export function addedFilePatch(path: string, lines: number): string {
  const body = Array.from({ length: lines }, (_, i) => `+line ${i + 1}`).join('\n');
  return `diff --git a/${path} b/${path}\nnew file mode 100644\nindex 0000000..1111111\n--- /dev/null\n+++ b/${path}\n@@ -0,0 +1,${lines} @@\n${body}\n`;
}
