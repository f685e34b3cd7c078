import { isoTime } from '../lib/clock.js';
import type { OrchestratorState, RunningEntry } from './state.js';

/** The runtime snapshot of SPEC §13.3 / §13.7.2 `GET /api/v1/state`, built from state only. */
export interface RunningRow {
  issue_id: string;
  issue_identifier: string;
  /** The tracker's URL of the issue, or null (SPEC §13.3: rows carry it when available). */
  issue_url: string | null;
  state: string;
  session_id: string | null;
  turn_count: number;
  last_event: string | null;
  last_message: string | null;
  started_at: string;
  last_event_at: string | null;
  tokens: { input_tokens: number; output_tokens: number; total_tokens: number };
  attempt: number | null;
  run_id: string;
  workspace_path: string | null;
  branch: string | null;
}

export interface RetryRow {
  issue_id: string;
  issue_identifier: string;
  issue_url: string | null;
  attempt: number;
  due_at: string;
  error: string | null;
  kind: 'continuation' | 'failure';
}

export interface RuntimeSnapshot {
  generated_at: string;
  counts: { running: number; retrying: number };
  running: RunningRow[];
  retrying: RetryRow[];
  codex_totals: { input_tokens: number; output_tokens: number; total_tokens: number; seconds_running: number };
  rate_limits: Record<string, unknown> | null;
}

export function runningRow(e: RunningEntry): RunningRow {
  return {
    issue_id: e.issue_id,
    issue_identifier: e.identifier,
    issue_url: e.issue.url,
    state: e.issue.state,
    session_id: e.session_id,
    turn_count: e.turn_count,
    last_event: e.last_event,
    last_message: e.last_message,
    started_at: isoTime(e.started_at),
    last_event_at: e.last_event_at === null ? null : isoTime(e.last_event_at),
    tokens: { ...e.tokens },
    attempt: e.retry_attempt,
    run_id: e.run_id,
    workspace_path: e.workspace_path,
    branch: e.branch,
  };
}

export function buildSnapshot(state: OrchestratorState, now: number): RuntimeSnapshot {
  const running = [...state.running.values()].sort((a, b) => a.started_at - b.started_at).map(runningRow);
  const retrying = [...state.retry.values()]
    .sort((a, b) => a.due_at - b.due_at)
    .map((r) => ({ issue_id: r.issue_id, issue_identifier: r.identifier, issue_url: r.url ?? null, attempt: r.attempt, due_at: isoTime(r.due_at), error: r.error, kind: r.kind }));
  let live = 0;
  for (const e of state.running.values()) live += Math.max(now - e.started_at, 0) / 1000;
  return {
    generated_at: isoTime(now),
    counts: { running: running.length, retrying: retrying.length },
    running,
    retrying,
    codex_totals: { ...state.totals, seconds_running: round1(state.seconds_ended + live) },
    rate_limits: state.rate_limits,
  };
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
