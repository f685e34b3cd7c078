import type { DiffEntry } from './diff-entries.js';
import type { DiffLimits } from './diff-limits.js';
import type { PatchSink } from './patch-splitter.js';

/** `all`: every file within the limits; `one`: only entry `index`, never shortened. */
export type CollectMode = { kind: 'all' } | { kind: 'one'; index: number };

export interface CollectedPatch {
  /** Patch text by entry index, for files whose hunks were kept. */
  patches: Map<number, string>;
  /** Entry indexes whose hunks were left out. */
  omitted: Set<number>;
  /** The `one` file's patch passed `singleFileMaxBytes`. */
  tooLarge: boolean;
  /** Why the output could not be matched to the entries (every patch is then dropped), else null. */
  mismatch: string | null;
}

/**
 * Assigns the sections of a streamed patch to the entries of the same diff (numstat order is the
 * patch's order) and keeps only what the limits allow. Memory stays within the limits: the text of
 * a section is dropped as soon as it is known not to be kept. `wantsMore` turns false once nothing
 * after this point can be kept, so the caller stops git instead of reading the rest.
 */
export class PatchCollector implements PatchSink {
  private readonly patches = new Map<number, string>();
  private readonly omitted = new Set<number>();
  private index = -1;
  private lastHeader: string | null = null;
  /** Kept text of the current section; null while discarding it. */
  private section: string[] | null = null;
  private sectionBytes = 0;
  private sectionLines = 0;
  private totalBytes = 0;
  private totalLines = 0;
  private done = false;
  private tooLarge = false;
  private mismatch: string | null = null;

  constructor(
    private readonly entries: readonly DiffEntry[],
    private readonly limits: DiffLimits,
    private readonly mode: CollectMode,
  ) {}

  get wantsMore(): boolean {
    return !this.done;
  }

  header(line: string): void {
    if (this.done) return;
    // git prints a type change (file <-> symlink) as a deletion and an addition under one header.
    if (line === this.lastHeader && this.entries[this.index]?.status === 'type_changed') return this.content(line);
    this.finishSection();
    this.index += 1;
    this.lastHeader = line;
    const entry = this.entries[this.index];
    const expected = entry ? expectedHeader(entry) : null;
    if (!entry || (expected !== null && expected !== line)) {
      this.mismatch = entry ? `patch section "${line.trim()}" where "${expected?.trim()}" was expected` : `patch has more sections than the ${this.entries.length} files listed`;
      this.done = true;
      return;
    }
    if (this.mode.kind === 'one') {
      if (this.index > this.mode.index) {
        this.done = true;
        return;
      }
      if (this.index < this.mode.index) return;
    } else if (entry.additions + entry.deletions > this.limits.fileMaxLines) {
      this.omitted.add(this.index);
      return;
    }
    this.section = [];
    this.sectionBytes = 0;
    this.sectionLines = 0;
    this.content(line);
  }

  content(text: string): void {
    if (this.section === null || this.done) return;
    this.sectionBytes += Buffer.byteLength(text);
    this.sectionLines += countLines(text);
    if (this.mode.kind === 'one') {
      if (this.sectionBytes > this.limits.singleFileMaxBytes) {
        this.tooLarge = true;
        this.section = null;
        this.done = true;
        return;
      }
    } else if (this.sectionBytes > this.limits.fileMaxBytes) {
      this.omitted.add(this.index);
      this.section = null;
      return;
    } else if (this.totalBytes + this.sectionBytes > this.limits.patchMaxBytes || this.totalLines + this.sectionLines > this.limits.patchMaxLines) {
      // The response is full: this file and every later one are left out, so git can stop.
      this.section = null;
      this.done = true;
      return;
    }
    this.section.push(text);
  }

  finish(): CollectedPatch {
    this.finishSection();
    this.done = true;
    if (this.mismatch !== null) this.patches.clear();
    if (this.mode.kind === 'all') {
      for (let i = 0; i < this.entries.length; i++) if (!this.patches.has(i)) this.omitted.add(i);
    }
    return { patches: this.patches, omitted: this.omitted, tooLarge: this.tooLarge, mismatch: this.mismatch };
  }

  private finishSection(): void {
    if (this.section === null) return;
    this.patches.set(this.index, this.section.join(''));
    this.totalBytes += this.sectionBytes;
    this.totalLines += this.sectionLines;
    this.section = null;
  }
}

/**
 * The header git writes for an entry, when it can be predicted: paths with `"`, `\` or control
 * characters are C-quoted, and a name that was not valid UTF-8 decodes to U+FFFD either way.
 */
export function expectedHeader(entry: DiffEntry): string | null {
  const before = entry.oldPath ?? entry.path;
  // eslint-disable-next-line no-control-regex
  if ([before, entry.path].some((p) => /["\\\u0000-\u001f\u007f\ufffd]/.test(p))) return null;
  return `diff --git a/${before} b/${entry.path}\n`;
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
