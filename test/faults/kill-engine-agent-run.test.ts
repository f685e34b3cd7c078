import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FAKE_AGENT_COMMAND } from '../fixtures/fake-pty-agent/helpers.js';
import { ApiProbe, type ProbeReport } from './api-probe.js';
import type { BatonProcess, RunRow } from './baton-process.js';
import { FaultScene } from './fault-scene.js';
import { waitForFile } from './wait.js';

/**
 * `kill -9` of the engine while an agent works: the agent has written uncommitted work and started
 * a child (a dev server, say), and is in the middle of its turn. The restarted engine must keep the
 * work, say what happened to the cut-off run, finish the ticket, and leave no process of the old run.
 */
describe('kill -9 of the engine during an agent run', { timeout: 120_000 }, () => {
  let scene: FaultScene;
  let again: BatonProcess;
  let probe: ProbeReport;
  let oldPids: number[];

  beforeAll(async () => {
    scene = await FaultScene.create({
      agent: (file) => [
        { write: { path: 'src/wip.txt', content: 'work in progress\n' } },
        { spawnChild: true },
        { mark: file('agent-working') },
        { waitForFile: file('agent-may-finish') },
        { write: { path: 'src/done.txt', content: 'finished\n' } },
        { message: 'Finished {{identifier}}' },
      ],
    });
    const first = await scene.launch();
    await first.createTicket('Long job');
    await waitForFile(scene.file('agent-working'));
    oldPids = (await scene.leftovers()).map((p) => p.pid);
    await first.kill9();

    await writeFile(scene.file('agent-may-finish'), 'go\n');
    again = await scene.launch();
    const watching = new ApiProbe(again);
    await scene.until('BAT-1 in Human Review', async () => (await again.ticket('BAT-1')).state === 'Human Review');
    await scene.until('the second run to end', async () => (await again.runs('BAT-1')).every((r) => r.ended_at !== null));
    probe = await watching.stop();
  }, 120_000);

  afterAll(() => scene?.dispose());

  it('keeps the cut-off run’s work in the worktree and finishes the ticket there', async () => {
    const ws = scene.workspace('BAT-1');
    expect(await readFile(path.join(ws, 'src/wip.txt'), 'utf8')).toBe('work in progress\n');
    expect(await readFile(path.join(ws, 'src/done.txt'), 'utf8')).toBe('finished\n');
  });

  it('shows the cut-off run as canceled by the restart, and the next run as handed off', async () => {
    const runs: RunRow[] = await again.runs('BAT-1');
    expect(runs.map((r) => r.status)).toEqual(['handed_off', 'canceled']);
    expect(runs[1]!.error).toMatch(/restart/i);
  });

  it('answers the API throughout the restart', () => {
    expect(probe.failures).toEqual([]);
    expect(probe.answered).toBeGreaterThan(0);
  });

  // M2: the restart stops what the killed engine's run left (here the agent's `sleep` child).
  it('leaves no process of the cut-off run, and says in its trace what was stopped', async () => {
    expect(oldPids.length).toBeGreaterThan(0);
    const alive = (await scene.leftovers()).filter((p) => oldPids.includes(p.pid));
    expect(alive).toEqual([]);
    const reaped = (await again.events('BAT-1')).filter((e) => e.data.code === 'orphans_reaped');
    expect(reaped.map((e) => e.summary).join('\n')).toContain('sleep');
  });
});

/**
 * The same with a pty agent that survives its terminal going away (it ignores SIGHUP) and has a
 * child in a session of its own (a dev server): both outlive the engine unless the restart reaps them.
 */
describe('kill -9 of the engine during a pty agent run', { timeout: 120_000 }, () => {
  let scene: FaultScene;
  let again: BatonProcess;
  let oldPids: number[];

  beforeAll(async () => {
    scene = await FaultScene.create({ frontMatter: `agent:\n  kind: pty\npty:\n  command: ${JSON.stringify(FAKE_AGENT_COMMAND)}` });
    const first = await scene.launch({ env: { FAKE_PTY_IGNORE_SIGNALS: '1', FAKE_PTY_HANG: '1', FAKE_PTY_CHILD_PID_FILE: scene.file('child.pid'), FAKE_PTY_WRITE_FILE: 'wip.txt' } });
    await first.createTicket('Long pty job');
    await waitForFile(scene.file('child.pid'));
    oldPids = (await scene.leftovers()).map((p) => p.pid);
    await first.kill9();
    again = await scene.launch({ env: { FAKE_PTY_WRITE_FILE: 'done.txt' } });
    await scene.until('BAT-1 in Human Review', async () => (await again.ticket('BAT-1')).state === 'Human Review');
    await scene.until('the second run to end', async () => (await again.runs('BAT-1')).every((r) => r.ended_at !== null));
  }, 120_000);

  afterAll(() => scene?.dispose());

  it('keeps the cut-off run’s work and finishes the ticket in the same worktree', async () => {
    const ws = scene.workspace('BAT-1');
    expect(await readFile(path.join(ws, 'wip.txt'), 'utf8')).toBe('worked on BAT-1\n');
    expect(await readFile(path.join(ws, 'done.txt'), 'utf8')).toBe('worked on BAT-1\n');
    expect((await again.runs('BAT-1')).map((r) => r.status)).toEqual(['handed_off', 'canceled']);
  });

  // M2: the agent (it ignores SIGHUP) and its setsid child are stopped before the next run starts.
  it('leaves no process of the cut-off run', async () => {
    expect(oldPids.length).toBeGreaterThan(0);
    expect((await scene.leftovers()).filter((p) => oldPids.includes(p.pid))).toEqual([]);
  });
});
