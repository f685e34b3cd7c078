import type { Issue } from '../../../shared/domain/issue.js';
import type { TokenTotals } from '../../../shared/domain/tokens.js';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { Emitter, type EventSubscription } from '../lib/emitter.js';
import type { Logger } from '../lib/logger.js';
import { errorMessage, type BatonError, type Result } from '../lib/result.js';
import type { Tracker, TrackerReader } from '../tracker/tracker.js';
import type { EffectiveWorkflow, ServiceConfig } from '../workflow/config-types.js';
import type { Effect } from './effects.js';
import { buildSnapshot, runningRow, type RetryRow, type RunningRow, type RuntimeSnapshot } from './snapshot.js';
import { initialState, type IssueHistory, type OrchestratorState } from './state.js';
import {
  applyUpdate,
  detectStalls,
  dispatchCandidates,
  issueEnded,
  reconcileStates,
  retryBlocked,
  retryFired,
  tokenDelta,
  workerExited,
  type Env,
  type Step,
} from './transitions.js';
import type { StopReason, WorkerHandle, WorkerLauncher, WorkerOutcome, WorkerUpdate } from './worker.js';

export interface WorkflowSource {
  current(): EffectiveWorkflow;
  reloadIfChanged(): Promise<void>;
}

export interface WorkspaceRemover {
  remove(identifier: string): Promise<Result<unknown>>;
}

export interface OrchestratorDeps {
  workflow: WorkflowSource;
  validate: (config: ServiceConfig) => Result<void>;
  tracker: TrackerReader & Partial<Pick<Tracker, 'onIssueChanged'>>;
  launcher: WorkerLauncher;
  workspaces: WorkspaceRemover;
  clock: Clock;
  logger: Logger;
  newRunId: () => string;
  /** Told about every token delta, so spend can be persisted per day. */
  onTokens?: (delta: TokenTotals) => void;
  /**
   * Whether the landing queue is landing the ticket right now. It removes that workspace itself once the
   * work is on the base branch (and so needs no snapshot); a terminal-state cleanup here meanwhile
   * would race it and snapshot work that has just landed.
   */
  landingActive?: (identifier: string) => boolean;
}

export interface IssueRuntime {
  running: RunningRow | null;
  retry: RetryRow | null;
  history: IssueHistory | null;
}

/**
 * The orchestrator service (SPEC §7, §8, §16): owns the poll loop, timers and workers, and is the
 * single writer of scheduling state. Every change goes through a pure transition (transitions.ts)
 * whose effects are carried out here, in order.
 */
export class Orchestrator {
  private state: OrchestratorState = initialState();
  private readonly workers = new Map<string, WorkerHandle>();
  private readonly stopping = new Map<string, Promise<void>>();
  private readonly retryTimers = new Map<string, TimerHandle>();
  private readonly changes: Emitter<void>;
  private tickTimer: TimerHandle | null = null;
  private ticking: Promise<void> | null = null;
  private tickQueued = false;
  private stopped = false;
  private validationError: BatonError | null = null;
  private trackerSubscription: EventSubscription | null = null;

  constructor(private readonly deps: OrchestratorDeps) {
    this.changes = new Emitter((e) => deps.logger.error({ err: errorMessage(e) }, 'state listener failed'));
  }

  /** Startup (SPEC §16.1): validate, clean terminal workspaces, then poll at once. */
  async start(): Promise<Result<void>> {
    const validation = this.deps.validate(this.config());
    if (!validation.ok) {
      this.deps.logger.error({ code: validation.error.code }, `startup validation failed: ${validation.error.message}`);
      return validation;
    }
    await this.startupCleanup();
    // A ticket that ends while none of its runs is active (cancelled while it waits for a retry,
    // done or cancelled from review) loses its workspace now rather than at the next restart.
    this.trackerSubscription = this.deps.tracker.onIssueChanged?.((issue) => {
      if (this.stopped) return;
      const step = issueEnded(this.state, issue, this.env());
      if (step.effects.length > 0) this.apply(step);
    }) ?? null;
    this.scheduleTick(0);
    return validation;
  }

  /** Queues an immediate poll + reconcile; repeated requests while one is pending coalesce. */
  requestRefresh(): { coalesced: boolean } {
    if (this.stopped) return { coalesced: true };
    const coalesced = this.ticking !== null ? this.tickQueued : false;
    if (this.ticking) this.tickQueued = true;
    else this.scheduleTick(0);
    return { coalesced };
  }

  snapshot(): RuntimeSnapshot {
    return buildSnapshot(this.state, this.deps.clock.now());
  }

  /** The last dispatch-preflight failure, or null when the last tick validated. */
  lastValidationError(): BatonError | null {
    return this.validationError;
  }

  runtimeOf(issueId: string): IssueRuntime {
    const run = this.state.running.get(issueId);
    const retry = this.snapshot().retrying.find((r) => r.issue_id === issueId) ?? null;
    return { running: run ? runningRow(run) : null, retry, history: this.state.history.get(issueId) ?? null };
  }

