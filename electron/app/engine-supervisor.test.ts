import { describe, expect, it } from 'vitest';
import type { EngineStatus } from '../../shared/bridge/bridge-api.js';
import { fakeSpawner, type FakeEngineChild } from '../../test/mocks/fake-engine-child.js';
import { flushMicrotasks, ManualClock } from '../../test/mocks/manual-clock.js';
import { EngineSupervisor } from './engine-supervisor.js';

const paths = { execPath: '/opt/Baton/baton', cliPath: '/opt/Baton/resources/app.asar/bin/baton.js', demoCwd: '/tmp' };
const workflow = { kind: 'workflow', workflowPath: '/repo/WORKFLOW.md' } as const;

function setup() {
  const clock = new ManualClock();
  const spawner = fakeSpawner();
  const supervisor = new EngineSupervisor({ spawn: spawner.spawn, clock, paths, env: { PATH: '/usr/bin' } });
  const statuses: EngineStatus[] = [];
  supervisor.onStatus((s) => statuses.push(s));
  const child = (i: number): FakeEngineChild => spawner.children[i]!;
  return { clock, spawner, supervisor, statuses, child };
}

/** Starts the engine and lets child `index` print its banner. */
async function startRunning(t: ReturnType<typeof setup>, index = 0) {
  const started = t.supervisor.start(workflow);
  await flushMicrotasks();
  t.child(index).printBanner(40000 + index, `tok-${index}`);
  return started;
}

