import { execFile } from 'node:child_process';
import { gitEnv } from './git-env.js';

/**
 * One git invocation, asynchronously (never spawnSync: the engine's event loop serves terminals),
 * with its exit code as a value. The raw runner beside simple-git (simple-git-client.ts): it takes
 * per-call environments (a private `GIT_INDEX_FILE`) and costs nothing extra for a git that prints
 * nothing, where simple-git waits 50 ms (docs/adr/0012-simple-git-as-the-git-layer.md).
 */
export interface GitOutput {
  /** Exit code; null when git could not be started or was killed (see `error`). */
  code: number | null;
  stdout: string;
  stderr: string;
  /** Why git did not run to completion (not found, timeout), else null. */
  error: string | null;
}

export interface GitExecOptions {
  cwd: string;
  /** Added to the inherited environment. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export type GitExec = (args: readonly string[], options: GitExecOptions) => Promise<GitOutput>;

/**
 * Default bound on one git call. Local operations finish in well under this; a hung git (a stuck
 * filesystem, an editor prompt) must not wedge a workspace forever. Checkouts pass their own, longer
 * bound because huge repositories take minutes.
 */
export const GIT_TIMEOUT_MS = 120_000;

/** Output cap per call; `status` of a big dirty tree is a few MB at most. */
const GIT_MAX_BUFFER_BYTES = 64 * 1024 * 1024;

export const execGit: GitExec = (args, options) => {
  const env = gitEnv(options.env);
  return new Promise((resolve) => {
    execFile(
      'git',
      [...args],
      { cwd: options.cwd, env, timeout: options.timeoutMs ?? GIT_TIMEOUT_MS, maxBuffer: GIT_MAX_BUFFER_BYTES, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) return resolve({ code: 0, stdout, stderr, error: null });
        const code = typeof error.code === 'number' ? error.code : null;
        const why = code === null ? (error.killed ? `git was stopped (timeout or signal ${error.signal ?? '?'})` : error.message) : null;
        resolve({ code, stdout, stderr, error: why });
      },
    );
  });
};

/** git's words when a lock file is in its way: "Unable to create '<path>.lock': File exists." */
const LOCK_EXISTS = /Unable to create '([^']+\.lock)': File exists/;

/** The lock file a failed call was refused by, or null. */
export function lockFileOf(out: GitOutput): string | null {
  return LOCK_EXISTS.exec(out.stderr)?.[1] ?? null;
}

/**
 * The most useful one-line reason for a failed call. A lock in the way is named in full: git's own
 * text about it runs over many lines, and its last lines do not say which file it is.
 */
export function gitFailure(out: GitOutput): string {
  const lock = lockFileOf(out);
  if (lock !== null) return `${lock} exists: another git is working there, or one was killed and left it behind (remove it if no git is running)`;
  const text = (out.error ?? out.stderr.trim()) || `git exited with code ${out.code ?? '?'}`;
  return text.split('\n').filter((l) => l.trim() !== '').slice(-3).join(' | ');
}