  /** Runtime bookkeeping by identifier (for issues known to this process only). */
  findIssueId(identifier: string): string | null {
    return this.findKnown(identifier)?.issueId ?? null;
  }

  /** How this process spells an identifier it knows (tracker identifiers are case-insensitive), or null. */
  knownIdentifier(identifier: string): string | null {
    return this.findKnown(identifier)?.identifier ?? null;
  }

  private findKnown(identifier: string): { issueId: string; identifier: string } | null {
    const key = identifier.toLowerCase();
    for (const e of this.state.running.values()) if (e.identifier.toLowerCase() === key) return { issueId: e.issue_id, identifier: e.identifier };
    for (const r of this.state.retry.values()) if (r.identifier.toLowerCase() === key) return { issueId: r.issue_id, identifier: r.identifier };
    for (const [id, h] of this.state.history) if (h.identifier.toLowerCase() === key) return { issueId: id, identifier: h.identifier };
    return null;
  }

  /** Fires after every state change; listeners must be cheap (the server coalesces pushes). */
  onChange(listener: () => void): EventSubscription {
    return this.changes.on(listener);
  }

  /** Stops the loop and every worker (whole process trees), and clears all timers. */
  async stop(): Promise<void> {
    this.stopped = true;
    this.trackerSubscription?.dispose();
    if (this.tickTimer) this.deps.clock.clearTimeout(this.tickTimer);
    for (const t of this.retryTimers.values()) this.deps.clock.clearTimeout(t);
    this.retryTimers.clear();
    await this.ticking?.catch(() => undefined);
    const stops = [...this.workers.entries()].map(([runId, w]) => this.stopWorker(runId, w, 'shutdown'));
    await Promise.all([...stops, ...this.stopping.values()]);
  }

  private config(): ServiceConfig {
    return this.deps.workflow.current().config;
  }

  private env(): Env {
    return { config: this.config(), now: this.deps.clock.now(), newRunId: this.deps.newRunId };
  }

  private async startupCleanup(): Promise<void> {
    const terminal = await this.deps.tracker.fetchIssuesByStates(this.config().tracker.terminal_states);
    if (!terminal.ok) {
      this.deps.logger.warn({ code: terminal.error.code }, `startup terminal cleanup skipped: ${terminal.error.message}`);
      return;
    }
    for (const issue of terminal.value) await this.cleanupWorkspace(issue.id, issue.identifier);
  }

  private scheduleTick(delayMs: number): void {
    if (this.stopped) return;
    if (this.tickTimer) this.deps.clock.clearTimeout(this.tickTimer);
    this.tickTimer = this.deps.clock.setTimeout(() => {
      this.tickTimer = null;
      this.runTick();
    }, delayMs);
  }

  private runTick(): void {
    if (this.ticking) {
      this.tickQueued = true;
      return;
    }
    this.ticking = this.tick()
      .catch((e) => this.deps.logger.error({ err: errorMessage(e) }, 'poll tick failed'))
      .finally(() => {
        this.ticking = null;
        if (this.stopped) return;
        if (this.tickQueued) {
          this.tickQueued = false;
          this.scheduleTick(0);
        } else {
          this.scheduleTick(this.config().polling.interval_ms);
        }
      });
  }

  /** One poll tick (SPEC §16.2): reconcile, validate, fetch, dispatch, notify. */
  private async tick(): Promise<void> {
    await this.reconcile();
    await this.deps.workflow.reloadIfChanged();
    const validation = this.deps.validate(this.config());
    if (!validation.ok) {
      this.validationError = validation.error;
      this.deps.logger.error({ code: validation.error.code }, `dispatch skipped: ${validation.error.message}`);
      this.notify();
      return;
    }
    this.validationError = null;
    const candidates = await this.deps.tracker.fetchCandidateIssues();
    if (!candidates.ok) {
      this.deps.logger.error({ code: candidates.error.code }, `candidate fetch failed: ${candidates.error.message}`);
      this.notify();
      return;
    }
    if (this.stopped) return;
    this.apply(dispatchCandidates(this.state, candidates.value, this.env()));
  }

  private async reconcile(): Promise<void> {
    this.apply(detectStalls(this.state, (issueId) => this.activityOf(issueId), this.env()));
    const ids = [...this.state.running.keys()];
    if (ids.length === 0) return;
    const refreshed = await this.deps.tracker.fetchIssueStatesByIds(ids);
    if (!refreshed.ok) {
      this.deps.logger.warn({ code: refreshed.error.code }, `state refresh failed, keeping workers: ${refreshed.error.message}`);
      return;
    }
    this.apply(reconcileStates(this.state, ids, refreshed.value, this.env()));
  }

  private activityOf(issueId: string): number | null {
    const entry = this.state.running.get(issueId);
    return entry ? (this.workers.get(entry.run_id)?.lastActivityAt() ?? null) : null;
  }

  private apply(step: Step): void {
    this.state = step.state;
    for (const effect of step.effects) this.perform(effect);
    this.notify();
  }

