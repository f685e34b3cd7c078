import { describe, expect, it } from 'vitest';
import { testConfig, testIssue } from '../../../test/fixtures/service-config.js';
import type { Effect } from './effects.js';
import { initialState, type OrchestratorState } from './state.js';
import {
  applyUpdate,
  detectStalls,
  dispatchCandidates,
  issueEnded,
  reconcileStates,
  retryFired,
  tokenDelta,
  workerExited,
  type Env,
} from './transitions.js';

function env(now = 1_000_000, overrides: Parameters<typeof testConfig>[0] = {}): Env {
  let n = 0;
  return { config: testConfig(overrides), now, newRunId: () => `run-${++n}` };
}

const launched = (effects: Effect[]) => effects.filter((e) => e.type === 'launch').map((e) => (e as { issue: { identifier: string } }).issue.identifier);

function running(...ids: number[]): OrchestratorState {
  return dispatchCandidates(initialState(), ids.map((n) => testIssue(n)), env()).state;
}

describe('dispatchCandidates (SPEC §8.2–8.3)', () => {
  it.each([
    {
      name: 'sorts by priority, then oldest creation, then identifier; null priority last',
      issues: [testIssue(1, { priority: null }), testIssue(2, { priority: 3 }), testIssue(3, { priority: 1 }), testIssue(4, { priority: 1, created_at: '2025-01-01T00:00:00Z' })],
      config: {},
      expected: ['BAT-4', 'BAT-3', 'BAT-2', 'BAT-1'],
    },
    {
      name: 'skips issues whose state is not active',
      issues: [testIssue(1, { state: 'Backlog' }), testIssue(2, { state: 'Human Review' }), testIssue(3, { state: 'In Progress' })],
      config: {},
      expected: ['BAT-3'],
    },
    {
      name: 'an issue the adapter marks dispatchable=false is not eligible, whatever its blockers say',
      issues: [testIssue(1, { dispatchable: false }), testIssue(2, { dispatchable: true, blocked_by: [{ id: 'x', identifier: 'BAT-9', state: 'In Progress' }] })],
      config: {},
      expected: ['BAT-2'],
    },
    {
      name: 'required labels: every one must be present, compared case-insensitively',
      issues: [testIssue(1, { labels: ['symphony'] }), testIssue(2, { labels: ['backend', 'symphony'] }), testIssue(3, { labels: [] })],
      config: { tracker: { required_labels: ['symphony', 'backend'] } },
      expected: ['BAT-2'],
    },
    {
      name: 'required labels match an adapter label spelled in another case or with spaces',
      issues: [testIssue(1, { labels: [' Symphony '] })],
      config: { tracker: { required_labels: ['symphony'] } },
      expected: ['BAT-1'],
    },
    {
      name: 'a blank required label matches no issue',
      issues: [testIssue(1, { labels: ['symphony', ''] })],
      config: { tracker: { required_labels: ['symphony', ''] } },
      expected: [],
    },
    {
      name: 'priorities 1..4 rank first; 0, 7 and null sort after them by creation time',
      issues: [testIssue(1, { priority: 0 }), testIssue(2, { priority: 7 }), testIssue(3, { priority: 4 }), testIssue(4, { priority: null })],
      config: {},
      expected: ['BAT-3', 'BAT-1', 'BAT-2', 'BAT-4'],
    },
    {
      name: 'global concurrency stops dispatch when slots run out',
      issues: [testIssue(1), testIssue(2), testIssue(3)],
      config: { agent: { max_concurrent_agents: 2 } },
      expected: ['BAT-1', 'BAT-2'],
    },
    {
      name: 'per-state limits count running issues by state (normalized keys)',
      issues: [testIssue(1), testIssue(2), testIssue(3, { state: 'In Progress' })],
      config: { agent: { max_concurrent_agents_by_state: { todo: 1 } } },
      expected: ['BAT-1', 'BAT-3'],
    },
    {
      name: 'issues missing required fields are skipped',
      issues: [testIssue(1, { title: '' }), testIssue(2)],
      config: {},
      expected: ['BAT-2'],
    },
  ])('$name', ({ issues, config, expected }) => {
    const step = dispatchCandidates(initialState(), issues, env(1_000_000, config));
    expect(launched(step.effects)).toEqual(expected);
    expect([...step.state.claimed].sort()).toEqual(expected.map((i) => `id-${i.slice(4)}`).sort());
  });

  it('never dispatches an issue that is already running or claimed', () => {
    const s = running(1);
    const step = dispatchCandidates(s, [testIssue(1), testIssue(2)], env());
    expect(launched(step.effects)).toEqual(['BAT-2']);
  });
});

