import type { ServerMessage } from '../../../shared/api/ws-messages.js';
import { fleetStore } from '../../stores/fleet-store.js';

/**
 * Pushes after which the inbox and the landing queue are stale: the engine's `reviews`
 * invalidation, a `resync`, or a `ticket` push that changes a ticket's state (one entering or
 * leaving review).
 */
export function reviewsInvalidated(m: ServerMessage): boolean {
  return m.type === 'reviews' || m.type === 'resync' || stateChanged(m);
}

/** The live sync applies pushes on the next frame, so the store still holds the state before it. */
function stateChanged(m: ServerMessage): boolean {
  if (m.type !== 'ticket') return false;
  return fleetStore().getState().tickets[m.ticket.identifier]?.state !== m.ticket.state;
}
