import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { EngineHarness } from './engine-harness.js';
import { git, isGone } from './workspace-helpers.js';

/**
 * Reconciliation through the API (SPEC §8.5): moving a running ticket on the board stops its agent
 * (whole process tree); a terminal state also removes the worktree, saving unfinished work first.
 * `long-running` writes wip.txt, starts a child process, then works for a minute.
 */
/** Generous: the machine may be shared with benchmarks; polls return as soon as the condition holds. */
const WAIT = { timeout: 30_000, interval: 50 };

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

interface RunningAgent {
  agentPid: number;
  childPid: number;
}

/** Waits until the long-running agent has written its file and started its child; returns both pids. */
async function startLongRun(harness: EngineHarness): Promise<RunningAgent> {
  await harness.api('POST', '/api/v1/tickets', { title: 'Long task' });
  let events: TraceEvent[] = [];
  await expect
    .poll(async () => {
      events = await harness.events('BAT-1');
      return events.some((e) => e.kind === 'message' && e.data.text === 'Working on it for a while.');
    }, WAIT)
    .toBe(true);
  const started = events.find((e) => e.kind === 'session_started');
  const child = events.find((e) => e.data.method === 'fake/childSpawned');
  const agentPid = started?.data.pid;
  const childPid = (child?.data.params as { pid?: unknown } | undefined)?.pid;
  if (typeof agentPid !== 'number' || typeof childPid !== 'number') throw new Error(`no pids in the trace: ${JSON.stringify([started, child])}`);
  expect(await isGone(agentPid)).toBe(false);
  expect(await isGone(childPid)).toBe(false);
  return { agentPid, childPid };
}

async function exists(file: string): Promise<boolean> {
  return access(file).then(
    () => true,
    () => false,
  );
}

describe('reconciliation of a running ticket moved through the API', { timeout: 90_000 }, () => {
  it('Cancelled: stops the agent tree, snapshots the uncommitted work and removes the worktree', async () => {
    h = await EngineHarness.start({ scenario: 'long-running' });
    const { agentPid, childPid } = await startLongRun(h);
    const worktree = path.join(h.dir, 'workspaces', 'BAT-1');
    expect(await readFile(path.join(worktree, 'wip.txt'), 'utf8')).toBe('half-done work\n');

    const moved = await h.api('PATCH', '/api/v1/tickets/BAT-1', { state: 'Cancelled' });
    expect(moved.status).toBe(200);

    await expect.poll(async () => (await isGone(agentPid)) && (await isGone(childPid)), WAIT).toBe(true);
    await expect.poll(() => exists(worktree), WAIT).toBe(false);
    const ref = 'refs/baton/snapshots/BAT-1/1';
    expect(await git(h.repo!, 'show', `${ref}:wip.txt`)).toBe('half-done work');
    const state = await h.state();
    expect(state.counts).toMatchObject({ running: 0, retrying: 0 });
    const runs = h.engine.store.runs.listRuns('BAT-1');
    expect(runs.ok ? runs.value.map((r) => [r.status, r.error]) : runs.error).toEqual([['canceled', 'stopped: terminal']]);
  });

  it('Backlog: stops the agent tree and keeps the worktree with its work', async () => {
    h = await EngineHarness.start({ scenario: 'long-running' });
    const harness = h;
    const { agentPid, childPid } = await startLongRun(h);

    expect((await h.api('PATCH', '/api/v1/tickets/BAT-1', { state: 'Backlog' })).status).toBe(200);

    await expect.poll(async () => (await isGone(agentPid)) && (await isGone(childPid)), WAIT).toBe(true);
    await expect.poll(async () => (await harness.state()).counts.running, WAIT).toBe(0);
    await expect.poll(() => harness.engine.store.runs.listRuns('BAT-1'), WAIT).toMatchObject({ ok: true, value: [{ status: 'canceled', error: 'stopped: inactive' }] });
    // Give a wrongly scheduled cleanup the time of a few polls before checking that nothing was removed.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(await readFile(path.join(h.dir, 'workspaces', 'BAT-1', 'wip.txt'), 'utf8')).toBe('half-done work\n');
    expect(await git(h.repo!, 'for-each-ref', 'refs/baton/')).toBe('');
    expect((await h.state()).counts).toMatchObject({ running: 0, retrying: 0 });
    expect((await h.ticket('BAT-1')).state).toBe('Backlog');
  });

  // Issue 7: a ticket cancelled while it waited for a retry kept its worktree until the next restart.
  it('Cancelled while waiting for a retry: drops the retry, snapshots the work and removes the worktree at once', async () => {
    h = await EngineHarness.start({ scenario: 'write-then-fail' });
    const harness = h;
    await h.api('POST', '/api/v1/tickets', { title: 'Fails once' });
    await expect.poll(async () => (await harness.state()).counts.retrying, WAIT).toBe(1);
    const worktree = path.join(h.dir, 'workspaces', 'BAT-1');
    expect(await readFile(path.join(worktree, 'wip.txt'), 'utf8')).toBe('work before the failure\n');

    expect((await h.api('PATCH', '/api/v1/tickets/BAT-1', { state: 'Cancelled' })).status).toBe(200);
    // Well before the 10 s backoff ends: the cleanup follows the move, not the retry timer.
    await expect.poll(() => exists(worktree), { timeout: 8_000, interval: 50 }).toBe(false);
    expect(await git(h.repo!, 'show', 'refs/baton/snapshots/BAT-1/1:wip.txt')).toBe('work before the failure');
    expect((await h.state()).counts).toMatchObject({ running: 0, retrying: 0 });
  });

  it('Done from review (no run active): snapshots and removes the worktree at once', async () => {
    h = await EngineHarness.start({ scenario: 'happy' });
    const harness = h;
    await h.api('POST', '/api/v1/tickets', { title: 'Quick task' });
    await expect.poll(async () => (await harness.ticket('BAT-1')).state, WAIT).toBe('Human Review');
    await expect.poll(() => harness.runsEnded('BAT-1'), WAIT).toBe(1);
    const worktree = path.join(h.dir, 'workspaces', 'BAT-1');
    expect(await exists(worktree)).toBe(true);

    expect((await h.api('PATCH', '/api/v1/tickets/BAT-1', { state: 'Done' })).status).toBe(200);
    await expect.poll(() => exists(worktree), WAIT).toBe(false);
    expect(await git(h.repo!, 'show', 'refs/baton/snapshots/BAT-1/1:src/hello.txt')).toBe('hello from turn 1');
  });

  // Regression: a run that had already handed its ticket off was recorded as `canceled` ("stopped:
  // inactive") when the next poll saw the ticket in Human Review while after_run was still running.
  it('a handed-off run stays handed_off although reconciliation stops it during after_run', async () => {
    h = await EngineHarness.start({ scenario: 'happy', frontMatter: 'hooks:\n  after_run: sleep 0.6' });
    await h.api('POST', '/api/v1/tickets', { title: 'Quick task' });
    const harness = h;
    await expect.poll(() => harness.runsEnded('BAT-1'), WAIT).toBe(1);
    const runs = h.engine.store.runs.listRuns('BAT-1');
    expect(runs.ok ? runs.value.map((r) => [r.status, r.error]) : runs.error).toEqual([['handed_off', null]]);
    const ended = (await h.events('BAT-1')).find((e) => e.data.event === 'run_ended');
    expect(ended?.data).toMatchObject({ status: 'handed_off', error: null });
  });
});
