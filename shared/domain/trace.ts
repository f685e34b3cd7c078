/**
 * One normalized agent or engine event of a run, as stored and as served by
 * `GET /api/v1/tickets/<identifier>/events`. `seq` is global and strictly increasing, so a client
 * can page with `?after=<seq>` and merge live WebSocket events without gaps or duplicates.
 */
export type TraceKind =
  | 'run_started'
  | 'workspace_ready'
  | 'workspace_removed'
  | 'hook'
  | 'session_started'
  | 'turn_started'
  | 'turn_completed'
  | 'turn_failed'
  | 'message'
  | 'reasoning'
  | 'command'
  | 'file_change'
  | 'tool_call'
  | 'approval'
  | 'input_required'
  | 'token_usage'
  | 'rate_limits'
  | 'plan'
  | 'error'
  | 'stderr'
  | 'malformed'
  | 'notification'
  | 'handoff'
  | 'state_change'
  | 'run_ended';

export interface TraceEvent {
  seq: number;
  issue_id: string;
  issue_identifier: string;
  run_id: string;
  session_id: string | null;
  /** ISO-8601 time the event was observed by the engine. */
  at: string;
  kind: TraceKind;
  /** One human-readable line, for lists and humanized summaries (SPEC §13.6). */
  summary: string;
  /** The normalized details; for agent events it keeps the protocol method and the useful fields. */
  data: Record<string, unknown>;
}

/** A trace event before the store has given it a sequence number. */
export type NewTraceEvent = Omit<TraceEvent, 'seq'>;
