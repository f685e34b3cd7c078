import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readdir, readFile, readlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../shared/domain/issue.js';
import { git, isGone, tempDir } from './workspace-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'baton.js');
const BANNER = /^Baton listening on http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/;
/** Slow enough that agents are caught running, fast enough for a test: ~3 s per turn. */
const TEST_PACE_MS = '250';

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];

function baton(args: string[]): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: ROOT, env: { ...process.env, BATON_DEMO_AGENT_PACE_MS: TEST_PACE_MS }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  let errText = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => errText, exit };
}

async function listening(run: Run): Promise<(route: string, init?: RequestInit) => Promise<Response>> {
  await expect.poll(() => run.stdout(), { timeout: 20_000 }).toMatch(/\n$/);
  const lines = run.stdout().trimEnd().split('\n');
  expect(lines).toHaveLength(1);
  const [, port, token] = BANNER.exec(lines[0]!)!;
  return (route, init = {}) => fetch(`http://127.0.0.1:${port}${route}`, { ...init, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' } });
}

async function ticketsOf(api: Awaited<ReturnType<typeof listening>>): Promise<Issue[]> {
  return ((await (await api('/api/v1/tickets')).json()) as { tickets: Issue[] }).tickets;
}

/** Live processes whose working directory is inside `dir`: the agents and whatever they started. */
async function processesUnder(dir: string): Promise<number[]> {
  const pids: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    const cwd = await readlink(`/proc/${entry}/cwd`).catch(() => null);
    if (cwd !== null && (cwd === dir || cwd.startsWith(`${dir}/`)) && !(await isGone(Number(entry)))) pids.push(Number(entry));
  }
  return pids;
}

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'electron', 'cli.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
});

afterEach(async () => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const c of cleanups.splice(0)) await c();
});

describe('baton demo', () => {
  it('seeds a real repository and board, runs the scripted agent to Human Review with a commit, and stops cleanly; a second run reuses it', async () => {
    const { dir: parent, cleanup } = await tempDir('demo-cli');
    cleanups.push(cleanup);
    const dir = path.join(parent, 'demo');
    const run = baton(['demo', '--port', '0', '--dir', dir]);
    const api = await listening(run);
    expect(run.stderr()).toContain(`new demo repository at ${dir} with 12 tickets`);

    expect(existsSync(path.join(dir, 'WORKFLOW.md'))).toBe(true);
    expect((await git(dir, 'log', '--format=%s', 'main')).split('\n')).toHaveLength(2);
    const workflow = (await (await api('/api/v1/workflow')).json()) as { config: { demo: boolean; agent: { kind: string } } };
    expect(workflow.config).toMatchObject({ demo: true, agent: { kind: 'codex' } });
    const seeded = await ticketsOf(api);
    expect(seeded).toHaveLength(12);
    expect(seeded.filter((t) => t.state === 'Backlog').map((t) => t.identifier)).toEqual(['DEMO-11', 'DEMO-12']);

    // Agents really run: processes appear in the demo's worktrees.
    await expect.poll(() => processesUnder(dir), { timeout: 20_000, interval: 100 }).not.toEqual([]);
    let reviewed: Issue | undefined;
    await expect
      .poll(async () => (reviewed = (await ticketsOf(api)).find((t) => t.state === 'Human Review')), { timeout: 40_000, interval: 250 })
      .toBeDefined();
    const branch = `baton/${reviewed!.identifier}`;
    expect(await git(dir, 'log', '-1', '--format=%an|%s', branch)).toBe(`Baton demo agent (scripted)|${reviewed!.identifier}: ${reviewed!.title}`);
    expect(await git(dir, 'rev-list', '--count', `main..${branch}`)).toBe('1');
    // The blocker rule: DEMO-4 waits for DEMO-3, which reaches Human Review at most, never Done.
    const blocked = (await ticketsOf(api)).find((t) => t.identifier === 'DEMO-4')!;
    expect(blocked).toMatchObject({ state: 'Todo', blocked_by: [{ identifier: 'DEMO-3' }] });

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stderr()).toContain(`the demo repository is left at ${dir}`);
    expect(await processesUnder(dir)).toEqual([]);
    const states = new Map(seeded.map((t) => [t.identifier, t.state]));

    const again = baton(['demo', '--port', '0', '--dir', dir]);
    const api2 = await listening(again);
    expect(again.stderr()).toContain(`reusing the demo repository at ${dir}`);
    const reused = await ticketsOf(api2);
    expect(reused.map((t) => t.identifier)).toEqual([...states.keys()]);
    expect(reused.find((t) => t.identifier === reviewed!.identifier)!.state).toBe('Human Review');
    again.child.kill('SIGINT');
    expect((await again.exit).code).toBe(0);
    expect(await processesUnder(dir)).toEqual([]);
  }, 120_000);

  it('refuses a directory that is not an earlier demo, leaving it untouched', async () => {
    const { dir, cleanup } = await tempDir('demo-cli');
    cleanups.push(cleanup);
    await writeFile(path.join(dir, 'precious.txt'), 'keep me\n');
    const run = baton(['demo', '--dir', dir]);
    expect((await run.exit).code).toBe(1);
    expect(run.stderr()).toContain('baton: cannot start the demo:');
    expect(run.stderr()).toContain('demo_dir_in_use');
    expect(run.stdout()).toBe('');
    expect(await readdir(dir)).toEqual(['precious.txt']);
    expect(await readFile(path.join(dir, 'precious.txt'), 'utf8')).toBe('keep me\n');
  });

  it('rejects arguments demo does not take', async () => {
    const run = baton(['demo', 'WORKFLOW.md']);
    expect((await run.exit).code).toBe(2);
    expect(run.stderr()).toContain('use --dir to choose the demo directory');
  });
});
