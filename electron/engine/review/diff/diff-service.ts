import os from 'node:os';
import type { DiffFile, DiffSummary, TicketDiff } from '../../../../shared/api/review-schemas.js';
import type { Disposable } from '../../lib/disposable.js';
import type { Logger } from '../../lib/logger.js';
import { err, ok, type Result } from '../../lib/result.js';
import { execGit, gitFailure, type GitExec } from '../../lib/git/git-exec.js';
import { joinEntries, parseNameStatus, type DiffEntry } from './diff-entries.js';
import { DEFAULT_DIFF_LIMITS, DIFF_CONFIG_ARGS, DIFF_FORMAT_ARGS, READ_ONLY_GIT_ENV, type DiffLimits } from './diff-limits.js';
import { readLineRanges, type DiffSnapshot, type LineRanges } from './line-ranges.js';
import { resolveDiffTarget, type DiffTarget, type DiffTargetInput } from './diff-target.js';
import { streamGit, type GitStream } from '../../lib/git/git-stream.js';
import { Limiter } from './limiter.js';
import { comparePaths } from './path-order.js';
import { readPatch } from './patch-reader.js';
import { treeOf, workingTreeOf } from '../../workspace/worktree-tree.js';

export interface ChangedFilesInput extends DiffTargetInput {
  /** The ticket (`BAT-1`), for the response and for messages. */
  identifier: string;
}

export interface DiffInput extends ChangedFilesInput {
  /** Only this file (its `path`, not `old_path`), its hunks never omitted: "load this file anyway". */
  path?: string;
}

export interface DiffServiceDeps {
  git?: GitExec;
  stream?: GitStream;
  logger?: Logger;
  /** Where the temporary index files go; the OS temp directory by default. */
  tmpDir?: string;
  limits?: Partial<DiffLimits>;
  maxConcurrent?: number;
}

/**
 * Diffs computed at once; later requests wait. Each one runs `git add -A` over a whole worktree
 * (a stat of every file) and a full diff: the inbox asking for a dozen tickets at once must not
 * start a dozen of those on a 2-core machine where agents are working.
 */
export const MAX_CONCURRENT_DIFFS = 3;

/** What the response is about: the ticket's identifier. */
type Named = Pick<ChangedFilesInput, 'identifier'>;

/** Changed paths and where they were read, to ask for line ranges of some of them later. */
export interface ChangedFiles {
  files: string[];
  snapshot: DiffSnapshot;
}

/** A summary and where it was read. */
export interface SummaryAt {
  summary: DiffSummary;
  snapshot: DiffSnapshot;
}

interface Prepared {
  target: DiffTarget;
  /** The tree of the worktree's files as they are on disk (for a landed change, its commit's tree). */
  tree: string;
  dirty: boolean;
}

/**
 * A ticket's work — committed, staged, unstaged and untracked — against the merge base of its
 * branch and the base branch, for `GET /api/v1/tickets/<id>/diff`, the review inbox and the landing
 * queue's overlaps. Reads only: the worktree's files, index and refs are left as they were.
 */
export class DiffService implements Disposable {
  private readonly git: GitExec;
  private readonly stream: GitStream;
  private readonly logger: Logger | undefined;
  private readonly tmpDir: string;
  private readonly limits: DiffLimits;
  private readonly limiter: Limiter;
  private readonly abort = new AbortController();

  constructor(deps: DiffServiceDeps = {}) {
    this.git = deps.git ?? execGit;
    this.stream = deps.stream ?? streamGit;
    this.logger = deps.logger;
    this.tmpDir = deps.tmpDir ?? os.tmpdir();
    this.limits = { ...DEFAULT_DIFF_LIMITS, ...deps.limits };
    this.limiter = new Limiter(deps.maxConcurrent ?? MAX_CONCURRENT_DIFFS);
  }

  /** The diff with its patch, bounded by the limits; with `path`, that one file whole. */
  diff(input: DiffInput): Promise<Result<TicketDiff>> {
    return this.run(async () => {
      const prepared = await this.prepare(input);
      if (!prepared.ok) return prepared;
      const entries = await this.entries(prepared.value);
      if (!entries.ok) return entries;
      return input.path === undefined ? this.full(input, prepared.value, entries.value) : this.oneFile(input, input.path, prepared.value, entries.value);
    });
  }

