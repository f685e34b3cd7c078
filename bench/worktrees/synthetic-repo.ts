import { execFile } from 'node:child_process';
import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Files per directory: keeps directories small, as in a real source tree. */
const FILES_PER_DIR = 100;
/** Concurrent file writes while building: enough to keep the disk busy, few enough for fd limits. */
const WRITE_CONCURRENCY = 64;
/** Git identity for the benchmark's own commit (a fresh machine has none). */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'Baton Bench',
  GIT_AUTHOR_EMAIL: 'bench@localhost',
  GIT_COMMITTER_NAME: 'Baton Bench',
  GIT_COMMITTER_EMAIL: 'bench@localhost',
};

/** Source-like content of about `bytes` (~4.5 KB per file as in performance-and-reliability.md §5.1). */
function fileContent(n: number, bytes: number): string {
  const line = `export const value${n} = computeSomething(${n}, 'a fairly ordinary line of source code');\n`;
  return line.repeat(Math.max(1, Math.round(bytes / line.length)));
}

/** A git repository of `files` tracked files on branch `main`, one commit. Returns its path. */
export async function makeRepo(dir: string, files: number, bytesPerFile = 4_500): Promise<string> {
  const repo = path.join(dir, 'repo');
  for (let d = 0; d * FILES_PER_DIR < files; d++) await mkdir(path.join(repo, 'src', `pkg${d}`), { recursive: true });
  let next = 0;
  const worker = async () => {
    for (let n = next++; n < files; n = next++) {
      await writeFile(path.join(repo, 'src', `pkg${Math.floor(n / FILES_PER_DIR)}`, `file${n}.ts`), fileContent(n, bytesPerFile));
    }
  };
  await Promise.all(Array.from({ length: WRITE_CONCURRENCY }, worker));
  const env = { ...process.env, ...GIT_IDENTITY };
  await run('git', ['init', '-q', '-b', 'main'], { cwd: repo, env });
  await run('git', ['add', '-A'], { cwd: repo, env, maxBuffer: 64 * 1024 * 1024 });
  await run('git', ['commit', '-q', '-m', 'synthetic repository'], { cwd: repo, env });
  return repo;
}

/** Number of files git tracks in a worktree (to check a checkout is complete). */
export async function trackedFiles(worktree: string): Promise<number> {
  const { stdout } = await run('git', ['ls-files', '-z'], { cwd: worktree, maxBuffer: 64 * 1024 * 1024 });
  return stdout.split('\0').filter((f) => f !== '').length;
}

/** Whether the worktree's files match its index and HEAD (nothing missing or half-written). */
export async function isClean(worktree: string): Promise<boolean> {
  const { stdout } = await run('git', ['status', '--porcelain'], { cwd: worktree, maxBuffer: 64 * 1024 * 1024 });
  return stdout.trim() === '';
}
