import { rm } from 'node:fs/promises';
import path from 'node:path';
import type { GitExec } from '../../workspace/git-exec.js';

/** Read-only: `ls-files` must not refresh (write) the worktree's index while an agent may use it. */
const READ_ONLY_ENV = { GIT_OPTIONAL_LOCKS: '0' };

/** Untracked files git does not ignore, relative to `cwd`; null when `cwd` is not a git worktree. */
export async function untrackedFiles(git: GitExec, cwd: string): Promise<Set<string> | null> {
  const out = await git(['ls-files', '--others', '--exclude-standard', '-z'], { cwd, env: READ_ONLY_ENV });
  if (out.code !== 0) return null;
  return new Set(out.stdout.split('\0').filter((p) => p !== ''));
}

/**
 * Deletes the untracked, unignored files that appeared since `before` — what a check left behind
 * (coverage reports, caches a project forgot to ignore). Left in the worktree they would be
 * committed with the ticket's work by the next landing and end up on the base branch. Files that
 * were there before the check, ignored files and tracked files are never touched.
 */
export async function removeNewUntracked(git: GitExec, cwd: string, before: ReadonlySet<string>): Promise<string[]> {
  const after = await untrackedFiles(git, cwd);
  if (after === null) return [];
  const root = path.resolve(cwd);
  const removed: string[] = [];
  for (const rel of after) {
    if (before.has(rel)) continue;
    const abs = path.resolve(root, rel);
    if (!abs.startsWith(root + path.sep)) continue;
    await rm(abs, { force: true }).then(
      () => removed.push(rel),
      () => undefined,
    );
  }
  return removed.sort();
}