  /**
   * The diff without its patch, for the inbox: no patch is generated, so `patch_omitted` is the
   * estimate from line counts (the `diff()` response is what the diff view goes by).
   */
  summary(input: ChangedFilesInput): Promise<Result<SummaryAt>> {
    return this.run(async () => {
      const prepared = await this.prepare(input);
      if (!prepared.ok) return prepared;
      const entries = await this.entries(prepared.value);
      if (!entries.ok) return entries;
      let budget = 0;
      const omitted = new Set<number>();
      for (const [i, e] of entries.value.entries()) {
        const lines = e.additions + e.deletions;
        if (lines <= this.limits.fileMaxLines) budget += lines;
        if (lines > this.limits.fileMaxLines || budget > this.limits.patchMaxLines) omitted.add(i);
      }
      const { patch: _patch, ...summary } = assemble(input, prepared.value, entries.value, new Map(), omitted);
      return ok({ summary, snapshot: snapshotOf(prepared.value) });
    });
  }

  /**
   * Changed paths, sorted — both sides of a rename, since either can conflict with other work — for
   * overlaps. Same committed-plus-uncommitted semantics as `diff()`, without counting lines.
   */
  changedFiles(input: ChangedFilesInput): Promise<Result<ChangedFiles>> {
    return this.run(async () => {
      const prepared = await this.prepare(input);
      if (!prepared.ok) return prepared;
      const { target, tree } = prepared.value;
      const out = await this.git([...DIFF_CONFIG_ARGS, 'diff', '--name-status', '-z', ...DIFF_FORMAT_ARGS, target.base, tree], { cwd: target.worktree, env: { ...READ_ONLY_GIT_ENV } });
      if (out.code !== 0) return err('git_failed', `git diff --name-status failed in ${target.worktree}: ${gitFailure(out)}`);
      const names = parseNameStatus(out.stdout);
      if (!names.ok) return names;
      const paths = new Set(names.value.flatMap((e) => (e.oldPath === null ? [e.path] : [e.oldPath, e.path])));
      return ok({ files: [...paths].sort(comparePaths), snapshot: snapshotOf(prepared.value) });
    });
  }

  /**
   * The base lines each of `paths` changes in a diff read earlier (`snapshot`), for "the same
   * lines" overlaps: one `git diff --unified=0` of those paths only, nothing read from the worktree.
   */
  lineRanges(snapshot: DiffSnapshot, paths: readonly string[]): Promise<Result<LineRanges>> {
    return this.run(() => readLineRanges(this.stream, snapshot, paths, this.abort.signal));
  }

  /**
   * A change that has landed: `from..to` in the repository, with the same limits and `path` rule as
   * `diff()` — what an audit of a sampled landing reads after the fact.
   */
  commitDiff(input: { repo: string; from: string; to: string; identifier: string; path?: string; baseRef?: string }): Promise<Result<TicketDiff>> {
    return this.run(async () => {
      for (const rev of [input.from, input.to]) {
        const known = await this.git(['rev-parse', '--verify', '--quiet', `${rev}^{commit}`], { cwd: input.repo, env: { ...READ_ONLY_GIT_ENV } });
        if (known.code !== 0) return err('commit_not_found', `${rev} is not a commit in ${input.repo} (was the history rewritten?)`);
      }
      const target: DiffTarget = { worktree: input.repo, head: input.to, headRef: null, base: input.from, baseRef: input.baseRef ?? input.from.slice(0, 12) };
      const tree = await treeOf(this.git, input.repo, input.to);
      if (!tree.ok) return tree;
      const prepared: Prepared = { target, tree: tree.value, dirty: false };
      const entries = await this.entries(prepared);
      if (!entries.ok) return entries;
      return input.path === undefined ? this.full(input, prepared, entries.value) : this.oneFile(input, input.path, prepared, entries.value);
    });
  }

  /** Stops running diffs' git processes; later calls fail with `service_unavailable`. */
  dispose(): void {
    this.abort.abort();
  }

  private async run<T>(task: () => Promise<Result<T>>): Promise<Result<T>> {
    const closed = (): Result<T> => err('service_unavailable', 'the diff service is shut down');
    if (this.abort.signal.aborted) return closed();
    return this.limiter.run(() => (this.abort.signal.aborted ? Promise.resolve(closed()) : task()));
  }

  private async prepare(input: DiffTargetInput): Promise<Result<Prepared>> {
    const target = await resolveDiffTarget(this.git, input);
    if (!target.ok) return target;
    const [tree, headTree] = await Promise.all([workingTreeOf(this.git, target.value.worktree, this.tmpDir), treeOf(this.git, target.value.worktree, target.value.head)]);
    if (!tree.ok) return tree;
    if (!headTree.ok) return headTree;
    return ok({ target: target.value, tree: tree.value, dirty: tree.value !== headTree.value });
  }

