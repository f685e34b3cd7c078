import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fakeCodexCommand } from '../fixtures/fake-codex/session-harness.js';
import { isGone, tempDir } from './workspace-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'baton.js');
const BANNER = /^Baton listening on http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})$/;

interface Run {
  child: ChildProcess;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const running: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];

function baton(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}): Run {
  const child = spawn(process.execPath, [BIN, ...args], { cwd: options.cwd ?? ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  running.push(child);
  let out = '';
  let errText = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  child.stderr!.on('data', (d: Buffer) => (errText += d.toString()));
  const exit = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  return { child, stdout: () => out, stderr: () => errText, exit };
}

async function workflowDir(frontMatter: string): Promise<string> {
  const { dir, cleanup } = await tempDir('baton-cli-');
  cleanups.push(cleanup);
  await writeFile(path.join(dir, 'WORKFLOW.md'), `---\n${frontMatter}\n---\nWork on {{ issue.identifier }}\n`);
  return dir;
}

const validFrontMatter = (dir: string) => `workspace:\n  root: ${path.join(dir, 'ws')}\ncodex:\n  command: ${JSON.stringify(fakeCodexCommand())}\npolling:\n  interval_ms: 100`;

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'electron', 'cli.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
});

afterEach(async () => {
  for (const child of running.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const c of cleanups.splice(0)) await c();
});

