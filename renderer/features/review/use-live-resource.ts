import { useCallback, useEffect, useRef, useState } from 'react';
import type { ServerMessage } from '../../../shared/api/ws-messages.js';
import { useServices } from '../../lib/services.js';
import type { ApiClient, ApiError, ApiResult } from '../../lib/api-client.js';
import { fleetStore } from '../../stores/fleet-store.js';

/** A landing or a decision changes several tickets within a few ms; one refetch per burst (ms). */
export const REFETCH_DEBOUNCE_MS = 250;

export interface LiveResource<T> {
  /** The last good answer; kept while a later fetch fails. */
  data: T | null;
  /** The last fetch's failure, cleared by the next success. */
  error: ApiError | null;
  loading: boolean;
  /** Fetches now (a decision was just made), cancelling a pending debounced fetch. */
  refetch: () => void;
}

/**
 * A review-loop resource fetched over HTTP and refetched when the engine says it changed: the
 * `reviews` invalidation, a `resync`, a reconnect, or a `ticket` push that changes a ticket's state.
 */
export function useLiveResource<T>(load: (api: ApiClient) => Promise<ApiResult<T>>): LiveResource<T> {
  const { api, socket } = useServices();
  const [data, setData] = useState<T | null>(null);
  const [error, setError] = useState<ApiError | null>(null);
  const [loading, setLoading] = useState(true);
  const loadRef = useRef(load);
  loadRef.current = load;
  const seq = useRef(0);
  /** The newest request whose answer is shown. */
  const shown = useRef(0);
  const mounted = useRef(true);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const fetchNow = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const mine = ++seq.current;
    setLoading(true);
    const res = await loadRef.current(api);
    // An answer older than the one shown would go back in time. A newer request still in flight
    // does not hold this one back: when changes keep coming faster than a load takes (a busy
    // fleet, a slow inbox), waiting for the newest answer would show nothing new at all.
    if (!mounted.current || mine < shown.current) return;
    shown.current = mine;
    if (res.ok) {
      setData(res.value);
      setError(null);
    } else {
      setError(res.error);
    }
    if (mine === seq.current) setLoading(false);
  }, [api]);

  useEffect(() => {
    mounted.current = true;
    const schedule = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void fetchNow(), REFETCH_DEBOUNCE_MS);
    };
    void fetchNow();
    const offMessage = socket.onMessage((m) => {
      if (m.type === 'reviews' || m.type === 'resync' || stateChanged(m)) schedule();
    });
    const offStatus = socket.onStatus((status) => {
      if (status === 'open') schedule();
    });
    return () => {
      offMessage();
      offStatus();
      if (timer.current) clearTimeout(timer.current);
      // Answers still in flight belong to an unmounted view.
      mounted.current = false;
    };
  }, [socket, fetchNow]);

  return { data, error, loading, refetch: () => void fetchNow() };
}

/** The live sync applies pushes on the next frame, so the store still holds the state before it. */
function stateChanged(m: ServerMessage): boolean {
  if (m.type !== 'ticket') return false;
  return fleetStore().getState().tickets[m.ticket.identifier]?.state !== m.ticket.state;
}
