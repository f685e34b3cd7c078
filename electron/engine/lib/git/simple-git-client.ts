import path from 'node:path';
import { simpleGit, type SimpleGit } from 'simple-git';
import { err, errorMessage, ok, type Result } from '../result.js';
import { gitEnv } from './git-env.js';
import { GIT_TIMEOUT_MS, gitFailure } from './git-exec.js';

/**
 * Git through simple-git, for the operations whose output it parses for us (a worktree's status,
 * deleting a branch). Everything else — calls that print nothing, the private index, streamed
 * patches, `worktree`, `for-each-ref` and `-z` listings simple-git has no parser for — goes through
 * the raw runners beside it, git-exec.ts and git-stream.ts (docs/adr/0012-simple-git-as-the-git-layer.md).
 */

/** A worktree's state as `git status` reports it. */
export interface WorktreeStatus {
  /** Nothing modified, staged or untracked (ignored files do not count). */
  clean: boolean;
  /** Paths with unresolved conflicts after a merge or rebase stopped. */
  conflicted: string[];
  /** The checked-out branch; null on a detached HEAD. */
  branch: string | null;
}

export interface GitClientOptions {
  /**
   * Git processes one worktree or repository runs at once through this client (simple-git's own
   * queue, per directory); later calls wait. 4: a landing and a removal touching the same
   * repository never need more, and the 2-core machines this runs on gain nothing from more.
   */
  maxConcurrentPerDirectory?: number;
  /** Killed after this long without output (simple-git's `timeout.block`). */
  timeoutMs?: number;
  /** Aborting stops every running git of this client (its owner's dispose()). */
  signal?: AbortSignal;
  /** Called after every git this client ran: the seam a benchmark counts and times calls with. */
  observe?: (command: string, ms: number) => void;
}

export const GIT_MAX_CONCURRENT_PER_DIRECTORY = 4;

/**
 * Directories whose simple-git instance is kept. An instance costs a `stat` when made and holds
 * only its queue; 64 covers every worktree a busy engine touches between two removals.
 */
const INSTANCE_CACHE_SIZE = 64;

/**
 * Variables simple-git's environment guard refuses to pass on, which none of the operations here
 * needs: editors and pagers (stdout is never a terminal), credential and ssh helpers (nothing here
 * talks to a remote), external diff drivers, another git's programs or templates. Passing them on
 * would make simple-git fail every call; dropping them keeps prompts and pagers out.
 */
const DROPPED_VARS = new Set([
  'editor', 'visual', 'git_editor', 'git_sequence_editor', 'pager', 'git_pager', 'git_askpass', 'ssh_askpass',
  'git_ssh', 'git_ssh_command', 'git_proxy_command', 'git_external_diff', 'git_exec_path', 'git_template_dir',
]);

/** The remaining guarded names (besides `GIT_*`): user configuration stays as the raw runner has it. */
const CONFIG_PATH_VARS = new Set(['prefix']);

export class GitClient {
  private readonly instances = new Map<string, SimpleGit>();
  private readonly maxConcurrent: number;
  private readonly timeoutMs: number;

  constructor(private readonly options: GitClientOptions = {}) {
    this.maxConcurrent = options.maxConcurrentPerDirectory ?? GIT_MAX_CONCURRENT_PER_DIRECTORY;
    this.timeoutMs = options.timeoutMs ?? GIT_TIMEOUT_MS;
  }

  /** `git status` of a worktree, read-only: it never refreshes (writes) the worktree's index. */
  status(worktree: string): Promise<Result<WorktreeStatus>> {
    return this.run('status', worktree, true, async (git) => {
      const s = await git.status(['--untracked-files=normal']);
      return { clean: s.isClean(), conflicted: [...s.conflicted].sort(), branch: s.detached ? null : s.current };
    });
  }

  /** `git branch -D`: deletes the branch whatever it holds (callers saved its work first). */
  deleteBranch(repo: string, branch: string): Promise<Result<void>> {
    return this.run('branch', repo, false, async (git) => {
      const out = await git.deleteLocalBranch(branch, true);
      if (!out.success) throw new Error(`git branch -D ${branch} did not delete it`);
    });
  }

  private async run<T>(command: string, cwd: string, readOnly: boolean, op: (git: SimpleGit) => Promise<T>): Promise<Result<T>> {
    const started = performance.now();
    try {
      if (this.options.signal?.aborted) return err('service_unavailable', `git ${command} was not started: shutting down`);
      return ok(await op(this.instance(cwd, readOnly)));
    } catch (e) {
      // simple-git's messages are git's stderr (and stdout); gitFailure names a lock in the way.
      return err('git_failed', `git ${command} in ${cwd} failed: ${gitFailure({ code: null, stdout: '', stderr: errorMessage(e), error: null })}`, { cwd });
    } finally {
      this.options.observe?.(command, performance.now() - started);
    }
  }

  private instance(cwd: string, readOnly: boolean): SimpleGit {
    const dir = path.resolve(cwd);
    const key = `${readOnly ? 'r' : 'w'}:${dir}`;
    const cached = this.instances.get(key);
    if (cached !== undefined) {
      // Re-inserted: the Map's order is then least recently used first.
      this.instances.delete(key);
      this.instances.set(key, cached);
      return cached;
    }
    const env = simpleGitEnv(readOnly ? { GIT_OPTIONAL_LOCKS: '0' } : undefined);
    const git = simpleGit({
      baseDir: dir,
      maxConcurrentProcesses: this.maxConcurrent,
      timeout: { block: this.timeoutMs },
      ...(this.options.signal ? { abort: this.options.signal } : {}),
      allowEnvironment: Object.keys(env).filter(isGuarded),
      unsafe: { allowUnsafeConfigPaths: true, allowUnsafeConfigEnvCount: true },
    }).env(env as Record<string, string>);
    this.instances.set(key, git);
    if (this.instances.size > INSTANCE_CACHE_SIZE) this.instances.delete(this.instances.keys().next().value as string);
    return git;
  }
}

/** gitEnv() less what simple-git's guard refuses (DROPPED_VARS). */
export function simpleGitEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env = gitEnv(extra);
  for (const name of Object.keys(env)) {
    if (DROPPED_VARS.has(name.toLowerCase()) || env[name] === undefined) delete env[name];
  }
  return env;
}

function isGuarded(name: string): boolean {
  const lower = name.toLowerCase();
  return lower.startsWith('git_') || CONFIG_PATH_VARS.has(lower);
}
