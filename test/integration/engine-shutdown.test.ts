import { afterEach, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { scenarioFile } from '../fixtures/fake-codex/session-harness.js';
import { EngineHarness } from './engine-harness.js';
import { isGone } from './workspace-helpers.js';

/**
 * Shutdown and restart: `engine.dispose()` with agents running leaves no process behind and records
 * the runs as canceled; a new engine on the same workflow directory finds that history again.
 * The `stall` scenario starts a child process and then goes silent, so its runs never end by themselves.
 */
/** Generous: the machine may be shared with benchmarks; polls return as soon as the condition holds. */
const WAIT = { timeout: 30_000, interval: 50 };

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  // Newest first: a reopened engine must stop before the first harness removes the directory.
  for (const h of harnesses.reverse()) await h.dispose();
  harnesses.length = 0;
});

/** The agent's and its child's pids, once both are in the ticket's trace. */
async function agentPids(h: EngineHarness, identifier: string): Promise<number[]> {
  let events: TraceEvent[] = [];
  await expect
    .poll(async () => {
      events = await h.events(identifier);
      return events.some((e) => e.data.method === 'fake/childSpawned');
    }, WAIT)
    .toBe(true);
  const agent = events.find((e) => e.kind === 'session_started')?.data.pid;
  const child = (events.find((e) => e.data.method === 'fake/childSpawned')?.data.params as { pid?: unknown } | undefined)?.pid;
  if (typeof agent !== 'number' || typeof child !== 'number') throw new Error(`no pids in the trace of ${identifier}`);
  return [agent, child];
}

describe('engine shutdown and restart', { timeout: 90_000 }, () => {
  it('dispose() stops every agent tree, records the runs as canceled, and a restart shows the history', async () => {
    const h = await EngineHarness.start({ scenario: 'stall' });
    harnesses.push(h);
    await h.api('POST', '/api/v1/tickets', { title: 'First long job' });
    await h.api('POST', '/api/v1/tickets', { title: 'Second long job' });
    const pids = [...(await agentPids(h, 'BAT-1')), ...(await agentPids(h, 'BAT-2'))];
    expect((await h.state()).counts.running).toBe(2);
    for (const pid of pids) expect(await isGone(pid)).toBe(false);
    const runIds = ['BAT-1', 'BAT-2'].flatMap((id) => {
      const runs = h.engine.store.runs.listRuns(id);
      return runs.ok ? runs.value.filter((r) => r.status === 'running').map((r) => r.run_id) : [];
    });
    expect(runIds).toHaveLength(2);

    await h.engine.dispose();

    // Nothing may outlive the engine: no grace polling, the tree kill must be complete on return.
    for (const pid of pids) expect(await isGone(pid)).toBe(true);

    // A restart on the same directory; this time the agent finishes, so the history is stable.
    const again = await h.reopen({ FAKE_CODEX_SCENARIO: scenarioFile('happy') });
    harnesses.push(again);
    for (const identifier of ['BAT-1', 'BAT-2']) {
      const runs = again.engine.store.runs.listRuns(identifier);
      if (!runs.ok) throw new Error(runs.error.message);
      const old = runs.value.find((r) => runIds.includes(r.run_id));
      expect(old).toMatchObject({ status: 'canceled', error: 'stopped: shutdown' });
      expect(old?.ended_at).toEqual(expect.any(String));
      // The old run's trace survived, ending with its run_ended event.
      const events = (await again.events(identifier)).filter((e) => e.run_id === old!.run_id);
      expect(events.map((e) => e.data.event)).toEqual(expect.arrayContaining(['run_started', 'session_started', 'notification', 'run_ended']));
      expect(events.at(-1)?.data).toMatchObject({ event: 'run_ended', status: 'canceled', error: 'stopped: shutdown' });
    }
    // The restarted engine goes on working the still-active tickets.
    await expect.poll(async () => (await again.ticket('BAT-1')).state, WAIT).toBe('Human Review');
    await expect.poll(async () => (await again.ticket('BAT-2')).state, WAIT).toBe('Human Review');
    const detail = await again.api<{ tracked: { runs: number } }>('GET', '/api/v1/BAT-1');
    expect(detail.json.tracked.runs).toBe(2);
  });
});
