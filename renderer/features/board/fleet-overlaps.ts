import type { MergeQueueResponse, Overlap } from '../../../shared/api/review-schemas.js';
import { normalizeState } from '../../../shared/domain/issue.js';
import type { FleetState } from '../../stores/fleet-state.js';

/**
 * Stores the landing queue's overlaps by ticket. Entries whose overlaps did not change keep their
 * identity (and the map does if none changed), so a refetch re-renders only the cards it affects.
 */
export function applyMergeQueue(state: FleetState, queue: MergeQueueResponse): FleetState {
  const next: Record<string, readonly Overlap[]> = {};
  for (const entry of queue.entries) {
    if (entry.kind !== 'ticket' || entry.overlaps.length === 0) continue;
    const old = state.overlaps[entry.identifier];
    next[entry.identifier] = old !== undefined && JSON.stringify(old) === JSON.stringify(entry.overlaps) ? old : entry.overlaps;
  }
  const prevKeys = Object.keys(state.overlaps);
  const unchanged = prevKeys.length === Object.keys(next).length && prevKeys.every((k) => next[k] === state.overlaps[k]);
  return unchanged ? state : { ...state, overlaps: next };
}

/** A card's overlaps, only while its ticket sits in the merging column (else undefined). */
export function mergingOverlaps(state: FleetState, identifier: string): readonly Overlap[] | undefined {
  const overlaps = state.overlaps[identifier];
  if (overlaps === undefined) return undefined;
  const merging = state.workflow?.config.review?.merging_state;
  const ticket = state.tickets[identifier];
  if (!merging || !ticket || normalizeState(ticket.state) !== normalizeState(merging)) return undefined;
  return overlaps;
}
