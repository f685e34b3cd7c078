import { normalizeState } from '../../../shared/domain/issue.js';
import type { WorkflowResponse } from '../../../shared/api/schemas.js';

/**
 * Board columns in `tracker.states` order (docs/workflow.md: "every state in board order"). A state
 * the engine works with but the list lacks (a Linear workflow whose `states` default to active +
 * terminal has no Human Review) still gets a column: active, handoff and merging states go before
 * the first terminal state, missing terminal states after the list, and states only seen on tickets
 * last.
 */
export function boardColumns(workflow: WorkflowResponse | null, ticketStates: readonly string[]): string[] {
  const tracker = workflow?.config.tracker;
  const handoff = workflow?.config.agent.handoff_state ?? null;
  const merging = workflow?.config.review?.merging_state ?? null;
  const terminal = tracker?.terminal_states ?? [];
  const configured = unique(tracker?.states ?? []);
  const known = new Set(configured.map(normalizeState));
  const terminalKeys = new Set(terminal.map(normalizeState));
  const missing = (states: readonly string[]) => unique(states).filter((s) => !known.has(normalizeState(s)));
  const working = missing([...(tracker?.active_states ?? []), ...(handoff ? [handoff] : []), ...(merging ? [merging] : [])]).filter((s) => !terminalKeys.has(normalizeState(s)));
  const firstTerminal = configured.findIndex((s) => terminalKeys.has(normalizeState(s)));
  const at = firstTerminal === -1 ? configured.length : firstTerminal;
  return unique([...configured.slice(0, at), ...working, ...configured.slice(at), ...missing(terminal), ...ticketStates]);
}

/** True for the workflow's terminal states (Done, Cancelled, …): finished work. */
export function isTerminalState(workflow: WorkflowResponse | null, state: string): boolean {
  const key = normalizeState(state);
  return (workflow?.config.tracker.terminal_states ?? []).some((s) => normalizeState(s) === key);
}

/** Case-insensitive de-duplication keeping the first spelling, as the engine compares states. */
function unique(states: readonly string[]): string[] {
  const seen = new Set<string>();
  return states.filter((s) => {
    const key = normalizeState(s);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
