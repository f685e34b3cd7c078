import { normalizeState } from '../../shared/domain/issue.js';
import type { WorkflowResponse } from '../../shared/api/schemas.js';

/**
 * Board columns in workflow order: active states, then the handoff state (the review queue), the merging state (the landing queue), then
 * terminal states, then any other configured state (Backlog, …), then states only seen on tickets.
 */
export function boardColumns(workflow: WorkflowResponse | null, ticketStates: readonly string[]): string[] {
  const tracker = workflow?.config.tracker;
  const handoff = workflow?.config.agent.handoff_state ?? null;
  const merging = workflow?.config.review?.merging_state ?? null;
  const ordered = [
    ...(tracker?.active_states ?? []),
    ...(handoff ? [handoff] : []),
    // Approved work waiting to land sits between review and done, as it does in the ticket's life.
    ...(merging ? [merging] : []),
    ...(tracker?.terminal_states ?? []),
    ...(tracker?.states ?? []),
    ...ticketStates,
  ];
  const seen = new Set<string>();
  const out: string[] = [];
  for (const state of ordered) {
    const key = normalizeState(state);
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(state);
  }
  return out;
}