describe('EngineSupervisor', () => {
  it('runs `baton serve` with Electron as Node on a free loopback port and reads the banner', async () => {
    const t = setup();
    const result = await startRunning(t);
    expect(result).toEqual({ ok: true, value: { url: 'http://127.0.0.1:40000', token: 'tok-0' } });
    const c = t.child(0);
    expect(c.command).toBe(paths.execPath);
    expect(c.args).toEqual([paths.cliPath, 'serve', '/repo/WORKFLOW.md', '--host', '127.0.0.1', '--port', '0', '--exit-with-stdin']);
    expect(c.options.env.ELECTRON_RUN_AS_NODE).toBe('1');
    expect(c.options.env.PATH).toBe('/usr/bin');
    expect(c.options.cwd).toBe('/repo');
    expect(t.statuses).toEqual([
      { state: 'starting', target: '/repo/WORKFLOW.md' },
      { state: 'running', target: '/repo/WORKFLOW.md', url: 'http://127.0.0.1:40000' },
    ]);
  });

  it('answers an error instead of never resolving when a step of the start throws (a status listener)', async () => {
    const t = setup();
    t.supervisor.onStatus((s) => {
      if (s.state === 'starting') throw new Error('window gone');
    });
    expect(await t.supervisor.start(workflow)).toEqual({ ok: false, error: { code: 'engine-start-failed', message: 'the engine could not be started: window gone' } });
  });

  it('runs `baton demo` for the demo and parses the same banner', async () => {
    const t = setup();
    const started = t.supervisor.start({ kind: 'demo' });
    await flushMicrotasks();
    t.child(0).stdout.write('Creating a demo repository in /tmp/baton-demo-1\n');
    t.child(0).printBanner(41000, 'demo-token');
    expect(await started).toEqual({ ok: true, value: { url: 'http://127.0.0.1:41000', token: 'demo-token' } });
    expect(t.child(0).args).toEqual([paths.cliPath, 'demo', '--port', '0', '--exit-with-stdin']);
    expect(t.supervisor.status).toMatchObject({ state: 'running', target: 'demo' });
  });

  it('stops with the stderr tail, without retrying, when the engine exits before it is ready', async () => {
    const t = setup();
    const started = t.supervisor.start(workflow);
    await flushMicrotasks();
    t.child(0).stderr.write('baton: cannot start: workflow front matter is not valid YAML (workflow_parse_error)\n');
    await flushMicrotasks();
    t.child(0).exit(1);
    const result = await started;
    expect(result.ok).toBe(false);
    expect(t.supervisor.status).toEqual({
      state: 'stopped',
      target: '/repo/WORKFLOW.md',
      reason: 'the engine exited with code 1 before it was ready',
      stderrTail: 'baton: cannot start: workflow front matter is not valid YAML (workflow_parse_error)',
    });
    await t.clock.advance(60_000);
    expect(t.spawner.children).toHaveLength(1);
  });

  it('restarts a crashed engine with doubling backoff and gives up after 5 restarts in 2 minutes', async () => {
    const t = setup();
    await startRunning(t);
    const delays: number[] = [];
    for (let i = 0; i < 5; i++) {
      t.child(i).stderr.write(`boom ${i}\n`);
      await flushMicrotasks();
      t.child(i).exit(null, 'SIGSEGV');
      await flushMicrotasks();
      const status = t.supervisor.status;
      expect(status).toMatchObject({ state: 'restarting', restarts: i + 1, maxRestarts: 5, stderrTail: `boom ${i}` });
      if (status.state !== 'restarting') throw new Error('unreachable');
      delays.push(status.retryInMs);
      await t.clock.advance(status.retryInMs - 1);
      expect(t.spawner.children).toHaveLength(i + 1);
      await t.clock.advance(1);
      expect(t.spawner.children).toHaveLength(i + 2);
      t.child(i + 1).printBanner(40001 + i, 'again');
      await flushMicrotasks();
      expect(t.supervisor.status).toMatchObject({ state: 'running', url: `http://127.0.0.1:${40001 + i}` });
    }
    expect(delays).toEqual([500, 1000, 2000, 4000, 8000]);
    t.child(5).stderr.write('panic: out of memory\n');
    await flushMicrotasks();
    t.child(5).exit(134);
    await flushMicrotasks();
    expect(t.supervisor.status).toMatchObject({
      state: 'stopped',
      reason: 'the engine exited with code 134; it crashed 6 times within 2 minutes, so Baton stopped restarting it',
      stderrTail: 'panic: out of memory',
    });
    await t.clock.advance(60_000);
    expect(t.spawner.children).toHaveLength(6);
  });

  it('forgets crashes older than the window', async () => {
    const t = setup();
    await startRunning(t);
    for (let i = 0; i < 8; i++) {
      t.child(i).exit(1);
      await flushMicrotasks();
      expect(t.supervisor.status).toMatchObject({ state: 'restarting', restarts: 1 });
      await t.clock.advance(500);
      t.child(i + 1).printBanner();
      await flushMicrotasks();
      await t.clock.advance(120_000);
    }
    expect(t.supervisor.status.state).toBe('running');
  });

  it('stops the engine with SIGTERM and waits for it to exit', async () => {
    const t = setup();
    await startRunning(t);
    await t.supervisor.stop();
    expect(t.child(0).signals).toEqual(['SIGTERM']);
    expect(t.supervisor.status).toEqual({ state: 'idle' });
    await t.clock.advance(60_000);
    expect(t.spawner.children).toHaveLength(1);
  });

  it('waits for a clean exit as long as the stopping engine reports progress', async () => {
    const t = setup();
    await startRunning(t);
    t.child(0).honorsSigterm = false;
    let stopped = false;
    const stopping = t.supervisor.stop().then(() => (stopped = true));
    // Stopping many agents can take a while: a heartbeat a second keeps the watchdog quiet.
    for (let s = 0; s < 40; s++) {
      t.child(0).stdout.write('Baton stopping (still working)\n');
      await t.clock.advance(1_000);
    }
    expect(stopped).toBe(false);
    expect(t.child(0).signals).toEqual(['SIGTERM']);
    t.child(0).exit(0);
    await stopping;
    expect(t.child(0).signals).toEqual(['SIGTERM']);
  });

  it('kills an engine that goes silent while stopping (hung), and says why', async () => {
    const t = setup();
    await startRunning(t);
    t.child(0).honorsSigterm = false;
    let stopped = false;
    const stopping = t.supervisor.stop().then(() => (stopped = true));
    t.child(0).stdout.write('Baton stopping\n');
    await t.clock.advance(9_999);
    expect(stopped).toBe(false);
    expect(t.child(0).signals).toEqual(['SIGTERM']);
    await t.clock.advance(1);
    await stopping;
    expect(t.child(0).signals).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('kills an engine that keeps talking but never finishes stopping, at the hard bound', async () => {
    const t = setup();
    await startRunning(t);
    t.child(0).honorsSigterm = false;
    const stopping = t.supervisor.stop();
    for (let s = 0; s < 119; s++) {
      t.child(0).stdout.write('Baton stopping (still working)\n');
      await t.clock.advance(1_000);
    }
    expect(t.child(0).signals).toEqual(['SIGTERM']);
    await t.clock.advance(1_000);
    await stopping;
    expect(t.child(0).signals).toEqual(['SIGTERM', 'SIGKILL']);
  });

  it('gives up waiting for an engine that survives SIGKILL, so quitting is never stuck', async () => {
    const t = setup();
    await startRunning(t);
    t.child(0).honorsSigterm = false;
    t.child(0).kill = (signal: NodeJS.Signals = 'SIGTERM') => {
      t.child(0).signals.push(signal);
      return true;
    };
    let stopped = false;
    const stopping = t.supervisor.stop().then(() => (stopped = true));
    await t.clock.advance(10_000);
    expect(t.child(0).signals).toEqual(['SIGTERM', 'SIGKILL']);
    await t.clock.advance(4_999);
    expect(stopped).toBe(false);
    await t.clock.advance(1);
    await stopping;
    expect(stopped).toBe(true);
  });

  it('cancels a pending restart when stopped', async () => {
    const t = setup();
    await startRunning(t);
    t.child(0).exit(1);
    await flushMicrotasks();
    expect(t.supervisor.status.state).toBe('restarting');
    await t.supervisor.stop();
    await t.clock.advance(60_000);
    expect(t.spawner.children).toHaveLength(1);
    expect(t.supervisor.status).toEqual({ state: 'idle' });
  });

  it('kills an engine that never prints its banner', async () => {
    const t = setup();
    const started = t.supervisor.start(workflow);
    await flushMicrotasks();
    await t.clock.advance(30_000);
    const result = await started;
    expect(result.ok).toBe(false);
    expect(t.child(0).signals).toEqual(['SIGKILL']);
    expect(t.supervisor.status).toMatchObject({ state: 'stopped', reason: 'the engine was killed by SIGKILL before it was ready' });
    expect((t.supervisor.status as { stderrTail: string }).stderrTail).toContain('no "Baton listening on" line within 30 s');
  });

  it('reports a spawn failure (missing binary) as stopped', async () => {
    const t = setup();
    const started = t.supervisor.start(workflow);
    await flushMicrotasks();
    t.child(0).emit('error', new Error('spawn /opt/Baton/baton ENOENT'));
    expect((await started).ok).toBe(false);
    expect(t.supervisor.status).toMatchObject({ state: 'stopped', reason: 'the engine could not be started before it was ready' });
    expect((t.supervisor.status as { stderrTail: string }).stderrTail).toContain('ENOENT');
  });

  it('switching workflows stops the old engine before starting the new one', async () => {
    const t = setup();
    await startRunning(t);
    const next = t.supervisor.start({ kind: 'workflow', workflowPath: '/other/WORKFLOW.md' });
    await flushMicrotasks();
    expect(t.child(0).signals).toEqual(['SIGTERM']);
    expect(t.child(1).args[2]).toBe('/other/WORKFLOW.md');
    t.child(1).printBanner(42000, 'two');
    expect(await next).toMatchObject({ ok: true, value: { url: 'http://127.0.0.1:42000' } });
    // The old engine's exit was asked for: no restart, no status change.
    await t.clock.advance(60_000);
    expect(t.spawner.children).toHaveLength(2);
    expect(t.supervisor.status).toMatchObject({ state: 'running', target: '/other/WORKFLOW.md' });
  });

  it('ignores a banner that is not a loopback http address with a token', async () => {
    const t = setup();
    const started = t.supervisor.start(workflow);
    await flushMicrotasks();
    t.child(0).stdout.write('Baton listening on http://10.0.0.5:4000/?token=x\n');
    t.child(0).stdout.write('Baton listening on http://127.0.0.1:4000/\n');
    await flushMicrotasks();
    expect(t.supervisor.status.state).toBe('starting');
    t.child(0).stdout.write('Baton listening on http://127.0.0.1:4001/?token=');
    t.child(0).stdout.write('good\r\n');
    expect(await started).toMatchObject({ ok: true, value: { url: 'http://127.0.0.1:4001', token: 'good' } });
  });
});
