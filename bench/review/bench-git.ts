import { execFile } from 'node:child_process';
import { appendFile, mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { GIT_IDENTITY } from '../worktrees/synthetic-repo.js';

const run = promisify(execFile);
/** The big change's 50,000-line file is ~3 MB; a diff of it is several times that. */
const MAX_BUFFER_BYTES = 256 * 1024 * 1024;

/** git with the benchmark's identity (a fresh machine has none); returns trimmed stdout. */
export async function git(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await run('git', args, { cwd, env: { ...process.env, ...GIT_IDENTITY }, maxBuffer: MAX_BUFFER_BYTES });
  return stdout.trim();
}

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [name, content] of Object.entries(files)) {
    await mkdir(path.dirname(path.join(root, name)), { recursive: true });
    await writeFile(path.join(root, name), content);
  }
}

export async function commitAll(worktree: string, message: string): Promise<void> {
  await git(worktree, 'add', '-A');
  await git(worktree, 'commit', '-q', '--no-verify', '-m', message);
}

/** A tracked file of bench/worktrees' synthetic repository (100 files per directory). */
export const trackedFile = (n: number): string => `src/pkg${Math.floor(n / 100)}/file${n}.ts`;

/** `count` lines of ordinary-looking source, distinct per `tag` so the diff has real hunks. */
export function sourceLines(tag: string, count: number): string[] {
  return Array.from({ length: count }, (_, i) => `export const ${tag}_${i} = transform(${i}, '${tag}', { index: ${i}, label: 'line ${i}' });`);
}

/**
 * A ticket's ordinary change, ~300 changed lines over 5 files, on tracked files `first..first+2`:
 * two of them rewritten (40 lines each) and one new file committed; a third rewritten and a
 * second new file left uncommitted (the agent's last edits, which a review also shows).
 */
export async function typicalChange(worktree: string, tag: string, first: number): Promise<void> {
  const rewrite = async (n: number) => {
    const file = path.join(worktree, trackedFile(n));
    const lines = (await readFile(file, 'utf8')).split('\n');
    lines.splice(5, 40, ...sourceLines(`${tag}_${n}`, 40));
    await writeFile(file, lines.join('\n'));
  };
  await rewrite(first);
  await rewrite(first + 1);
  await writeFiles(worktree, { [`src/${tag}/added.ts`]: `${sourceLines(`${tag}_a`, 30).join('\n')}\n` });
  await commitAll(worktree, `${tag}: typical change`);
  await rewrite(first + 2);
  await writeFiles(worktree, { [`src/${tag}/draft.ts`]: `${sourceLines(`${tag}_d`, 30).join('\n')}\n` });
}

/**
 * The large change: one new 50,000-line file (a generated table) and 400 small files — 200 new
 * files committed with it, then 100 tracked files edited and 100 new files left uncommitted.
 * Tracked files 1,000–1,099 are edited, so the repository needs at least 1,100.
 */
export async function bigChange(worktree: string, bigLines: number): Promise<void> {
  const committed: Record<string, string> = { 'src/generated/big-table.ts': `${sourceLines('row', bigLines).join('\n')}\n` };
  for (let i = 0; i < 200; i++) committed[`src/feature/part${i}.ts`] = `${sourceLines(`part${i}`, 20).join('\n')}\n`;
  await writeFiles(worktree, committed);
  await commitAll(worktree, 'big change');
  for (let i = 0; i < 100; i++) await appendFile(path.join(worktree, trackedFile(1_000 + i)), `${sourceLines(`edit${i}`, 5).join('\n')}\n`);
  const drafts: Record<string, string> = {};
  for (let i = 0; i < 100; i++) drafts[`src/draft/d${i}.ts`] = `${sourceLines(`draft${i}`, 15).join('\n')}\n`;
  await writeFiles(worktree, drafts);
}
