import type { TraceKind } from '../../../shared/domain/trace.js';
import type { TokenTotals } from '../../../shared/domain/tokens.js';

/**
 * What an agent session reports upward, whatever its kind (SPEC §10.4). The agent runner turns
 * each one into a stored trace event and an orchestrator update.
 */
export interface AgentEvent {
  /** Epoch ms when the engine observed it. */
  at: number;
  kind: TraceKind;
  /** Spec event name (`session_started`, `turn_completed`, `notification`, `malformed`, …). */
  event: string;
  summary: string;
  data: Record<string, unknown>;
  session_id?: string | null;
  pid?: number | null;
  /** Absolute thread totals when the event carried them (SPEC §13.5); deltas are computed upstream. */
  absolute_tokens?: TokenTotals;
  /** Latest rate-limit snapshot, normalized to camelCase v2 shape, when the event carried one. */
  rate_limits?: Record<string, unknown>;
}

export type AgentEventListener = (event: AgentEvent) => void;
