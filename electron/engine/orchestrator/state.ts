import type { Issue } from '../../../shared/domain/issue.js';
import type { TokenTotals } from '../../../shared/domain/tokens.js';

/**
 * The orchestrator's single authoritative runtime state (SPEC §4.1.8). Only the transition
 * functions in transitions.ts produce new versions of it; the service applies their effects.
 */
export interface RunningEntry {
  issue_id: string;
  identifier: string;
  issue: Issue;
  run_id: string;
  /** null for the first run, ≥ 1 for retries and continuations. */
  retry_attempt: number | null;
  started_at: number;
  session_id: string | null;
  pid: number | null;
  last_event: string | null;
  last_event_at: number | null;
  last_message: string | null;
  turn_count: number;
  tokens: TokenTotals;
  /** Last absolute thread totals seen, so repeated absolute reports are not double counted. */
  last_reported: TokenTotals;
  workspace_path: string | null;
  branch: string | null;
}

export type RetryKind = 'continuation' | 'failure';

export interface RetryEntry {
  issue_id: string;
  identifier: string;
  attempt: number;
  due_at: number;
  error: string | null;
  kind: RetryKind;
  /** The tracker's URL of the issue, shown in retry rows (SPEC §13.3); absent or null when unknown. */
  url?: string | null;
}

export interface OrchestratorState {
  running: ReadonlyMap<string, RunningEntry>;
  claimed: ReadonlySet<string>;
  retry: ReadonlyMap<string, RetryEntry>;
  /** Bookkeeping only; never gates dispatch. */
  completed: ReadonlySet<string>;
  totals: TokenTotals;
  /** Runtime of sessions that have ended; live ones are added at snapshot time. */
  seconds_ended: number;
  rate_limits: Record<string, unknown> | null;
  /** Per-issue bookkeeping for the issue detail view. */
  history: ReadonlyMap<string, IssueHistory>;
}

export interface IssueHistory {
  identifier: string;
  restart_count: number;
  last_error: string | null;
  workspace_path: string | null;
  branch: string | null;
}

export function initialState(): OrchestratorState {
  return {
    running: new Map(),
    claimed: new Set(),
    retry: new Map(),
    completed: new Set(),
    totals: { input_tokens: 0, output_tokens: 0, total_tokens: 0 },
    seconds_ended: 0,
    rate_limits: null,
    history: new Map(),
  };
}
