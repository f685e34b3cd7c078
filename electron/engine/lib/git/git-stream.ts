import { spawn } from 'node:child_process';
import { gitEnv } from './git-env.js';
import { GIT_TIMEOUT_MS } from './git-exec.js';

/**
 * One git invocation whose stdout is handed over chunk by chunk instead of buffered: a patch can be
 * hundreds of megabytes (a generated file, a dump), and the caller keeps only what fits its budget.
 * `execGit` (git-exec.ts) buffers up to 64 MB and fails past it, which is right for listings but
 * not for patches; simple-git buffers every call whole, so patches never go through it.
 */
export interface GitStreamOptions {
  cwd: string;
  env?: Record<string, string>;
  timeoutMs?: number;
  /** Aborting stops git (the service's dispose()). */
  signal?: AbortSignal;
  /** Decoded UTF-8 text (never a split character); return `'stop'` once nothing more is needed. */
  onData: (text: string) => 'continue' | 'stop';
}

export interface GitStreamResult {
  /** Exit code; null when git did not start, was stopped on request, timed out or was aborted. */
  code: number | null;
  /** The caller asked to stop: git was killed on purpose and its exit code means nothing. */
  stopped: boolean;
  stderr: string;
  /** Why git did not run to completion (not found, timeout, aborted), else null. */
  error: string | null;
}

export type GitStream = (args: readonly string[], options: GitStreamOptions) => Promise<GitStreamResult>;

/** Kept for error messages; git's stderr on a diff is a few lines unless something is very wrong. */
const STDERR_MAX_CHARS = 64 * 1024;

export const streamGit: GitStream = (args, options) => {
  const env = gitEnv(options.env);
  return new Promise((resolve) => {
    let stopped = false;
    let failure: string | null = null;
    let stderr = '';
    const child = spawn('git', [...args], { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const kill = (why: string | null): void => {
      if (why !== null && failure === null) failure = why;
      child.kill('SIGKILL');
    };
    const timer = setTimeout(() => kill(`git was stopped after ${options.timeoutMs ?? GIT_TIMEOUT_MS} ms`), options.timeoutMs ?? GIT_TIMEOUT_MS);
    const onAbort = (): void => kill('git was stopped: the diff service is shutting down');
    if (options.signal?.aborted) onAbort();
    options.signal?.addEventListener('abort', onAbort, { once: true });
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (text: string) => {
      if (stopped || failure !== null) return;
      if (options.onData(text) === 'stop') {
        stopped = true;
        kill(null);
      }
    });
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (text: string) => {
      if (stderr.length < STDERR_MAX_CHARS) stderr += text.slice(0, STDERR_MAX_CHARS - stderr.length);
    });
    child.on('error', (e) => {
      if (failure === null) failure = e.message;
    });
    child.on('close', (code) => {
      clearTimeout(timer);
      options.signal?.removeEventListener('abort', onAbort);
      const clean = !stopped && failure === null;
      resolve({ code: clean ? code : null, stopped, stderr, error: stopped ? null : failure ?? (code === null ? 'git was killed by a signal' : null) });
    });
  });
};
