import os from 'node:os';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import { execGit, gitFailure, type GitExec } from '../lib/git/git-exec.js';
import { GitClient } from '../lib/git/simple-git-client.js';
import { branchFor } from './git-worktree.js';
import { commitTree } from './work-commit.js';
import { workingTreeOf } from './worktree-tree.js';

/**
 * Before a worktree is deleted, anything not already safe in the base branch is saved to
 * `refs/baton/snapshots/<key>/<n>` (DESIGN.md: never delete work without a restorable ref; the
 * incidents in performance-and-reliability.md §6.4). The snapshot is a commit whose tree is the
 * worktree's files — modified, staged and untracked, not ignored ones — and whose parents are HEAD and,
 * when different, the tip of `baton/<key>`, so committed-but-unmerged work is reachable from it too.
 */

export const SNAPSHOT_REF_PREFIX = 'refs/baton/snapshots';

/** Retries when another writer took the same snapshot number between read and create. */
const REF_CREATE_ATTEMPTS = 3;

export interface WorktreeAssessment {
  /** Uncommitted changes, including untracked files. */
  dirty: boolean;
  /** HEAD or `baton/<key>` holds commits the base branch does not contain (or the base is unknown). */
  unmerged: boolean;
  head: string | null;
  branchTip: string | null;
}

export interface SnapshotInfo {
  ref: string;
  n: number;
  commit: string;
  /** Commit time, epoch ms. */
  createdAt: number;
  subject: string;
}

export interface SnapshotTarget {
  /** Source repository (where the ref is written; refs are shared by all worktrees). */
  repo: string;
  worktree: string;
  key: string;
}

export async function assessWorktree(
  target: SnapshotTarget,
  base: string | null,
  git: GitExec = execGit,
  client: GitClient = new GitClient(),
): Promise<Result<WorktreeAssessment>> {
  const status = await client.status(target.worktree);
  if (!status.ok) return err('snapshot_failed', `cannot read the state of ${target.worktree}: ${status.error.message}`);
  const head = await revParse(git, target.worktree, 'HEAD');
  const branchTip = await revParse(git, target.repo, `refs/heads/${branchFor(target.key)}`);
  const baseCommit = base === null ? null : await revParse(git, target.repo, `${base}^{commit}`);
  let unmerged = false;
  for (const tip of new Set([head, branchTip])) {
    if (tip === null) continue;
    // Without a base there is no positive evidence the work is safe, so treat it as unmerged.
    if (baseCommit === null) unmerged = true;
    else if ((await git(['merge-base', '--is-ancestor', tip, baseCommit], { cwd: target.repo })).code !== 0) unmerged = true;
  }
  return ok({ dirty: !status.value.clean, unmerged, head, branchTip });
}

/**
 * Whether the worktree holds exactly `landed` — the commit the landing queue made of its work —
 * and that commit is in the base branch: then nothing in it is unsaved, although its work was
 * never committed in the worktree itself (the queue only reads worktrees).
 */
export async function holdsLandedWork(target: SnapshotTarget, landed: string, base: string | null, git: GitExec = execGit): Promise<boolean> {
  if (base === null) return false;
  if ((await git(['merge-base', '--is-ancestor', landed, base], { cwd: target.repo })).code !== 0) return false;
  const [tree, landedTree] = await Promise.all([workingTreeOf(git, target.worktree, os.tmpdir()), revParse(git, target.repo, `${landed}^{tree}`)]);
  return tree.ok && tree.value === landedTree;
}

/**
 * Writes the snapshot without touching the worktree's index or files: a private copy of the index
 * (`GIT_INDEX_FILE`) takes `git add -A`, then `write-tree`, `commit-tree`, `update-ref`. Returns the
 * ref only after reading it back.
 */
export async function saveSnapshot(
  target: SnapshotTarget,
  assessment: WorktreeAssessment,
  reason: string,
  git: GitExec = execGit,
  clock: () => number = Date.now,
): Promise<Result<{ ref: string; commit: string }>> {
  try {
    const tree = await workingTreeOf(git, target.worktree, os.tmpdir(), 'snapshot_failed');
    if (!tree.ok) return tree;
    const parents = [...new Set([assessment.head, assessment.branchTip])].filter((p): p is string => p !== null);
    const message = [
      `baton snapshot ${target.key} ${new Date(clock()).toISOString()}`,
      '',
      `worktree: ${target.worktree}`,
      `reason: ${reason}`,
      `head: ${assessment.head ?? '(none)'}`,
      `branch ${branchFor(target.key)}: ${assessment.branchTip ?? '(none)'}`,
    ].join('\n');
    const commit = await commitTree(git, target.repo, tree.value, parents, message);
    if (!commit.ok) return err('snapshot_failed', commit.error.message);
    return await createRef(target, commit.value, git);
  } catch (e) {
    return err('snapshot_failed', `snapshot of ${target.worktree} failed: ${errorMessage(e)}`);
  }
}

/** Snapshots of one workspace key, oldest (lowest n) first. */
export async function listSnapshots(repo: string, key: string, git: GitExec = execGit): Promise<Result<SnapshotInfo[]>> {
  const out = await git(['for-each-ref', '--format=%(refname)%00%(objectname)%00%(creatordate:unix)%00%(subject)', `${SNAPSHOT_REF_PREFIX}/${key}/`], { cwd: repo });
  if (out.code !== 0) return err('git_failed', `listing snapshots in ${repo} failed: ${gitFailure(out)}`);
  const snapshots: SnapshotInfo[] = [];
  for (const line of out.stdout.split('\n')) {
    const [ref, commit, time, subject] = line.split('\0');
    const n = Number(ref?.slice(`${SNAPSHOT_REF_PREFIX}/${key}/`.length));
    if (!ref || !commit || !Number.isInteger(n) || n < 1) continue;
    snapshots.push({ ref, n, commit, createdAt: Number(time) * 1000, subject: subject ?? '' });
  }
  return ok(snapshots.sort((a, b) => a.n - b.n));
}

async function createRef(target: SnapshotTarget, commit: string, git: GitExec): Promise<Result<{ ref: string; commit: string }>> {
  let lastFailure = '';
  for (let attempt = 0; attempt < REF_CREATE_ATTEMPTS; attempt++) {
    const existing = await listSnapshots(target.repo, target.key, git);
    if (!existing.ok) return err('snapshot_failed', existing.error.message);
    const n = 1 + existing.value.reduce((max, s) => Math.max(max, s.n), 0);
    const ref = `${SNAPSHOT_REF_PREFIX}/${target.key}/${n}`;
    // The empty old value makes the update fail instead of overwriting an existing snapshot.
    const update = await git(['update-ref', '-m', 'baton snapshot', ref, commit, ''], { cwd: target.repo });
    if (update.code === 0) {
      if ((await revParse(git, target.repo, ref)) === commit) return ok({ ref, commit });
      return err('snapshot_failed', `snapshot ref ${ref} did not read back as ${commit}`);
    }
    lastFailure = gitFailure(update);
  }
  return err('snapshot_failed', `cannot create a snapshot ref under ${SNAPSHOT_REF_PREFIX}/${target.key}/: ${lastFailure}`);
}

async function revParse(git: GitExec, cwd: string, rev: string): Promise<string | null> {
  const out = await git(['rev-parse', '--verify', '--quiet', rev], { cwd });
  return out.code === 0 && out.stdout.trim() !== '' ? out.stdout.trim() : null;
}
