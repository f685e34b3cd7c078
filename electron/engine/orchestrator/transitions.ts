import type { Issue } from '../../../shared/domain/issue.js';
import { addTokens, type TokenTotals } from '../../../shared/domain/tokens.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import type { Effect } from './effects.js';
import {
  CONTINUATION_DELAY_MS,
  availableSlots,
  failureBackoffMs,
  ineligibility,
  isActiveState,
  isRoutable,
  isTerminalState,
  sortForDispatch,
} from './selection.js';
import type { IssueHistory, OrchestratorState, RetryEntry, RunningEntry } from './state.js';
import type { WorkerOutcome, WorkerUpdate } from './worker.js';

/**
 * The orchestrator's state transitions (SPEC §7, §8, §16) as pure functions: state + input →
 * new state + effects. `now` is epoch ms; `newRunId` makes run ids (deterministic in tests).
 */
export interface Step {
  state: OrchestratorState;
  effects: Effect[];
}

export interface Env {
  config: ServiceConfig;
  now: number;
  newRunId: () => string;
}

/** Poll tick, dispatch part: launch eligible candidates in dispatch order while slots remain. */
export function dispatchCandidates(state: OrchestratorState, candidates: readonly Issue[], env: Env): Step {
  let s = state;
  const effects: Effect[] = [];
  for (const issue of sortForDispatch(candidates)) {
    if (availableSlots(s, env.config) === 0) break;
    if (ineligibility(issue, s, env.config) !== null) continue;
    const step = dispatch(s, issue, null, env);
    s = step.state;
    effects.push(...step.effects);
  }
  return { state: s, effects };
}

function dispatch(state: OrchestratorState, issue: Issue, attempt: number | null, env: Env): Step {
  const run_id = env.newRunId();
  const prior = state.running.get(issue.id);
  const entry: RunningEntry = {
    issue_id: issue.id,
    identifier: issue.identifier,
    issue,
    run_id,
    retry_attempt: attempt,
    started_at: env.now,
    session_id: null,
    pid: null,
    last_event: null,
    last_event_at: null,
    last_message: null,
    turn_count: 0,
    tokens: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    last_reported: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    workspace_path: prior?.workspace_path ?? state.history.get(issue.id)?.workspace_path ?? null,
    branch: prior?.branch ?? state.history.get(issue.id)?.branch ?? null,
  };
  const running = new Map(state.running).set(issue.id, entry);
  const claimed = new Set(state.claimed).add(issue.id);
  const retry = new Map(state.retry);
  const effects: Effect[] = [];
  if (retry.delete(issue.id)) effects.push({ type: 'cancel_retry', issue_id: issue.id });
  effects.push({ type: 'launch', issue, attempt, run_id });
  return { state: { ...state, running, claimed, retry }, effects };
}

/** A worker reported progress: live fields, token deltas from absolute totals, rate limits. */
export function applyUpdate(state: OrchestratorState, issue_id: string, run_id: string, u: WorkerUpdate): Step {
  const entry = state.running.get(issue_id);
  if (!entry || entry.run_id !== run_id) return { state, effects: [] };
  let tokens = entry.tokens;
  let last_reported = entry.last_reported;
  let totals = state.totals;
  if (u.absolute_tokens) {
    const delta = tokenDelta(entry.last_reported, u.absolute_tokens);
    tokens = addTokens(tokens, delta);
    totals = addTokens(totals, delta);
    last_reported = u.absolute_tokens;
  }
  const next: RunningEntry = {
    ...entry,
    issue: u.issue ?? entry.issue,
    session_id: u.session_id ?? entry.session_id,
    pid: u.pid ?? entry.pid,
    last_event: u.event,
    last_event_at: u.at,
    last_message: u.message ?? entry.last_message,
    turn_count: u.turn_count ?? entry.turn_count,
    tokens,
    last_reported,
    workspace_path: u.workspace_path ?? entry.workspace_path,
    branch: u.branch !== undefined ? u.branch : entry.branch,
  };
  const running = new Map(state.running).set(issue_id, next);
  return { state: { ...state, running, totals, rate_limits: u.rate_limits ?? state.rate_limits }, effects: [] };
}

/** Absolute totals minus what was already counted; a smaller total (a new thread) counts whole. */
export function tokenDelta(last: TokenTotals, abs: TokenTotals): TokenTotals {
  const d = (a: number, l: number) => (a >= l ? a - l : a);
  return {
    input_tokens: d(abs.input_tokens, last.input_tokens),
    output_tokens: d(abs.output_tokens, last.output_tokens),
    total_tokens: d(abs.total_tokens, last.total_tokens),
  };
}

