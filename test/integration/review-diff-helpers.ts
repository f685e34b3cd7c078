import { mkdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { expect } from 'vitest';
import { DiffService, type DiffInput, type DiffServiceDeps } from '../../electron/engine/review/diff/diff-service.js';
import type { Result } from '../../electron/engine/lib/result.js';
import { git, makeRepo, tempDir } from './workspace-helpers.js';

export interface DiffFixture {
  dir: string;
  repo: string;
  worktree: string;
  service: DiffService;
  input: DiffInput;
  /** Writes a file in the worktree (creating directories). */
  write(rel: string | Buffer, content: string | Buffer): Promise<void>;
  /** `git add -A && git commit` in the worktree. */
  commit(message: string): Promise<void>;
  cleanup(): Promise<void>;
}

/** A repository on `main` and a worktree of it on `baton/BAT-1`, as the workspace manager makes them. */
export async function diffFixture(files: Record<string, string> = { 'README.md': 'hello\n' }, deps: DiffServiceDeps = {}): Promise<DiffFixture> {
  const { dir, cleanup } = await tempDir('review-diff');
  const repo = await makeRepo(path.join(dir, 'repo'), files);
  const worktree = path.join(dir, 'wt');
  await git(repo, 'worktree', 'add', '-q', '-b', 'baton/BAT-1', worktree, 'main');
  const tmpDir = path.join(dir, 'tmp');
  await mkdir(tmpDir);
  const service = new DiffService({ tmpDir, ...deps });
  return {
    dir,
    repo,
    worktree,
    service,
    input: { repo, worktree, baseBranch: 'main', identifier: 'BAT-1' },
    write: async (rel, content) => {
      // A Buffer name is written byte for byte (names that are not valid UTF-8).
      if (typeof rel !== 'string') return writeFile(Buffer.concat([Buffer.from(`${worktree}/`), rel]), content);
      await mkdir(path.dirname(path.join(worktree, rel)), { recursive: true });
      await writeFile(path.join(worktree, rel), content);
    },
    commit: async (message) => {
      await git(worktree, 'add', '-A');
      await git(worktree, 'commit', '-q', '-m', message);
    },
    cleanup: async () => {
      service.dispose();
      await cleanup();
    },
  };
}

export function unwrap<T>(result: Result<T>): T {
  if (!result.ok) throw new Error(`expected ok, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}

export function expectError<T>(result: Result<T>, code: string): string {
  expect(result.ok ? 'ok' : result.error.code).toBe(code);
  return result.ok ? '' : result.error.message;
}

/** The patch sections (one per `diff --git` header) that mention `b/<path>` in their header. */
export function sectionsFor(patch: string, file: string): string[] {
  return patch
    .split(/(?=^diff --git )/m)
    .filter((s) => (s.split('\n')[0] ?? '').endsWith(` b/${file}`) || (s.split('\n')[0] ?? '').endsWith(` "b/${file}"`));
}

export function countLines(text: string): number {
  return text === '' ? 0 : text.split('\n').length - (text.endsWith('\n') ? 1 : 0);
}
