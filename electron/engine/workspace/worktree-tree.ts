import { copyFile, mkdtemp, rm, stat, utimes } from 'node:fs/promises';
import path from 'node:path';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import { gitFailure, type GitExec } from '../lib/git/git-exec.js';

/** Keeps read-only git calls from refreshing (writing) the worktree's real index. */
const NO_INDEX_REFRESH_ENV = { GIT_OPTIONAL_LOCKS: '0' } as const;

/**
 * The tree of a worktree's files as they are on disk — committed, staged, unstaged and untracked
 * (not ignored) — written to the object database without touching the worktree's index: a private
 * index file in a temporary directory takes `git add -A`, then `write-tree`. The agent may be
 * running git in the same worktree at that moment; its index and index.lock are never ours.
 */
export async function workingTreeOf(git: GitExec, worktree: string, tmpRoot: string, code = 'git_failed'): Promise<Result<string>> {
  let scratch: string;
  try {
    scratch = await mkdtemp(path.join(tmpRoot, 'baton-diff-'));
  } catch (e) {
    return err(code, `cannot create a temporary index in ${tmpRoot}: ${errorMessage(e)}`);
  }
  try {
    const indexFile = path.join(scratch, 'index');
    const env = { ...NO_INDEX_REFRESH_ENV, GIT_INDEX_FILE: indexFile };
    // A copy of the real index keeps its stat cache (no rehashing every file) and what is staged,
    // including tracked files that match .gitignore; without one, start from HEAD.
    const realIndex = await git(['rev-parse', '--path-format=absolute', '--git-path', 'index'], { cwd: worktree, env: { ...NO_INDEX_REFRESH_ENV } });
    const copied = realIndex.code === 0 && (await copyIndex(realIndex.stdout.trim(), indexFile));
    if (!copied) {
      const seeded = await git(['read-tree', 'HEAD'], { cwd: worktree, env });
      if (seeded.code !== 0) return err(code, `cannot read HEAD of ${worktree} into a temporary index: ${gitFailure(seeded)}`);
    }
    const added = await git(['add', '-A'], { cwd: worktree, env });
    if (added.code !== 0) return err(code, `git add -A into a temporary index failed in ${worktree}: ${gitFailure(added)}`);
    const tree = await git(['write-tree'], { cwd: worktree, env });
    if (tree.code !== 0) return err(code, `git write-tree failed in ${worktree}: ${gitFailure(tree)}`);
    return ok(tree.stdout.trim());
  } finally {
    await rm(scratch, { recursive: true, force: true });
  }
}

/**
 * Copies the index with an mtime a second older than the original's. git trusts an entry's cached
 * stat data only when the entry is older than the index file ("racy git"); a fresh copy would be
 * newer than every entry, so a file rewritten at the same size within the second the index was
 * written would look unchanged and drop out of the diff. An older mtime only makes git re-read more.
 */
async function copyIndex(source: string, target: string): Promise<boolean> {
  try {
    const before = await stat(source);
    await copyFile(source, target);
    const older = new Date(before.mtimeMs - 1000);
    await utimes(target, older, older);
    return true;
  } catch {
    return false;
  }
}

/** The tree of a commit, to tell a dirty worktree from a clean one. */
export async function treeOf(git: GitExec, cwd: string, commit: string): Promise<Result<string>> {
  const out = await git(['rev-parse', '--verify', '--quiet', `${commit}^{tree}`], { cwd, env: { ...NO_INDEX_REFRESH_ENV } });
  if (out.code !== 0) return err('git_failed', `cannot read the tree of ${commit} in ${cwd}: ${gitFailure(out)}`);
  return ok(out.stdout.trim());
}