/** Worker exit (SPEC §16.6): normal → 1 s continuation retry; abnormal → exponential backoff. */
export function workerExited(state: OrchestratorState, issue_id: string, run_id: string, outcome: WorkerOutcome, env: Env): Step {
  const entry = state.running.get(issue_id);
  if (!entry || entry.run_id !== run_id) return { state, effects: [] };
  const s = endRun(state, entry, env.now);
  if (outcome.kind === 'normal') {
    const completed = new Set(s.completed).add(issue_id);
    return scheduleRetry({ ...s, completed }, entry, 1, 'continuation', null, env);
  }
  const attempt = (entry.retry_attempt ?? 0) + 1;
  const error = `${outcome.error.code}: ${outcome.error.message}`;
  return scheduleRetry(s, entry, attempt, 'failure', error, env);
}

function endRun(state: OrchestratorState, entry: RunningEntry, now: number): OrchestratorState {
  const running = new Map(state.running);
  running.delete(entry.issue_id);
  const seconds = Math.max(now - entry.started_at, 0) / 1000;
  const history = new Map(state.history).set(entry.issue_id, {
    ...historyOf(state, entry),
    workspace_path: entry.workspace_path,
    branch: entry.branch,
  });
  return { ...state, running, history, seconds_ended: state.seconds_ended + seconds };
}

function historyOf(state: OrchestratorState, entry: { issue_id: string; identifier: string }): IssueHistory {
  return state.history.get(entry.issue_id) ?? {
    identifier: entry.identifier,
    restart_count: 0,
    last_error: null,
    workspace_path: null,
    branch: null,
  };
}

function scheduleRetry(
  state: OrchestratorState,
  who: { issue_id: string; identifier: string; url?: string | null | undefined; issue?: { url: string | null } },
  attempt: number,
  kind: RetryEntry['kind'],
  error: string | null,
  env: Env,
): Step {
  const delay_ms = kind === 'continuation' ? CONTINUATION_DELAY_MS : failureBackoffMs(attempt, env.config.agent.max_retry_backoff_ms);
  const url = who.url ?? who.issue?.url ?? null;
  const entry: RetryEntry = { issue_id: who.issue_id, identifier: who.identifier, attempt, due_at: env.now + delay_ms, error, kind, url };
  const retry = new Map(state.retry).set(who.issue_id, entry);
  const claimed = new Set(state.claimed).add(who.issue_id);
  const h = historyOf(state, who);
  const history = new Map(state.history).set(who.issue_id, {
    ...h,
    restart_count: kind === 'failure' ? h.restart_count + 1 : h.restart_count,
    last_error: error ?? h.last_error,
  });
  const effects: Effect[] = [{ type: 'arm_retry', issue_id: who.issue_id, delay_ms }];
  if (error) effects.push({ type: 'log', level: 'warn', message: 'retry scheduled', fields: { issue_id: who.issue_id, issue_identifier: who.identifier, attempt, delay_ms, error } });
  return { state: { ...state, retry, claimed, history }, effects };
}

/**
 * A retry timer fired but cannot dispatch now (the dispatch preflight failed): it waits another
 * backoff with the reason, as when its candidate poll fails.
 */
export function retryBlocked(state: OrchestratorState, issue_id: string, error: string, env: Env): Step {
  const entry = state.retry.get(issue_id);
  if (!entry) return { state, effects: [] };
  const retry = new Map(state.retry);
  retry.delete(issue_id);
  return scheduleRetry({ ...state, retry }, entry, entry.attempt + 1, 'failure', error, env);
}

/**
 * A retry timer fired (SPEC §16.6 on_retry_timer). `candidates` is the fresh active-candidate
 * list, or null when that fetch failed; `current` is the issue as the tracker has it when it is no
 * longer a candidate (null when unknown or deleted).
 */
export function retryFired(state: OrchestratorState, issue_id: string, candidates: readonly Issue[] | null, env: Env, current: Issue | null = null): Step {
  const entry = state.retry.get(issue_id);
  if (!entry) return { state, effects: [] };
  const retry = new Map(state.retry);
  retry.delete(issue_id);
  const s: OrchestratorState = { ...state, retry };
  if (candidates === null) {
    return scheduleRetry(s, entry, entry.attempt + 1, 'failure', 'retry poll failed', env);
  }
  const issue = candidates.find((i) => i.id === issue_id);
  // Cancelled (or done) while it waited: its workspace goes now, not at the next restart.
  if (!issue) return current?.id === issue_id && isTerminalState(current.state, env.config) ? issueEnded(s, current, env) : release(s, issue_id);
  const why = ineligibility(issue, s, env.config, issue_id);
  if (why === 'no_global_slots' || why === 'no_state_slots') {
    return scheduleRetry(s, { issue_id, identifier: issue.identifier, url: issue.url }, entry.attempt + 1, 'failure', 'no available orchestrator slots', env);
  }
  if (why !== null) return release(s, issue_id);
  return dispatch(s, issue, entry.attempt, env);
}

