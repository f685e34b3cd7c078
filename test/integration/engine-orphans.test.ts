import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { fakeCodexCommand } from '../fixtures/fake-codex/session-harness.js';
import { isGone, killQuietly, readPid, tempDir } from './workspace-helpers.js';

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const BIN = path.join(ROOT, 'bin', 'baton.js');
const BANNER = /Baton listening on http:\/\/127\.0\.0\.1:(\d+)\/\?token=([A-Za-z0-9_-]{43})/;

const children: ChildProcess[] = [];
const strays: number[] = [];
const cleanups: Array<() => Promise<void>> = [];

afterEach(async () => {
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const pid of strays.splice(0)) killQuietly(pid);
  for (const c of cleanups.splice(0)) await c();
});

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'electron', 'cli.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
});

interface Serve {
  child: ChildProcess;
  api: (method: string, route: string, body?: unknown) => Promise<Response>;
  exit: Promise<number | null>;
}

async function serve(workflow: string, env: NodeJS.ProcessEnv): Promise<Serve> {
  const child = spawn(process.execPath, [BIN, 'serve', workflow], { cwd: ROOT, env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  children.push(child);
  let out = '';
  child.stdout!.on('data', (d: Buffer) => (out += d.toString()));
  const exit = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  await expect.poll(() => BANNER.test(out), { timeout: 20_000 }).toBe(true);
  const [, port, token] = BANNER.exec(out)!;
  const api = (method: string, route: string, body?: unknown) =>
    fetch(`http://127.0.0.1:${port}${route}`, { method, headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, body: body ? JSON.stringify(body) : undefined });
  return { child, api, exit };
}

async function events(s: Serve, identifier: string): Promise<TraceEvent[]> {
  const res = await s.api('GET', `/api/v1/tickets/${identifier}/events`);
  return ((await res.json()) as { events: TraceEvent[] }).events;
}

/*
 * Issue 7, M2: after kill -9 of the engine, an agent's children (a `sleep 600` in its group, a
 * `setsid` daemon) survived in the worktree, and a restart started a new agent beside them.
 */
describe('after the engine is killed', { timeout: 90_000 }, () => {
  it('the next start stops what the killed run left, says so in its trace, and will not start an agent beside an escaped orphan', async () => {
    const { dir, cleanup } = await tempDir('baton-orphans-');
    cleanups.push(cleanup);
    const scenario = path.join(dir, 'orphans.json');
    await writeFile(
      scenario,
      JSON.stringify({
        turns: [
          [
            { spawnChild: true },
            // A daemon that leaves the agent's process group and session, as `setsid` servers do.
            { command: 'setsid sleep 600 >/dev/null 2>&1 </dev/null & echo $! > escaped.pid', output: '', exitCode: 0, run: true },
            { stall: true },
          ],
        ],
      }),
    );
    const workflow = path.join(dir, 'WORKFLOW.md');
    await writeFile(workflow, `---\nworkspace:\n  root: ${path.join(dir, 'ws')}\ncodex:\n  command: ${JSON.stringify(fakeCodexCommand())}\n  read_timeout_ms: 30000\npolling:\n  interval_ms: 100\n---\nWork on {{ issue.identifier }}\n`);
    const env = { FAKE_CODEX_SCENARIO: scenario, PYENV_REHASH_TIMEOUT: '1' };

    const first = await serve(workflow, env);
    expect((await first.api('POST', '/api/v1/tickets', { title: 'Leaves children' })).status).toBe(201);
    let groupChild = 0;
    await expect
      .poll(async () => {
        const spawned = (await events(first, 'BAT-1')).find((e) => e.data.method === 'fake/childSpawned');
        groupChild = Number((spawned?.data.params as { pid?: number } | undefined)?.pid ?? 0);
        return groupChild;
      }, { timeout: 20_000 })
      .toBeGreaterThan(0);
    strays.push(groupChild);
    const escaped = await readPid(path.join(dir, 'ws', 'BAT-1', 'escaped.pid'), 20_000);
    strays.push(escaped);

    first.child.kill('SIGKILL');
    await first.exit;
    expect(await isGone(groupChild)).toBe(false);
    expect(await isGone(escaped)).toBe(false);

    const second = await serve(workflow, env);
    // Reaped before anything new started: the group's child is gone, and the killed run says so.
    expect(await isGone(groupChild)).toBe(true);
    const trace = await events(second, 'BAT-1');
    const reaped = trace.find((e) => e.data.code === 'orphans_reaped');
    expect(reaped?.kind).toBe('error');
    expect(reaped?.summary).toContain(`(pid ${groupChild})`);

    // The setsid daemon escaped the group: the new run refuses to start beside it and names it.
    await expect
      .poll(async () => (await events(second, 'BAT-1')).some((e) => e.kind === 'run_ended' && String(e.data.error ?? '').includes('workspace_busy')), { timeout: 30_000 })
      .toBe(true);
    const ended = (await events(second, 'BAT-1')).find((e) => e.kind === 'run_ended' && String(e.data.error ?? '').includes('workspace_busy'))!;
    expect(String(ended.data.error)).toContain(`(pid ${escaped})`);
    expect(await isGone(escaped)).toBe(false);

    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
  });
});