describe('workerExited (SPEC §16.6)', () => {
  it('a normal exit schedules a 1 s continuation retry with attempt 1', () => {
    const s = running(1);
    const step = workerExited(s, 'id-1', 'run-1', { kind: 'normal' }, env(1_005_000));
    expect(step.state.running.size).toBe(0);
    expect(step.state.claimed.has('id-1')).toBe(true);
    expect(step.state.retry.get('id-1')).toMatchObject({ attempt: 1, kind: 'continuation', due_at: 1_006_000, error: null });
    expect(step.effects).toContainEqual({ type: 'arm_retry', issue_id: 'id-1', delay_ms: 1_000 });
    expect(step.state.seconds_ended).toBe(5);
    expect(step.state.completed.has('id-1')).toBe(true);
  });

  it.each([
    { attempt: null, expectedAttempt: 1, delay: 10_000 },
    { attempt: 1, expectedAttempt: 2, delay: 20_000 },
    { attempt: 3, expectedAttempt: 4, delay: 80_000 },
    { attempt: 10, expectedAttempt: 11, delay: 300_000 },
  ])('an abnormal exit from attempt $attempt retries as attempt $expectedAttempt after $delay ms', ({ attempt, expectedAttempt, delay }) => {
    const e = env();
    let s = initialState();
    s = retryDispatch(s, attempt, e);
    const step = workerExited(s, 'id-1', 'run-1', { kind: 'failed', error: { code: 'turn_failed', message: 'boom' } }, e);
    expect(step.state.retry.get('id-1')).toMatchObject({ attempt: expectedAttempt, kind: 'failure', error: 'turn_failed: boom', identifier: 'BAT-1' });
    expect(step.effects).toContainEqual({ type: 'arm_retry', issue_id: 'id-1', delay_ms: delay });
    expect(step.state.history.get('id-1')?.restart_count).toBe(1);
  });

  it('the backoff cap follows agent.max_retry_backoff_ms', () => {
    const e = env(0, { agent: { max_retry_backoff_ms: 15_000 } });
    const s = retryDispatch(initialState(), 2, e);
    const step = workerExited(s, 'id-1', 'run-1', { kind: 'failed', error: { code: 'x', message: 'y' } }, e);
    expect(step.effects).toContainEqual({ type: 'arm_retry', issue_id: 'id-1', delay_ms: 15_000 });
  });

  it('ignores the exit of a run that is no longer the current one', () => {
    const s = running(1);
    const step = workerExited(s, 'id-1', 'run-old', { kind: 'normal' }, env());
    expect(step.state).toBe(s);
    expect(step.effects).toEqual([]);
  });
});

function retryDispatch(s: OrchestratorState, attempt: number | null, e: Env): OrchestratorState {
  if (attempt === null) return dispatchCandidates(s, [testIssue(1)], e).state;
  const withRetry: OrchestratorState = {
    ...s,
    claimed: new Set(['id-1']),
    retry: new Map([['id-1', { issue_id: 'id-1', identifier: 'BAT-1', attempt, due_at: 0, error: 'x', kind: 'failure' as const }]]),
  };
  return retryFired(withRetry, 'id-1', [testIssue(1)], e).state;
}