/**
 * A ticket reached a terminal state while no run of it was active (cancelled while it waited for a
 * retry, done or cancelled from review): its pending retry is dropped and its workspace removed
 * (snapshot first), as the spec promises for terminal tickets. A running ticket is left to
 * reconciliation, which stops the run and then cleans up.
 */
export function issueEnded(state: OrchestratorState, issue: Issue, env: Env): Step {
  if (!isTerminalState(issue.state, env.config) || state.running.has(issue.id)) return { state, effects: [] };
  const retry = new Map(state.retry);
  const claimed = new Set(state.claimed);
  const effects: Effect[] = [];
  if (retry.delete(issue.id)) effects.push({ type: 'cancel_retry', issue_id: issue.id });
  claimed.delete(issue.id);
  effects.push({ type: 'cleanup_workspace', issue_id: issue.id, identifier: issue.identifier, after_run_id: null });
  return { state: { ...state, retry, claimed }, effects };
}

function release(state: OrchestratorState, issue_id: string): Step {
  const claimed = new Set(state.claimed);
  claimed.delete(issue_id);
  return { state: { ...state, claimed }, effects: [] };
}

/** Stall detection (SPEC §8.5 part A): kill and retry runs silent for longer than stall_timeout_ms. */
export function detectStalls(state: OrchestratorState, lastActivity: (issue_id: string) => number | null, env: Env): Step {
  const timeout = env.config.codex.stall_timeout_ms;
  if (timeout <= 0) return { state, effects: [] };
  let s = state;
  const effects: Effect[] = [];
  for (const entry of state.running.values()) {
    const seen = Math.max(entry.last_event_at ?? 0, lastActivity(entry.issue_id) ?? 0, entry.started_at);
    if (env.now - seen <= timeout) continue;
    s = endRun(s, entry, env.now);
    effects.push({ type: 'stop', issue_id: entry.issue_id, run_id: entry.run_id, reason: 'stalled' });
    const step = scheduleRetry(s, entry, (entry.retry_attempt ?? 0) + 1, 'failure', `stalled: no agent activity for ${timeout} ms`, env);
    s = step.state;
    effects.push(...step.effects);
  }
  return { state: s, effects };
}

/**
 * Tracker state refresh for running issues (SPEC §8.5 part B, §16.3). `requested` are the ids the
 * refresh asked for: one the tracker no longer returns (deleted) is stopped like a non-active one.
 */
export function reconcileStates(state: OrchestratorState, requested: readonly string[], refreshed: readonly Issue[], env: Env): Step {
  let s = state;
  const effects: Effect[] = [];
  const seen = new Set(refreshed.map((i) => i.id));
  for (const id of requested) {
    const entry = s.running.get(id);
    if (!entry || seen.has(id)) continue;
    s = releaseRunning(s, entry, env.now);
    effects.push({ type: 'stop', issue_id: id, run_id: entry.run_id, reason: 'inactive' });
    effects.push({ type: 'log', level: 'warn', message: 'running issue no longer in tracker; stopped', fields: { issue_id: id, issue_identifier: entry.identifier } });
  }
  for (const issue of refreshed) {
    const entry = s.running.get(issue.id);
    if (!entry) continue;
    if (isTerminalState(issue.state, env.config)) {
      s = releaseRunning(s, entry, env.now);
      effects.push({ type: 'stop', issue_id: issue.id, run_id: entry.run_id, reason: 'terminal' });
      effects.push({ type: 'cleanup_workspace', issue_id: issue.id, identifier: issue.identifier, after_run_id: entry.run_id });
    } else if (isActiveState(issue.state, env.config) && isRoutable(issue, env.config)) {
      const running = new Map(s.running).set(issue.id, { ...entry, issue });
      s = { ...s, running };
    } else {
      // Left the active states, or still active but no longer routable (a required label removed,
      // the adapter's rules say no): stop without cleanup, the work may resume later (SPEC §8.5).
      if (isActiveState(issue.state, env.config)) {
        effects.push({ type: 'log', level: 'info', message: 'running issue no longer routable; stopped', fields: { issue_id: issue.id, issue_identifier: issue.identifier } });
      }
      s = releaseRunning(s, entry, env.now);
      effects.push({ type: 'stop', issue_id: issue.id, run_id: entry.run_id, reason: 'inactive' });
    }
  }
  return { state: s, effects };
}

function releaseRunning(state: OrchestratorState, entry: RunningEntry, now: number): OrchestratorState {
  const s = endRun(state, entry, now);
  const claimed = new Set(s.claimed);
  claimed.delete(entry.issue_id);
  return { ...s, claimed };
}
