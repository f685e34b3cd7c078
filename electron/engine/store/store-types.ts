import type { TokenTotals } from '../../../shared/domain/tokens.js';

/** How a run ended; `running` while it is live. `canceled` includes runs cut off by an engine restart. */
export type RunStatus = 'running' | 'succeeded' | 'failed' | 'timed_out' | 'stalled' | 'canceled' | 'handed_off';

export const RUN_STATUSES: readonly RunStatus[] = ['running', 'succeeded', 'failed', 'timed_out', 'stalled', 'canceled', 'handed_off'];

/** One run attempt as stored (SPEC §4.1.5 plus the session and token facts Baton keeps). */
export interface RunRecord extends TokenTotals {
  run_id: string;
  issue_id: string;
  issue_identifier: string;
  /** Null for the first run, >= 1 for retries and continuations (SPEC §4.1.5). */
  attempt: number | null;
  /** ISO-8601. */
  started_at: string;
  ended_at: string | null;
  status: RunStatus;
  error: string | null;
  workspace_path: string | null;
  branch: string | null;
  session_id: string | null;
  agent_kind: string | null;
  turn_count: number;
}

/** What `startRun` needs; the rest starts empty (status `running`, zero tokens and turns). */
export interface NewRun {
  run_id: string;
  issue_id: string;
  issue_identifier: string;
  attempt: number | null;
  started_at: string;
  workspace_path?: string | null;
  branch?: string | null;
  session_id?: string | null;
  agent_kind?: string | null;
}

/** Fields that may change while a run is live. */
export interface RunPatch {
  workspace_path?: string | null;
  branch?: string | null;
  session_id?: string | null;
  agent_kind?: string | null;
  turn_count?: number;
  input_tokens?: number;
  output_tokens?: number;
  total_tokens?: number;
}

export interface RunEnd {
  status: Exclude<RunStatus, 'running'>;
  error?: string | null;
  ended_at: string;
  tokens?: TokenTotals;
  turn_count?: number;
}

export interface NewOperatorAction {
  /** ISO-8601. */
  at: string;
  /** Who did it, e.g. `operator`, `api`, `cli`. */
  actor: string;
  /** Stable verb, e.g. `issue.move`, `run.cancel`. */
  action: string;
  /** What it was done to, usually an issue identifier; null for engine-wide actions. */
  target: string | null;
  payload?: Record<string, unknown> | null;
}

export interface OperatorAction extends NewOperatorAction {
  id: number;
  payload: Record<string, unknown> | null;
}
