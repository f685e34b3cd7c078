import type { Issue } from '../../../shared/domain/issue.js';
import type { TokenTotals } from '../../../shared/domain/tokens.js';
import type { BatonError } from '../lib/result.js';

/**
 * The contract between the orchestrator and one worker (a run attempt: workspace, prompt, agent
 * session, turns). The orchestrator only launches, listens and stops; the worker reports back.
 */

/** A live update from the worker (SPEC §7.3 "Codex Update Event"). */
export interface WorkerUpdate {
  at: number;
  event: string;
  message?: string | null;
  session_id?: string | null;
  pid?: number | null;
  turn_count?: number;
  /** Absolute thread totals; the orchestrator turns them into deltas. */
  absolute_tokens?: TokenTotals;
  rate_limits?: Record<string, unknown>;
  /** A fresher snapshot of the issue (e.g. after the worker moved it). */
  issue?: Issue;
  workspace_path?: string;
  branch?: string | null;
}

export type WorkerOutcome =
  | { kind: 'normal' }
  | { kind: 'failed'; error: BatonError; phase?: RunPhase };

/** SPEC §7.2 run phases; the worker reports the phase it failed in for logs and the UI. */
export type RunPhase =
  | 'PreparingWorkspace'
  | 'BuildingPrompt'
  | 'LaunchingAgentProcess'
  | 'InitializingSession'
  | 'StreamingTurn'
  | 'Finishing';

export type StopReason = 'terminal' | 'inactive' | 'stalled' | 'shutdown' | 'operator';

export interface WorkerSink {
  update(update: WorkerUpdate): void;
  exit(outcome: WorkerOutcome): void;
}

export interface WorkerHandle {
  /** Stops the agent (whole process tree) and resolves once it is gone. Idempotent. */
  stop(reason: StopReason): Promise<void>;
  /** Epoch ms of the agent's last observed activity, for stall detection. */
  lastActivityAt(): number | null;
}

export interface LaunchRequest {
  issue: Issue;
  /** null on the first run, ≥ 1 for retries and continuations (SPEC §4.1.5). */
  attempt: number | null;
  run_id: string;
}

export interface WorkerLauncher {
  launch(request: LaunchRequest, sink: WorkerSink): WorkerHandle;
}
