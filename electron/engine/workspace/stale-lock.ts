import { lstat, rm } from 'node:fs/promises';
import { processesInside } from '../lib/process-table.js';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import type { GitExec } from '../lib/git/git-exec.js';

export interface StaleLockDeps {
  git: GitExec;
  /** Default: processesInside (process-table.ts). */
  processesInside?: (dir: string) => Promise<number[]>;
}

/**
 * Removes the `index.lock` of a ticket's worktree when it is stale: a git killed mid-command (an
 * agent stopped in `git commit`, an engine killed in a checkout, a reboot) leaves it, and every
 * later git in the worktree then refuses to work. It counts as stale when no process works in the
 * worktree: a live git chdirs there. Callers use this only where no agent of the ticket runs (before
 * a run, during a landing). Returns the lock's path when one was removed, null when there was none;
 * `git_locked` when processes still run in the worktree, so the lock may be theirs.
 */
export async function clearStaleIndexLock(worktree: string, deps: StaleLockDeps): Promise<Result<string | null>> {
  const out = await deps.git(['rev-parse', '--path-format=absolute', '--git-path', 'index.lock'], { cwd: worktree });
  if (out.code !== 0) return ok(null);
  const lock = out.stdout.trim();
  if ((await lstat(lock).catch(() => null)) === null) return ok(null);
  const busy = await (deps.processesInside ?? processesInside)(worktree);
  if (busy.length > 0) {
    return err('git_locked', `${lock} exists and processes still run in ${worktree} (pid ${busy.slice(0, 5).join(', ')}); it is left alone until they end`, { path: lock });
  }
  try {
    await rm(lock, { force: true });
  } catch (e) {
    return err('git_locked', `${lock} is stale but could not be removed: ${errorMessage(e)}`, { path: lock });
  }
  return ok(lock);
}