describe('baton serve (SPEC §17.7)', () => {
  it('starts on an explicit workflow, prints one banner line, serves the token-guarded API and exits 0 on SIGTERM', async () => {
    const { dir, cleanup } = await tempDir('baton-cli-');
    cleanups.push(cleanup);
    await writeFile(path.join(dir, 'WORKFLOW.md'), `---\n${validFrontMatter(dir)}\n---\nWork on {{ issue.identifier }}\n`);
    const run = baton(['serve', path.join(dir, 'WORKFLOW.md'), '--port', '0']);
    await expect.poll(() => run.stdout(), { timeout: 15_000 }).toMatch(/\n$/);
    const lines = run.stdout().trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    const [, port, token] = BANNER.exec(lines[0]!)!;
    const base = `http://127.0.0.1:${port}`;

    expect((await fetch(`${base}/api/v1/state`)).status).toBe(401);
    const state = await fetch(`${base}/api/v1/state`, { headers: { authorization: `Bearer ${token}` } });
    expect(state.status).toBe(200);
    expect(await state.json()).toMatchObject({ counts: { running: 0, retrying: 0 } });
    // The printed URL opens the page itself; the token is never turned into a cookie.
    const page = await fetch(`${base}/?token=${token}`, { redirect: 'manual' });
    expect(page.status).toBe(200);
    expect(page.headers.get('set-cookie')).toBeNull();
    // The engine log is the owner's only, like the rest of .baton (issue 7).
    expect((await stat(path.join(dir, '.baton', 'logs', 'engine.log'))).mode & 0o777).toBe(0o600);
    expect((await stat(path.join(dir, '.baton', 'logs'))).mode & 0o777).toBe(0o700);

    run.child.kill('SIGTERM');
    expect(await run.exit).toEqual({ code: 0, signal: null });
    expect(run.stdout().trimEnd().split('\n')).toHaveLength(1);
  });

  it('uses ./WORKFLOW.md when no path is given', async () => {
    const { dir, cleanup } = await tempDir('baton-cli-');
    cleanups.push(cleanup);
    await writeFile(path.join(dir, 'WORKFLOW.md'), `---\n${validFrontMatter(dir)}\n---\nhi\n`);
    const run = baton(['serve'], { cwd: dir });
    await expect.poll(() => run.stdout(), { timeout: 15_000 }).toMatch(BANNER.source.slice(1, 20));
    run.child.kill('SIGINT');
    expect((await run.exit).code).toBe(0);
  });

  it.each([
    { name: 'a nonexistent explicit path', args: (d: string) => ['serve', path.join(d, 'nope.md')], cwd: undefined, message: 'workflow file not found' },
    { name: 'no ./WORKFLOW.md in the working directory', args: () => ['serve'], cwd: 'empty', message: 'workflow file not found' },
  ])('exits non-zero with a clear message for $name', async ({ args, cwd, message }) => {
    const { dir, cleanup } = await tempDir('baton-cli-');
    cleanups.push(cleanup);
    const empty = path.join(dir, 'empty');
    await mkdir(empty);
    const run = baton(args(dir), { cwd: cwd ? empty : undefined });
    expect((await run.exit).code).toBe(1);
    expect(run.stderr()).toContain(message);
    expect(run.stdout()).toBe('');
  });

  it.each([
    { name: 'bad YAML', frontMatter: 'agent: [1,', code: 'workflow_parse_error' },
    { name: 'front matter that is not a map', frontMatter: '- a\n- b', code: 'workflow_front_matter_not_a_map' },
    { name: 'an unknown tracker kind', frontMatter: 'tracker:\n  kind: jira', code: 'unsupported_tracker_kind' },
    { name: 'an invalid value', frontMatter: 'agent:\n  max_turns: -1', code: 'invalid_config' },
  ])('surfaces a startup failure for $name and exits non-zero', async ({ frontMatter, code }) => {
    const dir = await workflowDir(frontMatter);
    const run = baton(['serve', path.join(dir, 'WORKFLOW.md')]);
    expect((await run.exit).code).toBe(1);
    expect(run.stderr()).toContain(`baton: cannot start:`);
    expect(run.stderr()).toContain(code);
    expect(run.stdout()).toBe('');
  });

  it.each([
    { args: ['serve', '--port', 'abc'], message: '--port must be an integer' },
    { args: ['serve', '--bogus'], message: "unknown option '--bogus'" },
    { args: ['launch'], message: "unknown command 'launch'" },
  ])('rejects bad arguments: $args', async ({ args, message }) => {
    const run = baton(args);
    expect((await run.exit).code).toBe(2);
    expect(run.stderr()).toContain(message);
  });

  it('with --exit-with-stdin, stops (exit 0) when its parent closes stdin: a dead desktop app leaves no engine', async () => {
    const { dir, cleanup } = await tempDir('baton-cli-');
    cleanups.push(cleanup);
    await writeFile(path.join(dir, 'WORKFLOW.md'), `---\n${validFrontMatter(dir)}\n---\nhi\n`);
    const child = spawn(process.execPath, [BIN, 'serve', path.join(dir, 'WORKFLOW.md'), '--exit-with-stdin'], { cwd: ROOT, stdio: ['pipe', 'pipe', 'pipe'] });
    running.push(child);
    let out = '';
    child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
    const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
    await expect.poll(() => out, { timeout: 15_000 }).toContain('Baton listening');
    child.stdin!.end();
    expect(await exit).toBe(0);
    // Supervised, it says it is stopping (the desktop app's watchdog listens for that) and when it is done.
    const lines = out.trimEnd().split('\n');
    expect(lines[0]).toContain('Baton listening');
    expect(lines[1]).toBe('Baton stopping');
    expect(lines.at(-1)).toBe('Baton stopped');
  });

  it('stops running agents as whole process trees on SIGTERM', async () => {
    const { dir, cleanup } = await tempDir('baton-cli-');
    cleanups.push(cleanup);
    const scenario = path.join(dir, 'child-then-stall.json');
    await writeFile(scenario, JSON.stringify({ turns: [[{ spawnChild: true }, { stall: true }]] }));
    await writeFile(path.join(dir, 'WORKFLOW.md'), `---\n${validFrontMatter(dir)}\n---\nhi\n`);
    const run = baton(['serve', path.join(dir, 'WORKFLOW.md')], { env: { FAKE_CODEX_SCENARIO: scenario } });
    await expect.poll(() => run.stdout(), { timeout: 15_000 }).toContain('Baton listening');
    const [, port, token] = BANNER.exec(run.stdout().trim())!;
    const api = (method: string, route: string, body?: unknown) =>
      fetch(`http://127.0.0.1:${port}${route}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
    await api('POST', '/api/v1/tickets', { title: 'Spawns a child' });
    let childPid = 0;
    await expect
      .poll(async () => {
        const res = await api('GET', '/api/v1/tickets/BAT-1/events');
        const { events } = (await res.json()) as { events: Array<{ data: Record<string, unknown> }> };
        const spawned = events.find((e) => e.data.method === 'fake/childSpawned');
        childPid = Number((spawned?.data.params as { pid?: number } | undefined)?.pid ?? 0);
        return childPid;
      }, { timeout: 15_000 })
      .toBeGreaterThan(0);
    run.child.kill('SIGTERM');
    expect((await run.exit).code).toBe(0);
    expect(await isGone(childPid)).toBe(true);
  });
});

