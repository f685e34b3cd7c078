import { lstat } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_AGENT_COMMAND } from '../fixtures/fake-pty-agent/helpers.js';
import { ApiProbe } from './api-probe.js';
import { FaultScene } from './fault-scene.js';
import { waitForFile } from './wait.js';

let scene: FaultScene | null = null;
afterEach(async () => {
  await scene?.dispose();
  scene = null;
});

/** An agent, and a child of it, that shrug SIGTERM off: only SIGKILL ends them. */
const STUBBORN = (file: (name: string) => string) => [
  { write: { path: 'src/wip.txt', content: 'unsaved work\n' } },
  { ignoreSignal: 'SIGTERM' },
  { spawnChild: { ignoreTerm: true } },
  { mark: file('agent-working') },
  { waitForFile: file('never') },
];

/**
 * An agent that ignores SIGTERM (and has a child that does too): stopping its run — the ticket
 * cancelled, or the engine shutting down — must still end every process of it (SIGKILL after the
 * grace period), keep its work, and say how the run ended.
 */
describe('an agent that ignores SIGTERM', { timeout: 120_000 }, () => {
  it('cancelled: the run is killed, its work saved to a snapshot, the API answering meanwhile', async () => {
    scene = await FaultScene.create({ agent: STUBBORN });
    const engine = await scene.launch();
    await engine.createTicket('Will not stop');
    await waitForFile(scene.file('agent-working'));
    expect((await scene.leftovers()).length).toBeGreaterThanOrEqual(3);
    const probe = new ApiProbe(engine);
    await engine.moveTicket('BAT-1', 'Cancelled');
    await scene!.until('the workspace to be removed', async () => !(await lstat(scene!.workspace('BAT-1')).then(() => true, () => false)));
    const report = await probe.stop();

    expect(await scene.settledLeftovers()).toEqual([]);
    const runs = await engine.runs('BAT-1');
    expect(runs.map((r) => [r.status, r.error])).toEqual([['canceled', expect.stringMatching(/^stopped: /)]]);
    expect(await scene.git('show', 'refs/baton/snapshots/BAT-1/1:src/wip.txt')).toBe('unsaved work');
    const removed = await scene.until('the removal in the trace', async () => (await engine.events('BAT-1')).find((e) => e.kind === 'workspace_removed'));
    expect(removed.data.snapshot_ref).toBe('refs/baton/snapshots/BAT-1/1');
    expect(report.failures).toEqual([]);
  });

  it('a pty agent that also ignores SIGHUP, with a child in its own session: stopped whole', async () => {
    scene = await FaultScene.create({ frontMatter: `agent:\n  kind: pty\npty:\n  command: ${JSON.stringify(FAKE_AGENT_COMMAND)}` });
    const env = { FAKE_PTY_IGNORE_SIGNALS: '1', FAKE_PTY_HANG: '1', FAKE_PTY_CHILD_PID_FILE: scene.file('child.pid'), FAKE_PTY_WRITE_FILE: 'wip.txt' };
    const engine = await scene.launch({ env });
    await engine.createTicket('Will not stop either');
    await waitForFile(scene.file('child.pid'));
    await engine.moveTicket('BAT-1', 'Cancelled');
    await scene!.until('the workspace to be removed', async () => !(await lstat(scene!.workspace('BAT-1')).then(() => true, () => false)));
    expect(await scene.settledLeftovers()).toEqual([]);
    expect((await engine.runs('BAT-1'))[0]).toMatchObject({ status: 'canceled' });
    expect(await scene.git('show', 'refs/baton/snapshots/BAT-1/1:wip.txt')).toBe('worked on BAT-1');
  });

  it('engine shutdown: the engine still exits cleanly and leaves no process behind', async () => {
    scene = await FaultScene.create({ agent: STUBBORN });
    const engine = await scene.launch();
    await engine.createTicket('Will not stop');
    await waitForFile(scene.file('agent-working'));
    expect(await engine.stop()).toEqual({ code: 0, signal: null });
    expect(await scene.settledLeftovers()).toEqual([]);

    // The next start shows the run as stopped by the shutdown, and the work still in the worktree.
    const again = await scene.launch();
    const runs = await again.runs('BAT-1');
    expect(runs.at(-1)).toMatchObject({ status: 'canceled', error: 'stopped: shutdown' });
    expect(await lstat(`${scene.workspace('BAT-1')}/src/wip.txt`).then(() => true, () => false)).toBe(true);
  });
});
