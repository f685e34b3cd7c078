import { err, ok, type Result } from '../../lib/result.js';
import { DIFF_CONFIG_ARGS, READ_ONLY_GIT_ENV } from './diff-limits.js';
import type { GitStream } from '../../lib/git/git-stream.js';
import { HunkRangeSink, type LineRange } from './hunk-ranges.js';
import { PatchSplitter } from './patch-splitter.js';

/**
 * Where a ticket's diff was read: its worktree, the base commit and the tree of the worktree's
 * files at that moment (written to the object database by the read). Git can be asked about that
 * diff again without looking at the worktree a second time.
 */
export interface DiffSnapshot {
  worktree: string;
  base: string;
  tree: string;
}

/** Base-side line ranges by path; a path without hunks (a mode change) maps to none. */
export type LineRanges = Map<string, LineRange[]>;

/**
 * Renames off, so each path is its own section under `diff --git a/<path> b/<path>`; zero lines of
 * context, so each hunk is exactly the lines it changes; histogram like the diff view.
 */
const RANGE_ARGS = ['--unified=0', '--no-renames', '--no-color', '--no-ext-diff', '--no-textconv', '--no-relative', '--diff-algorithm=histogram', '--src-prefix=a/', '--dst-prefix=b/'];

/**
 * One `git diff --unified=0 <base> <tree>` limited to `paths`, read as a stream keeping only hunk
 * headers. Sections are matched to paths by their header; a path git would quote in the header
 * (a quote, a backslash or a control character in its name) gets a call of its own instead.
 * A file git merges with the union driver (`merge=union` in .gitattributes, as the demo's
 * CHANGELOG.md) never conflicts: it gets no ranges, so it counts as the same file only.
 */
export async function readLineRanges(stream: GitStream, snapshot: DiffSnapshot, paths: readonly string[], signal?: AbortSignal): Promise<Result<LineRanges>> {
  const out: LineRanges = new Map(paths.map((p) => [p, []]));
  const union = await unionMerged(stream, snapshot.worktree, paths, signal);
  if (!union.ok) return union;
  const plain = paths.filter((p) => !needsQuoting(p) && !union.value.has(p));
  if (plain.length > 0) {
    const read = await readSections(stream, snapshot, plain, signal);
    if (!read.ok) return read;
    const byHeader = new Map(plain.map((p) => [`diff --git a/${p} b/${p}\n`, p]));
    for (const section of read.value) {
      const path = byHeader.get(section.header);
      if (path !== undefined) out.get(path)!.push(...section.ranges);
    }
  }
  for (const path of paths.filter((p) => needsQuoting(p) && !union.value.has(p))) {
    const read = await readSections(stream, snapshot, [path], signal);
    if (!read.ok) return read;
    out.set(path, read.value.flatMap((s) => s.ranges));
  }
  return ok(out);
}

/** The paths whose `merge` attribute is `union`, as the worktree's .gitattributes say. */
async function unionMerged(stream: GitStream, worktree: string, paths: readonly string[], signal?: AbortSignal): Promise<Result<Set<string>>> {
  let text = '';
  const result = await stream(['check-attr', '-z', 'merge', '--', ...paths], {
    cwd: worktree,
    env: { ...READ_ONLY_GIT_ENV },
    ...(signal ? { signal } : {}),
    onData: (chunk) => {
      text += chunk;
      return 'continue';
    },
  });
  if (result.code !== 0) return err('git_failed', `git check-attr failed in ${worktree}: ${(result.error ?? result.stderr.trim()) || `exit ${result.code ?? '?'}`}`);
  // -z: path NUL attribute NUL value NUL, for each path.
  const fields = text.split('\0');
  const union = new Set<string>();
  for (let i = 0; i + 2 < fields.length; i += 3) if (fields[i + 2] === 'union') union.add(fields[i]!);
  return ok(union);
}

async function readSections(stream: GitStream, snapshot: DiffSnapshot, paths: readonly string[], signal?: AbortSignal): Promise<Result<HunkRangeSink['sections']>> {
  const sink = new HunkRangeSink();
  const splitter = new PatchSplitter(sink);
  const pathspec = paths.map((p) => `:(top,literal)${p}`);
  const result = await stream([...DIFF_CONFIG_ARGS, 'diff', ...RANGE_ARGS, snapshot.base, snapshot.tree, '--', ...pathspec], {
    cwd: snapshot.worktree,
    env: { ...READ_ONLY_GIT_ENV },
    ...(signal ? { signal } : {}),
    onData: (text) => {
      splitter.feed(text);
      return 'continue';
    },
  });
  if (result.code !== 0) {
    const why = (result.error ?? result.stderr.trim().split('\n').slice(-3).join(' | ')) || `git exited with code ${result.code ?? '?'}`;
    return err('git_failed', `git diff --unified=0 failed in ${snapshot.worktree}: ${why}`);
  }
  splitter.end();
  sink.end();
  return ok(sink.sections);
}

/** git C-quotes a path in a header when it holds a quote, a backslash or a control character. */
function needsQuoting(path: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /["\\\u0000-\u001f\u007f]/.test(path);
}
