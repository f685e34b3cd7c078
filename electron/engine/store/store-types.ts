import type { RunStatus } from '../../../shared/api/schemas.js';
import type { TokenTotals } from '../../../shared/domain/tokens.js';

// The run record is served as it is stored: one type, from the API's schema.
export { RUN_STATUSES, type RunRecord, type RunStatus } from '../../../shared/api/schemas.js';

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
