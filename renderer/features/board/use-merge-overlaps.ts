import { useEffect } from 'react';
import type { ServerMessage } from '../../../shared/api/ws-messages.js';
import { useLiveQuery } from '../../lib/use-live-query.js';
import { fleetStore } from '../../stores/fleet-store.js';
import { applyMergeQueue } from './fleet-overlaps.js';

/** The landing queue changes with a decision or a landing (`reviews`), or after a `resync`. */
const queueChanged = (m: ServerMessage) => m.type === 'reviews' || m.type === 'resync';

/**
 * Keeps the fleet store's landing-queue overlaps current for the board's cards: fetched on mount,
 * then again (debounced) on the `reviews` invalidation, a `resync` or a reconnect. Used once, by
 * the board. A failed fetch keeps what is shown and stays silent: overlaps are a hint, and an
 * engine without a repository would otherwise raise a toast on every push.
 */
export function useMergeOverlaps(): void {
  const queue = useLiveQuery((api) => api.getMergeQueue(), { invalidatedBy: queueChanged });
  useEffect(() => {
    const answer = queue.data;
    if (answer) fleetStore().setState((s) => applyMergeQueue(s, answer), true);
  }, [queue.data]);
}
