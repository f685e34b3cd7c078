import { normalizeState, type Issue } from '../../shared/domain/issue.js';
import { applyTickets, type FleetState } from './fleet-state.js';

/**
 * The one definition of "in review" the UI counts by: a ticket whose state, in the engine's live
 * ticket list, is `agent.handoff_state`. The header's stat, the Review link, the inbox's heading
 * and rows and the board's review column all use it, so they never disagree (they did: the header
 * said 8 while the inbox listed 5, each counting its own way at its own time).
 *
 * null while the list cannot say (not loaded yet, or no workflow): callers fall back to what the
 * engine's inbox answered.
 */
export function inReviewTickets(state: Pick<FleetState, 'loaded' | 'tickets' | 'workflow'>): Issue[] | null {
  const handoff = state.workflow?.config.agent.handoff_state;
  if (!state.loaded || state.workflow === null) return null;
  if (!handoff) return [];
  const key = normalizeState(handoff);
  return Object.values(state.tickets).filter((t) => normalizeState(t.state) === key);
}

/** How many tickets are in review (0 while unknown). */
export function inReviewCount(state: Pick<FleetState, 'loaded' | 'tickets' | 'workflow'>): number {
  return inReviewTickets(state)?.length ?? 0;
}

/**
 * A review decision answered with the ticket's new state: the engine has moved it, so every count
 * drops it now rather than when the ticket's push arrives.
 */
export function applyDecidedState(state: FleetState, identifier: string, newState: string): FleetState {
  const ticket = state.tickets[identifier];
  if (!ticket || ticket.state === newState) return state;
  return applyTickets(state, [{ ...ticket, state: newState }]);
}