  private async entries({ target, tree }: Prepared): Promise<Result<DiffEntry[]>> {
    const list = (format: string) =>
      this.git([...DIFF_CONFIG_ARGS, 'diff', format, '-z', ...DIFF_FORMAT_ARGS, target.base, tree], { cwd: target.worktree, env: { ...READ_ONLY_GIT_ENV } });
    const [numstat, nameStatus] = await Promise.all([list('--numstat'), list('--name-status')]);
    for (const out of [numstat, nameStatus]) {
      if (out.code !== 0) return err('git_failed', `git diff failed in ${target.worktree}: ${gitFailure(out)}`);
    }
    return joinEntries(numstat.stdout, nameStatus.stdout);
  }

  private async full(input: Named, prepared: Prepared, entries: DiffEntry[]): Promise<Result<TicketDiff>> {
    const { target, tree } = prepared;
    const read = await readPatch(this.stream, { worktree: target.worktree, base: target.base, tree, entries, mode: { kind: 'all' }, limits: this.limits, signal: this.abort.signal });
    if (!read.ok) return read;
    if (read.value.mismatch !== null) {
      this.logger?.warn({ issue_identifier: input.identifier, worktree: target.worktree, why: read.value.mismatch }, 'diff output did not match its file list; every file is left out of the patch');
    }
    return ok(assemble(input, prepared, entries, read.value.patches, read.value.omitted));
  }

  private async oneFile(input: Named, path: string, prepared: Prepared, entries: DiffEntry[]): Promise<Result<TicketDiff>> {
    const { target, tree } = prepared;
    const index = entries.findIndex((e) => e.path === path);
    const entry = entries[index];
    if (!entry) return err('file_not_in_diff', `${path} is not changed by ${input.identifier} (against ${target.baseRef} in ${target.worktree})`, { path });
    const base = { worktree: target.worktree, base: target.base, tree, limits: this.limits, signal: this.abort.signal };
    // Limit git to the file's paths when they can be named; a name that was not valid UTF-8 cannot
    // be passed back to git, so then the whole diff is read and everything else skipped.
    const nameable = ![entry.path, entry.oldPath].some((p) => p?.includes('\ufffd'));
    let at = 0;
    let read = nameable ? await readPatch(this.stream, { ...base, entries: [entry], mode: { kind: 'one', index: 0 }, paths: entry.oldPath ? [entry.oldPath, entry.path] : [entry.path] }) : null;
    if (read === null || (read.ok && read.value.mismatch !== null)) {
      at = index;
      read = await readPatch(this.stream, { ...base, entries, mode: { kind: 'one', index } });
    }
    if (!read.ok) return read;
    if (read.value.tooLarge) {
      const mb = Math.round(this.limits.singleFileMaxBytes / (1024 * 1024));
      return err('diff_too_large', `the patch of ${path} is larger than ${mb} MB; open the worktree ${target.worktree} to read it`, { path });
    }
    if (read.value.mismatch !== null) return err('git_failed', `git diff output for ${path} did not match its file list: ${read.value.mismatch}`);
    return ok(assemble(input, prepared, [entry], new Map([[0, read.value.patches.get(at) ?? '']]), new Set()));
  }
}

function snapshotOf({ target, tree }: Prepared): DiffSnapshot {
  return { worktree: target.worktree, base: target.base, tree };
}

function assemble(input: Named, prepared: Prepared, entries: readonly DiffEntry[], patches: ReadonlyMap<number, string>, omitted: ReadonlySet<number>): TicketDiff {
  const order = entries.map((_, i) => i).sort((a, b) => comparePaths((entries[a] as DiffEntry).path, (entries[b] as DiffEntry).path));
  const files: DiffFile[] = order.map((i) => {
    const e = entries[i] as DiffEntry;
    return { path: e.path, old_path: e.oldPath, status: e.status, additions: e.additions, deletions: e.deletions, binary: e.binary, patch_omitted: omitted.has(i) };
  });
  const { target } = prepared;
  return {
    identifier: input.identifier,
    base: target.base,
    base_ref: target.baseRef,
    head: target.head,
    head_ref: target.headRef,
    dirty: prepared.dirty,
    tree: prepared.tree,
    files,
    patch: order.map((i) => patches.get(i) ?? '').join(''),
    truncated: omitted.size > 0,
    additions: files.reduce((n, f) => n + f.additions, 0),
    deletions: files.reduce((n, f) => n + f.deletions, 0),
  };
}