  private perform(effect: Effect): void {
    switch (effect.type) {
      case 'launch':
        return this.launch(effect.issue, effect.attempt, effect.run_id);
      case 'stop': {
        const worker = this.workers.get(effect.run_id);
        if (worker) void this.stopWorker(effect.run_id, worker, effect.reason);
        return;
      }
      case 'cleanup_workspace':
        void this.afterStop(effect.after_run_id).then(() => this.cleanupWorkspace(effect.issue_id, effect.identifier));
        return;
      case 'arm_retry':
        return this.armRetry(effect.issue_id, effect.delay_ms);
      case 'cancel_retry': {
        const t = this.retryTimers.get(effect.issue_id);
        if (t) this.deps.clock.clearTimeout(t);
        this.retryTimers.delete(effect.issue_id);
        return;
      }
      case 'log':
        this.deps.logger[effect.level](effect.fields, effect.message);
        return;
    }
  }

  private launch(issue: Issue, attempt: number | null, runId: string): void {
    const log = this.deps.logger.child({ issue_id: issue.id, issue_identifier: issue.identifier, run_id: runId });
    let exited = false;
    const sink = {
      update: (u: WorkerUpdate) => {
        if (exited || this.stopped) return;
        const before = this.state.running.get(issue.id);
        this.apply(applyUpdate(this.state, issue.id, runId, u));
        if (u.absolute_tokens && before?.run_id === runId && this.deps.onTokens) {
          const delta = tokenDelta(before.last_reported, u.absolute_tokens);
          if (delta.total_tokens > 0 || delta.input_tokens > 0 || delta.output_tokens > 0) this.deps.onTokens(delta);
        }
      },
      exit: (outcome: WorkerOutcome) => {
        if (exited) return;
        exited = true;
        this.workers.delete(runId);
        if (outcome.kind === 'failed') log.warn({ code: outcome.error.code, phase: outcome.phase }, `run failed: ${outcome.error.message}`);
        else log.info('run completed');
        if (!this.stopped) this.apply(workerExited(this.state, issue.id, runId, outcome, this.env()));
      },
    };
    log.info({ attempt }, 'dispatching');
    try {
      this.workers.set(runId, this.deps.launcher.launch({ issue, attempt, run_id: runId }, sink));
    } catch (e) {
      sink.exit({ kind: 'failed', error: { code: 'spawn_failed', message: `failed to spawn agent: ${errorMessage(e)}` } });
    }
  }

  private stopWorker(runId: string, worker: WorkerHandle, reason: StopReason): Promise<void> {
    const existing = this.stopping.get(runId);
    if (existing) return existing;
    const p = worker
      .stop(reason)
      .catch((e) => this.deps.logger.error({ run_id: runId, err: errorMessage(e) }, 'worker stop failed'))
      .finally(() => {
        this.stopping.delete(runId);
        this.workers.delete(runId);
      });
    this.stopping.set(runId, p);
    return p;
  }

  private async afterStop(runId: string | null): Promise<void> {
    if (runId) await this.stopping.get(runId);
  }

  private async cleanupWorkspace(issueId: string, identifier: string): Promise<void> {
    if (this.deps.landingActive?.(identifier)) return;
    const result = await this.deps.workspaces.remove(identifier);
    if (!result.ok) {
      this.deps.logger.error({ issue_id: issueId, issue_identifier: identifier, code: result.error.code }, `workspace cleanup failed: ${result.error.message}`);
    }
  }

  private armRetry(issueId: string, delayMs: number): void {
    const prior = this.retryTimers.get(issueId);
    if (prior) this.deps.clock.clearTimeout(prior);
    this.retryTimers.set(issueId, this.deps.clock.setTimeout(() => void this.onRetryTimer(issueId), delayMs));
  }

  /**
   * A retry is a dispatch like any other: it re-reads WORKFLOW.md first (SPEC §6.2's defensive
   * reload, which retries used to skip, so a retry could start on a version the file no longer had)
   * and runs the dispatch preflight; a failing preflight keeps the retry waiting, with the reason.
   */
  private async onRetryTimer(issueId: string): Promise<void> {
    this.retryTimers.delete(issueId);
    if (this.stopped || !this.state.retry.has(issueId)) return;
    await this.deps.workflow.reloadIfChanged();
    if (this.stopped || !this.state.retry.has(issueId)) return;
    const validation = this.deps.validate(this.config());
    if (!validation.ok) {
      this.validationError = validation.error;
      this.apply(retryBlocked(this.state, issueId, `dispatch config invalid: ${validation.error.message}`, this.env()));
      return;
    }
    const candidates = await this.deps.tracker.fetchCandidateIssues();
    if (this.stopped) return;
    // No longer a candidate: read its state, so a ticket cancelled meanwhile is cleaned up.
    let current: Issue | null = null;
    if (candidates.ok && !candidates.value.some((i) => i.id === issueId)) {
      const found = await this.deps.tracker.fetchIssueStatesByIds([issueId]);
      if (this.stopped) return;
      current = found.ok ? (found.value.find((i) => i.id === issueId) ?? null) : null;
    }
    this.apply(retryFired(this.state, issueId, candidates.ok ? candidates.value : null, this.env(), current));
  }

  private notify(): void {
    this.changes.emit();
  }
}
