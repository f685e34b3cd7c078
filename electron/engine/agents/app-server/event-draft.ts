import type { AgentEvent } from '../agent-events.js';

/** An AgentEvent before the session stamps it with time, session id and pid. */
export type AgentEventDraft = Omit<AgentEvent, 'at' | 'session_id' | 'pid'>;

export function draft(kind: AgentEvent['kind'], event: string, summary: string, data: Record<string, unknown> = {}): AgentEventDraft {
  return { kind, event, summary, data };
}
