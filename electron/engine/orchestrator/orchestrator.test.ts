import { afterEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain/issue.js';
import { testConfig, testIssue } from '../../../test/fixtures/service-config.js';
import { ManualClock, flushMicrotasks } from '../../../test/mocks/manual-clock.js';
import { silentLogger } from '../lib/logger.js';
import { err, ok, type Result } from '../lib/result.js';
import type { TrackerReader } from '../tracker/tracker.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import { Orchestrator } from './orchestrator.js';
import type { LaunchRequest, StopReason, WorkerLauncher, WorkerSink } from './worker.js';

/** A tracker held in memory: the orchestrator reads it exactly as it would a real one. */
class MemoryTracker implements TrackerReader {
  issues = new Map<string, Issue>();
  failCandidates = false;
  constructor(private readonly config: () => ServiceConfig) {}
  put(issue: Issue) {
    this.issues.set(issue.id, issue);
  }
  async fetchCandidateIssues(): Promise<Result<Issue[]>> {
    if (this.failCandidates) return err('tracker_unavailable', 'down');
    const active = this.config().tracker.active_states.map((s) => s.toLowerCase());
    return ok([...this.issues.values()].filter((i) => active.includes(i.state.toLowerCase())));
  }
  async fetchIssuesByStates(states: string[]): Promise<Result<Issue[]>> {
    const want = states.map((s) => s.toLowerCase());
    return ok([...this.issues.values()].filter((i) => want.includes(i.state.toLowerCase())));
  }
  async fetchIssueStatesByIds(ids: string[]): Promise<Result<Issue[]>> {
    return ok(ids.flatMap((id) => (this.issues.has(id) ? [this.issues.get(id)!] : [])));
  }
}

/** Workers the test drives by hand: each launch is recorded with its sink and stop reason. */
class ScriptedLauncher implements WorkerLauncher {
  runs: { request: LaunchRequest; sink: WorkerSink; stopped: StopReason | null; activity: number | null }[] = [];
  launch(request: LaunchRequest, sink: WorkerSink) {
    const run = { request, sink, stopped: null as StopReason | null, activity: null as number | null };
    this.runs.push(run);
    return {
      stop: async (reason: StopReason) => {
        run.stopped = reason;
      },
      lastActivityAt: () => run.activity,
    };
  }
  last() {
    return this.runs[this.runs.length - 1]!;
  }
}

describe('Orchestrator service', () => {
  let orchestrator: Orchestrator | null = null;
  afterEach(async () => {
    await orchestrator?.stop();
    orchestrator = null;
  });

  function setup(overrides: Parameters<typeof testConfig>[0] = {}) {
    const clock = new ManualClock();
    let config = testConfig({ polling: { interval_ms: 5_000 }, ...overrides });
    const tracker = new MemoryTracker(() => config);
    const launcher = new ScriptedLauncher();
    const removed: string[] = [];
    let valid: Result<void> = ok(undefined);
    let n = 0;
    /** What the next reloadIfChanged() finds in the file (null: unchanged), and how often it was asked. */
    const file = { next: null as ServiceConfig | null, reloads: 0 };
    orchestrator = new Orchestrator({
      workflow: {
        current: () => ({ config, definition: { path: '/w/WORKFLOW.md', config: {}, prompt_template: '' }, loaded_at: 0 }),
        reloadIfChanged: async () => {
          file.reloads += 1;
          if (file.next) [config, file.next] = [file.next, null];
        },
      },
      validate: () => valid,
      tracker,
      launcher,
      workspaces: { remove: async (id) => (removed.push(id), ok(null)) },
      clock,
      logger: silentLogger(),
      newRunId: () => `run-${++n}`,
    });
    return {
      clock, tracker, launcher, removed, orchestrator, file,
      setValid: (r: Result<void>) => (valid = r),
      setConfig: (c: ServiceConfig) => (config = c),
    };
  }

  it('refuses to start when startup validation fails', async () => {
    const t = setup();
    t.setValid(err('unsupported_tracker_kind', 'tracker.kind "jira" is not supported'));
    const started = await t.orchestrator.start();
    expect(started).toEqual(err('unsupported_tracker_kind', 'tracker.kind "jira" is not supported'));
    expect(t.clock.pending()).toBe(0);
  });

  it('cleans workspaces of terminal issues at startup, then dispatches active ones', async () => {
    const t = setup();
    t.tracker.put(testIssue(1, { state: 'Done' }));
    t.tracker.put(testIssue(2, { state: 'Todo' }));
    await t.orchestrator.start();
    await t.clock.advance(0);
    expect(t.removed).toEqual(['BAT-1']);
    expect(t.launcher.runs.map((r) => r.request.issue.identifier)).toEqual(['BAT-2']);
    expect(t.orchestrator.snapshot().counts).toEqual({ running: 1, retrying: 0 });
  });

  it('running and retry rows carry the tracker URL of the issue (SPEC §13.3), null when it has none', async () => {
    const t = setup();
    t.tracker.put(testIssue(1, { url: 'https://tracker.example/issues/BAT-1' }));
    t.tracker.put(testIssue(2));
    await t.orchestrator.start();
    await t.clock.advance(0);
    expect(t.orchestrator.snapshot().running.map((r) => [r.issue_identifier, r.issue_url])).toEqual([
      ['BAT-1', 'https://tracker.example/issues/BAT-1'],
      ['BAT-2', null],
    ]);
    t.launcher.runs[0]!.sink.exit({ kind: 'failed', error: { code: 'port_exit', message: 'agent exited with code 1' } });
    expect(t.orchestrator.snapshot().retrying.map((r) => [r.issue_identifier, r.issue_url])).toEqual([['BAT-1', 'https://tracker.example/issues/BAT-1']]);
  });

  it('a failing worker shows under retrying with its error and backoff, then is retried', async () => {
    const t = setup();
    t.tracker.put(testIssue(1));
    await t.orchestrator.start();
    await t.clock.advance(0);
    t.launcher.last().sink.exit({ kind: 'failed', error: { code: 'port_exit', message: 'agent exited with code 1' } });
    const snap = t.orchestrator.snapshot();
    expect(snap.retrying).toEqual([
      expect.objectContaining({ issue_identifier: 'BAT-1', attempt: 1, error: 'port_exit: agent exited with code 1', due_at: new Date(t.clock.now() + 10_000).toISOString() }),
    ]);
    await t.clock.advance(10_000);
    expect(t.launcher.runs).toHaveLength(2);
    expect(t.launcher.last().request.attempt).toBe(1);
  });

  it('a retry re-reads WORKFLOW.md before it dispatches, like a first dispatch (issue 7: retries skipped the reload)', async () => {
    // Polls far apart: within the 10 s backoff only the retry itself can read the file.
    const t = setup({ polling: { interval_ms: 600_000 }, agent: { max_retry_backoff_ms: 10_000 } });
    t.tracker.put(testIssue(1));
    await t.orchestrator.start();
    await t.clock.advance(0);
    t.launcher.last().sink.exit({ kind: 'failed', error: { code: 'port_exit', message: 'agent exited with code 1' } });
    // The file changed while the retry waited, and no watch event said so: the retry must see it.
    const edited = testConfig({ polling: { interval_ms: 600_000 }, agent: { max_retry_backoff_ms: 10_000, max_turns: 7 } });
    t.file.next = edited;
    const reloadsBefore = t.file.reloads;
    await t.clock.advance(10_000);
    expect(t.file.reloads).toBe(reloadsBefore + 1);
    expect(t.file.next).toBeNull();
    expect(t.launcher.runs).toHaveLength(2);
  });

  it('a retry whose dispatch preflight fails waits another backoff with the reason instead of dispatching', async () => {
    const t = setup({ agent: { max_retry_backoff_ms: 10_000 } });
    t.tracker.put(testIssue(1));
    await t.orchestrator.start();
    await t.clock.advance(0);
    t.launcher.last().sink.exit({ kind: 'failed', error: { code: 'port_exit', message: 'agent exited with code 1' } });
    t.setValid(err('missing_codex_command', 'codex.command is empty'));
    await t.clock.advance(10_000);
    expect(t.launcher.runs).toHaveLength(1);
    expect(t.orchestrator.snapshot().retrying).toEqual([expect.objectContaining({ issue_identifier: 'BAT-1', attempt: 2, error: expect.stringContaining('codex.command is empty') })]);
    expect(t.orchestrator.lastValidationError()?.code).toBe('missing_codex_command');
    t.setValid(ok(undefined));
    await t.clock.advance(10_000);
    expect(t.launcher.runs).toHaveLength(2);
    expect(t.launcher.last().request.attempt).toBe(2);
  });

  it('stops a run whose ticket went terminal and cleans its workspace after the stop', async () => {
    const t = setup();
    t.tracker.put(testIssue(1));
    await t.orchestrator.start();
    await t.clock.advance(0);
    t.tracker.put(testIssue(1, { state: 'Cancelled' }));
    await t.clock.advance(5_000);
    expect(t.launcher.runs[0]!.stopped).toBe('terminal');
    expect(t.removed).toEqual(['BAT-1']);
    expect(t.orchestrator.snapshot().counts.running).toBe(0);
  });

  it('kills a stalled run and schedules a retry', async () => {
    const t = setup({ codex: { stall_timeout_ms: 60_000 } });
    t.tracker.put(testIssue(1));
    await t.orchestrator.start();
    await t.clock.advance(0);
    await t.clock.advance(65_000);
    expect(t.launcher.runs[0]!.stopped).toBe('stalled');
    expect(t.orchestrator.snapshot().retrying[0]).toMatchObject({ issue_identifier: 'BAT-1', attempt: 1 });
  });

  it('skips dispatch but still reconciles while the config is invalid', async () => {
    const t = setup();
    t.tracker.put(testIssue(1));
    await t.orchestrator.start();
    await t.clock.advance(0);
    t.setValid(err('missing_codex_command', 'codex.command is empty'));
    t.tracker.put(testIssue(2));
    t.tracker.put(testIssue(1, { state: 'Human Review' }));
    await t.clock.advance(5_000);
    expect(t.launcher.runs[0]!.stopped).toBe('inactive');
    expect(t.launcher.runs).toHaveLength(1);
    expect(t.orchestrator.lastValidationError()?.code).toBe('missing_codex_command');
  });

  it('keeps polling after a candidate fetch failure', async () => {
    const t = setup();
    t.tracker.failCandidates = true;
    t.tracker.put(testIssue(1));
    await t.orchestrator.start();
    await t.clock.advance(0);
    expect(t.launcher.runs).toHaveLength(0);
    t.tracker.failCandidates = false;
    await t.clock.advance(5_000);
    expect(t.launcher.runs).toHaveLength(1);
  });

  it('a normal exit continues after 1 s and releases the claim once the ticket left the active states', async () => {
    const t = setup();
    t.tracker.put(testIssue(1));
    await t.orchestrator.start();
    await t.clock.advance(0);
    t.tracker.put(testIssue(1, { state: 'Human Review' }));
    t.launcher.last().sink.exit({ kind: 'normal' });
    expect(t.orchestrator.snapshot().retrying[0]).toMatchObject({ attempt: 1, kind: 'continuation' });
    await t.clock.advance(1_000);
    expect(t.orchestrator.snapshot().retrying).toEqual([]);
    expect(t.launcher.runs).toHaveLength(1);
    t.tracker.put(testIssue(1, { state: 'Rework' }));
    await t.clock.advance(5_000);
    expect(t.launcher.runs).toHaveLength(2);
  });

  it('accumulates tokens and rate limits from worker updates into the snapshot', async () => {
    const t = setup();
    t.tracker.put(testIssue(1));
    await t.orchestrator.start();
    await t.clock.advance(0);
    const run = t.launcher.last();
    run.sink.update({ at: t.clock.now(), event: 'token_usage', absolute_tokens: { input_tokens: 10, output_tokens: 5, total_tokens: 15 } });
    run.sink.update({ at: t.clock.now(), event: 'token_usage', absolute_tokens: { input_tokens: 30, output_tokens: 5, total_tokens: 35 }, rate_limits: { limitId: 'codex' } });
    await t.clock.advance(2_000);
    const snap = t.orchestrator.snapshot();
    expect(snap.codex_totals).toMatchObject({ input_tokens: 30, output_tokens: 5, total_tokens: 35, seconds_running: 2 });
    expect(snap.rate_limits).toEqual({ limitId: 'codex' });
    expect(snap.running[0]!.tokens.total_tokens).toBe(35);
  });

  it('stop() stops every worker and leaves no timer armed', async () => {
    const t = setup();
    t.tracker.put(testIssue(1));
    t.tracker.put(testIssue(2));
    await t.orchestrator.start();
    await t.clock.advance(0);
    await t.orchestrator.stop();
    orchestrator = null;
    await flushMicrotasks();
    expect(t.launcher.runs.map((r) => r.stopped)).toEqual(['shutdown', 'shutdown']);
    expect(t.clock.pending()).toBe(0);
  });
});
