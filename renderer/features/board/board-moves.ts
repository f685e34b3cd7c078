import { normalizeState, type Issue } from '../../../shared/domain/issue.js';
import type { ApiClient, ApiResult } from '../../lib/api-client.js';
import { beginMove, settleMove, type BoardStore } from './board-store.js';
import { applyTickets } from '../../stores/fleet-state.js';
import type { FleetStore } from '../../stores/fleet-store.js';

export interface MoveDeps {
  api: Pick<ApiClient, 'patchTicket'>;
  fleet: FleetStore;
  board: BoardStore;
  /** Tells the operator a move was refused (a toast in the app). */
  notifyError: (title: string, detail: string) => void;
}

/** The state a card shows in: the pending move's target while the engine has not answered. */
export function effectiveState(board: BoardStore, fleet: FleetStore, identifier: string): string | null {
  return board.getState().pendingMoves[identifier]?.to ?? fleet.getState().tickets[identifier]?.state ?? null;
}

/**
 * Moves a ticket to another state: the card moves at once, the engine is asked, and on a refusal
 * (error envelope or network failure) the card goes back where it was and the reason is shown.
 * Returns the engine's answer; a no-op move (same state, unknown ticket) returns null.
 */
export async function moveTicket(deps: MoveDeps, identifier: string, to: string): Promise<ApiResult<Issue> | null> {
  const from = effectiveState(deps.board, deps.fleet, identifier);
  if (from === null || normalizeState(from) === normalizeState(to)) return null;
  const seq = beginMove(deps.board, identifier, from, to);
  const res = await deps.api.patchTicket(identifier, { state: to });
  if (res.ok) deps.fleet.setState((s) => (isNewer(res.value, s.tickets[identifier]) ? applyTickets(s, [res.value]) : s), true);
  else deps.notifyError(`Could not move ${identifier} to ${to}`, `${res.error.message} (${res.error.code})`);
  settleMove(deps.board, identifier, seq);
  return res;
}

/** A WebSocket push may have brought a later version before the HTTP answer: never go back in time. */
function isNewer(incoming: Issue, known: Issue | undefined): boolean {
  if (!known?.updated_at || !incoming.updated_at) return true;
  return incoming.updated_at >= known.updated_at;
}
