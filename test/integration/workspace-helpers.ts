import { execFile } from 'node:child_process';
import { mkdir, mkdtemp, readFile, realpath, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { testConfig as baseTestConfig } from '../fixtures/service-config.js';
import type { ServiceConfig } from '../../electron/engine/workflow/config-types.js';

const execFileAsync = promisify(execFile);

/** Identity for the commits tests make: a fresh CI machine has none. */
export const TEST_GIT_ENV = {
  GIT_AUTHOR_NAME: 'Baton Test',
  GIT_AUTHOR_EMAIL: 'test@baton.invalid',
  GIT_COMMITTER_NAME: 'Baton Test',
  GIT_COMMITTER_EMAIL: 'test@baton.invalid',
};

export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await execFileAsync('git', args, { cwd, env: { ...process.env, ...TEST_GIT_ENV } });
  return stdout.trim();
}

/** Exit code of a git command that is allowed to fail. */
export async function gitCode(cwd: string, ...args: string[]): Promise<number> {
  try {
    await execFileAsync('git', args, { cwd, env: { ...process.env, ...TEST_GIT_ENV } });
    return 0;
  } catch (e) {
    return (e as { code?: number }).code ?? -1;
  }
}

export async function tempDir(prefix: string): Promise<{ dir: string; cleanup: () => Promise<void> }> {
  const dir = await realpath(await mkdtemp(path.join(os.tmpdir(), `baton-${prefix}-`)));
  return { dir, cleanup: () => rm(dir, { recursive: true, force: true }) };
}

/** A repository on `main` with one commit holding `files`, identity set in its own config. */
export async function makeRepo(dir: string, files: Record<string, string> = { 'README.md': 'hello\n' }): Promise<string> {
  await mkdir(dir, { recursive: true });
  await git(dir, 'init', '-q', '-b', 'main');
  await git(dir, 'config', 'user.name', TEST_GIT_ENV.GIT_AUTHOR_NAME);
  await git(dir, 'config', 'user.email', TEST_GIT_ENV.GIT_AUTHOR_EMAIL);
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(dir, name)), { recursive: true });
    await writeFile(path.join(dir, name), content);
  }
  await git(dir, 'add', '-A');
  await git(dir, 'commit', '-q', '-m', 'initial');
  return dir;
}

export function testConfig(options: {
  root: string;
  repo?: string | null;
  baseBranch?: string | null;
  hooks?: Partial<ServiceConfig['hooks']>;
  apiKey?: string | null;
}): ServiceConfig {
  return baseTestConfig({
    tracker: { provider: { path: path.join(options.root, 'tickets.db'), prefix: 'BAT', api_key: options.apiKey ?? null } },
    workspace: { root: options.root, repo: options.repo ?? null, base_branch: options.baseBranch ?? null },
    hooks: { timeout_ms: 10_000, ...options.hooks },
  });
}

/**
 * True once a process no longer runs. A zombie counts as gone: in containers whose PID 1 does not
 * reap orphans, a killed grandchild stays a zombie forever although it runs nothing.
 */
export async function isGone(pid: number): Promise<boolean> {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  if (stat === null) return true;
  const state = stat.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
  return state === 'Z' || state === 'X';
}

/** Waits for a pid file; a login shell on a loaded 2-core machine can take seconds to write it. */
export async function readPid(file: string, timeoutMs = 10_000): Promise<number> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (/^\d+\s*$/.test(text)) return Number(text.trim());
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no pid in ${file}`);
}

export function killQuietly(pid: number): void {
  try {
    process.kill(pid, 'SIGKILL');
  } catch {
    // Already gone.
  }
}