describe('retryFired (SPEC §8.4)', () => {
  const queued = (attempt = 2): OrchestratorState => ({
    ...initialState(),
    claimed: new Set(['id-1']),
    retry: new Map([['id-1', { issue_id: 'id-1', identifier: 'BAT-1', attempt, due_at: 0, error: 'e', kind: 'failure' as const }]]),
  });

  it('re-dispatches a still-active issue with the retry attempt', () => {
    const step = retryFired(queued(), 'id-1', [testIssue(1)], env());
    expect(step.effects).toContainEqual(expect.objectContaining({ type: 'launch', attempt: 2 }));
    expect(step.state.retry.size).toBe(0);
    expect(step.state.running.get('id-1')?.retry_attempt).toBe(2);
  });

  it('releases the claim when the issue is no longer a candidate', () => {
    const step = retryFired(queued(), 'id-1', [], env());
    expect(step.state.claimed.has('id-1')).toBe(false);
    expect(step.effects).toEqual([]);
  });

  it('requeues with an explicit reason when no slot is free', () => {
    const busy = dispatchCandidates(queued(), [testIssue(2)], env(0, { agent: { max_concurrent_agents: 1 } })).state;
    const step = retryFired(busy, 'id-1', [testIssue(1)], env(0, { agent: { max_concurrent_agents: 1 } }));
    expect(step.state.retry.get('id-1')).toMatchObject({ attempt: 3, error: 'no available orchestrator slots' });
  });

  it('requeues when the candidate fetch failed', () => {
    const step = retryFired(queued(), 'id-1', null, env());
    expect(step.state.retry.get('id-1')).toMatchObject({ attempt: 3, error: 'retry poll failed' });
  });

  // Issue 7: a ticket cancelled while it waited for its retry kept its worktree until a restart.
  it('cleans up the workspace when the issue reached a terminal state while it waited', () => {
    const step = retryFired(queued(), 'id-1', [], env(), testIssue(1, { state: 'Cancelled' }));
    expect(step.state.claimed.has('id-1')).toBe(false);
    expect(step.state.retry.size).toBe(0);
    expect(step.effects).toEqual([{ type: 'cleanup_workspace', issue_id: 'id-1', identifier: 'BAT-1', after_run_id: null }]);
  });

  it('only releases the claim when the issue left the active states for a non-terminal one', () => {
    const step = retryFired(queued(), 'id-1', [], env(), testIssue(1, { state: 'Backlog' }));
    expect(step.state.claimed.has('id-1')).toBe(false);
    expect(step.effects).toEqual([]);
  });

  it('releases the claim when the issue became undispatchable', () => {
    const blocked = testIssue(1, { dispatchable: false });
    const step = retryFired(queued(), 'id-1', [blocked], env());
    expect(step.state.claimed.has('id-1')).toBe(false);
    expect(step.effects.filter((e) => e.type === 'launch')).toEqual([]);
  });

  it('releases the claim when a required label was removed while it waited', () => {
    const step = retryFired(queued(), 'id-1', [testIssue(1, { labels: [] })], env(1_000_000, { tracker: { required_labels: ['symphony'] } }));
    expect(step.state.claimed.has('id-1')).toBe(false);
    expect(step.effects.filter((e) => e.type === 'launch')).toEqual([]);
  });
});

describe('issueEnded', () => {
  const waiting = (): OrchestratorState => ({
    ...initialState(),
    claimed: new Set(['id-1']),
    retry: new Map([['id-1', { issue_id: 'id-1', identifier: 'BAT-1', attempt: 2, due_at: 0, error: 'e', kind: 'failure' as const }]]),
  });

  it('drops the pending retry and removes the workspace of a ticket that ended while it waited', () => {
    const step = issueEnded(waiting(), testIssue(1, { state: 'Done' }), env());
    expect(step.state.retry.size).toBe(0);
    expect(step.state.claimed.size).toBe(0);
    expect(step.effects).toEqual([
      { type: 'cancel_retry', issue_id: 'id-1' },
      { type: 'cleanup_workspace', issue_id: 'id-1', identifier: 'BAT-1', after_run_id: null },
    ]);
  });

  it('removes the workspace of a ticket that ended outside any run (from review)', () => {
    expect(issueEnded(initialState(), testIssue(3, { state: 'Cancelled' }), env()).effects).toEqual([
      { type: 'cleanup_workspace', issue_id: 'id-3', identifier: 'BAT-3', after_run_id: null },
    ]);
  });

  it('leaves a running ticket to reconciliation, and ignores non-terminal changes', () => {
    const s = running(1);
    expect(issueEnded(s, testIssue(1, { state: 'Cancelled' }), env())).toEqual({ state: s, effects: [] });
    const w = waiting();
    expect(issueEnded(w, testIssue(1, { state: 'Rework' }), env())).toEqual({ state: w, effects: [] });
  });
});

