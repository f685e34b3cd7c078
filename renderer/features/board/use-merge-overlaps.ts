import { useEffect } from 'react';
import { useServices } from '../../lib/services.js';
import { applyMergeQueue } from './fleet-overlaps.js';
import { fleetStore } from '../../stores/fleet-store.js';

/** A landing or a decision changes several tickets within a few ms; one refetch per burst (ms). */
export const OVERLAP_REFETCH_DEBOUNCE_MS = 250;

/**
 * Keeps the fleet store's landing-queue overlaps current for the board's cards: fetched on mount,
 * then again (debounced) on the `reviews` invalidation, a `resync` or a reconnect. Used once, by
 * the board. A failed fetch keeps what is shown and stays silent: overlaps are a hint, and an
 * engine without a repository would otherwise raise a toast on every push.
 */
export function useMergeOverlaps(): void {
  const { api, socket } = useServices();
  useEffect(() => {
    let timer: ReturnType<typeof setTimeout> | null = null;
    let seq = 0;
    let shown = 0;
    let live = true;
    const fetchNow = async () => {
      timer = null;
      const mine = ++seq;
      const res = await api.getMergeQueue();
      // An answer older than the one shown, or after unmount, would show stale data; a newer request
      // in flight does not hold it back (as in useLiveResource: a busy engine would starve it).
      if (!live || mine < shown || !res.ok) return;
      shown = mine;
      fleetStore().setState((s) => applyMergeQueue(s, res.value), true);
    };
    const schedule = () => {
      if (timer) clearTimeout(timer);
      timer = setTimeout(() => void fetchNow(), OVERLAP_REFETCH_DEBOUNCE_MS);
    };
    void fetchNow();
    const offMessage = socket.onMessage((m) => {
      if (m.type === 'reviews' || m.type === 'resync') schedule();
    });
    const offStatus = socket.onStatus((status) => {
      if (status === 'open') schedule();
    });
    return () => {
      live = false;
      offMessage();
      offStatus();
      if (timer) clearTimeout(timer);
    };
  }, [api, socket]);
}
