import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import pty from 'node-pty';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeCodexCommand } from '../fixtures/fake-codex/session-harness.js';
import { tempDir } from './workspace-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'baton.js');
const BANNER = /Baton listening on http:\/\/127\.0\.0\.1:\d+\/\?token=/;
const JSON_LINE = /^\{"level":\d+/;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'electron', 'cli.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
});

async function workflow(): Promise<string> {
  const { dir, cleanup } = await tempDir('cli-log');
  cleanups.push(cleanup);
  const file = path.join(dir, 'WORKFLOW.md');
  await writeFile(file, `---\nworkspace:\n  root: ${path.join(dir, 'ws')}\ncodex:\n  command: ${JSON.stringify(fakeCodexCommand())}\n---\nWork on {{ issue.identifier }}\n`);
  return file;
}

/** `baton serve` in a real terminal (node-pty): stdout and stderr are the tty, as for a person. */
async function serveInTerminal(extra: string[]): Promise<string[]> {
  const term = pty.spawn(process.execPath, [BIN, 'serve', await workflow(), '--port', '0', ...extra], {
    cols: 200,
    rows: 40,
    cwd: ROOT,
    env: { ...process.env, NO_COLOR: '1', TERM: 'xterm-256color' } as Record<string, string>,
  });
  let text = '';
  term.onData((d) => (text += d));
  const exited = new Promise<number>((resolve) => term.onExit(({ exitCode }) => resolve(exitCode)));
  try {
    await expect.poll(() => text, { timeout: 15_000 }).toMatch(BANNER);
    // SIGTERM logs "shutting down" on the way out: a line written by the logger, in the terminal.
    term.kill('SIGTERM');
    expect(await exited).toBe(0);
  } finally {
    term.kill('SIGKILL');
  }
  return text.replace(/\r/g, '').split('\n').filter((l) => l.trim() !== '');
}

describe('baton serve log lines on stderr', () => {
  it('are short pretty lines when stderr is a terminal', async () => {
    const lines = await serveInTerminal([]);
    expect(lines.some((l) => JSON_LINE.test(l))).toBe(false);
    expect(lines).toContainEqual(expect.stringMatching(/^\[\d\d:\d\d:\d\d\] INFO: shutting down \{"signal":"SIGTERM"\}$/));
  });

  it('are JSON in a terminal with --log-format json', async () => {
    const lines = await serveInTerminal(['--log-format', 'json']);
    const down = lines.find((l) => l.includes('shutting down'));
    expect(JSON.parse(down!)).toMatchObject({ level: 30, msg: 'shutting down', signal: 'SIGTERM' });
  });

  it('are JSON when stderr is a pipe (the desktop app, a log collector)', async () => {
    const child = spawn(process.execPath, [BIN, 'serve', await workflow(), '--port', '0'], { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (err += d.toString()));
    const exited = new Promise<number | null>((resolve) => child.once('exit', resolve));
    await expect.poll(() => out, { timeout: 15_000 }).toMatch(BANNER);
    child.kill('SIGTERM');
    expect(await exited).toBe(0);
    const lines = err.trim().split('\n');
    expect(lines.length).toBeGreaterThan(0);
    for (const line of lines) expect(line).toMatch(JSON_LINE);
    expect(lines.map((l) => (JSON.parse(l) as { msg: string }).msg)).toContain('shutting down');
  });
});
