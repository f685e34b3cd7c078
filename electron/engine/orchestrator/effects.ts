import type { Issue } from '../../../shared/domain/issue.js';
import type { StopReason } from './worker.js';

/**
 * What a transition asks the service to do. Transitions never perform I/O themselves; the service
 * carries these out in order, which keeps the state machine testable without processes or timers.
 */
export type Effect =
  | { type: 'launch'; issue: Issue; attempt: number | null; run_id: string }
  | { type: 'stop'; issue_id: string; run_id: string; reason: StopReason }
  | { type: 'cleanup_workspace'; issue_id: string; identifier: string; after_run_id: string | null }
  | { type: 'arm_retry'; issue_id: string; delay_ms: number }
  | { type: 'cancel_retry'; issue_id: string }
  | { type: 'log'; level: 'info' | 'warn' | 'error'; message: string; fields: Record<string, unknown> };