describe('reconcileStates (SPEC §8.5 part B)', () => {
  it('is a no-op with no running issues', () => {
    const s = initialState();
    const step = reconcileStates(s, [], [], env());
    expect(step.effects).toEqual([]);
    expect(step.state.running.size).toBe(0);
  });

  it('updates the snapshot of a still-active issue', () => {
    const step = reconcileStates(running(1), ['id-1'], [testIssue(1, { state: 'In Progress', title: 'Renamed' })], env());
    expect(step.state.running.get('id-1')?.issue).toMatchObject({ state: 'In Progress', title: 'Renamed' });
    expect(step.effects).toEqual([]);
  });

  it('stops a terminal issue, releases it and cleans its workspace', () => {
    const step = reconcileStates(running(1), ['id-1'], [testIssue(1, { state: 'Done' })], env());
    expect(step.state.running.size).toBe(0);
    expect(step.state.claimed.has('id-1')).toBe(false);
    expect(step.effects).toEqual([
      { type: 'stop', issue_id: 'id-1', run_id: 'run-1', reason: 'terminal' },
      { type: 'cleanup_workspace', issue_id: 'id-1', identifier: 'BAT-1', after_run_id: 'run-1' },
    ]);
  });

  it('stops a non-active, non-terminal issue without cleanup', () => {
    const step = reconcileStates(running(1), ['id-1'], [testIssue(1, { state: 'Human Review' })], env());
    expect(step.effects).toEqual([{ type: 'stop', issue_id: 'id-1', run_id: 'run-1', reason: 'inactive' }]);
    expect(step.state.claimed.has('id-1')).toBe(false);
  });

  it('stops an active issue that is no longer routable (required label removed, dispatchable=false) without cleanup', () => {
    const labelled = env(1_000_000, { tracker: { required_labels: ['symphony'] } });
    const state = dispatchCandidates(initialState(), [testIssue(1, { labels: ['symphony'] }), testIssue(2, { labels: ['symphony'] })], labelled).state;
    const step = reconcileStates(state, ['id-1', 'id-2'], [testIssue(1, { state: 'In Progress', labels: [] }), testIssue(2, { state: 'In Progress', labels: ['symphony'], dispatchable: false })], labelled);
    expect(step.effects.filter((e) => e.type !== 'log')).toEqual([
      { type: 'stop', issue_id: 'id-1', run_id: 'run-1', reason: 'inactive' },
      { type: 'stop', issue_id: 'id-2', run_id: 'run-2', reason: 'inactive' },
    ]);
    expect(step.state.running.size).toBe(0);
    expect(step.state.claimed.size).toBe(0);
  });

  it('stops an issue the tracker no longer returns', () => {
    const step = reconcileStates(running(1), ['id-1'], [], env());
    expect(step.effects[0]).toEqual({ type: 'stop', issue_id: 'id-1', run_id: 'run-1', reason: 'inactive' });
  });
});

describe('detectStalls (SPEC §8.5 part A)', () => {
  it('kills and retries a run silent for longer than stall_timeout_ms', () => {
    const s = running(1);
    const step = detectStalls(s, () => null, env(1_000_000 + 300_001));
    expect(step.effects[0]).toEqual({ type: 'stop', issue_id: 'id-1', run_id: 'run-1', reason: 'stalled' });
    expect(step.state.retry.get('id-1')).toMatchObject({ attempt: 1, kind: 'failure' });
    expect(step.state.running.size).toBe(0);
  });

  it('counts agent activity (events or terminal output) as liveness', () => {
    const s = applyUpdate(running(1), 'id-1', 'run-1', { at: 1_200_000, event: 'notification' }).state;
    expect(detectStalls(s, () => null, env(1_400_000)).effects).toEqual([]);
    expect(detectStalls(running(1), () => 1_350_000, env(1_400_000)).effects).toEqual([]);
  });

  it('is disabled when stall_timeout_ms <= 0', () => {
    const step = detectStalls(running(1), () => null, env(10_000_000_000, { codex: { stall_timeout_ms: 0 } }));
    expect(step.effects).toEqual([]);
  });
});

describe('applyUpdate and token accounting (SPEC §13.5)', () => {
  it('accumulates deltas of absolute totals without double counting repeats', () => {
    let s = running(1);
    const abs = (i: number, o: number) => ({ input_tokens: i, output_tokens: o, total_tokens: i + o });
    for (const t of [abs(100, 10), abs(100, 10), abs(250, 40), abs(250, 40)]) {
      s = applyUpdate(s, 'id-1', 'run-1', { at: 1, event: 'token_usage', absolute_tokens: t }).state;
    }
    expect(s.running.get('id-1')?.tokens).toEqual(abs(250, 40));
    expect(s.totals).toEqual(abs(250, 40));
  });

  it('keeps the latest rate limits and live session fields', () => {
    const s = applyUpdate(running(1), 'id-1', 'run-1', {
      at: 5, event: 'turn_started', session_id: 'thr-turn', turn_count: 2, message: 'hi', rate_limits: { primary: { usedPercent: 5 } },
    }).state;
    expect(s.rate_limits).toEqual({ primary: { usedPercent: 5 } });
    expect(s.running.get('id-1')).toMatchObject({ session_id: 'thr-turn', turn_count: 2, last_message: 'hi', last_event: 'turn_started', last_event_at: 5 });
  });

  it('a smaller absolute total (a new thread) counts whole', () => {
    expect(tokenDelta({ input_tokens: 500, output_tokens: 50, total_tokens: 550 }, { input_tokens: 20, output_tokens: 5, total_tokens: 25 }))
      .toEqual({ input_tokens: 20, output_tokens: 5, total_tokens: 25 });
  });
});
