import { useCallback, useEffect, useRef, useState } from 'react';
import type { ServerMessage } from '../../shared/api/ws-messages.js';
import type { ApiClient, ApiError, ApiResult } from './api-client.js';
import { useServices } from './services.js';

/** A landing or a decision changes several things within a few ms; one refetch per burst (ms). */
export const REFETCH_DEBOUNCE_MS = 250;

export interface LiveQuery<T> {
  /** The last good answer for this key; kept while a later fetch fails. */
  data: T | null;
  /** The last fetch's failure, cleared by the next success. */
  error: ApiError | null;
  loading: boolean;
  /** Fetches now (a decision was just made), cancelling a pending debounced fetch. */
  refetch: () => void;
}

export interface LiveQueryOptions {
  /** What is asked about (a ticket): an answer for another key is never shown, even for a moment. */
  key?: string | number | null;
  /** A change fetches again while the last answer stays up (a new run of the same ticket). */
  version?: string | number | null;
  /** False: nothing is fetched (nothing selected, not connected); what was shown stays. */
  enabled?: boolean;
  /** Pushes that make the answer stale: each schedules one debounced refetch. */
  invalidatedBy?: (message: ServerMessage) => boolean;
  /** A reconnect may have missed pushes: fetch again (default true). */
  refetchOnReconnect?: boolean;
}

interface Shown<T> {
  key: string | number | null;
  data: T | null;
  error: ApiError | null;
  loading: boolean;
}

/**
 * The one way the renderer reads an HTTP resource that the engine can change: fetched on mount
 * and when its key or version changes, refetched (debounced) on the pushes that invalidate it and
 * on a reconnect, answers applied newest-wins. State the live socket pushes whole (tickets, runs)
 * lives in the fleet store instead.
 */
export function useLiveQuery<T>(load: (api: ApiClient) => Promise<ApiResult<T>>, options: LiveQueryOptions = {}): LiveQuery<T> {
  const { key = null, version = null, enabled = true, invalidatedBy, refetchOnReconnect = true } = options;
  const { api, socket } = useServices();
  const [shown, setShown] = useState<Shown<T>>({ key, data: null, error: null, loading: enabled });
  // The newest closures, read when a fetch starts or a push comes, so callers may pass inline functions.
  const loadRef = useRef(load);
  loadRef.current = load;
  const invalidatesRef = useRef(invalidatedBy);
  invalidatesRef.current = invalidatedBy;
  const keyRef = useRef(key);
  keyRef.current = key;
  const seq = useRef(0);
  /** The newest request whose answer is shown. */
  const shownSeq = useRef(0);
  const mounted = useRef(true);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  const fetchNow = useCallback(async () => {
    if (timer.current) clearTimeout(timer.current);
    timer.current = null;
    const mine = ++seq.current;
    const forKey = keyRef.current;
    setShown((s) => (s.key === forKey ? { ...s, loading: true } : { key: forKey, data: null, error: null, loading: true }));
    const res = await loadRef.current(api);
    // An answer older than the one shown would go back in time, and one for another key would show
    // the wrong thing. A newer request still in flight does not hold this one back: when changes
    // keep coming faster than a load takes (a busy fleet, a slow inbox), waiting for the newest
    // answer would show nothing new at all.
    if (!mounted.current || mine < shownSeq.current || forKey !== keyRef.current) return;
    shownSeq.current = mine;
    const loading = mine !== seq.current;
    setShown((s) => (res.ok ? { key: forKey, data: res.value, error: null, loading } : { key: forKey, data: s.key === forKey ? s.data : null, error: res.error, loading }));
  }, [api]);

  useEffect(() => {
    mounted.current = true;
    return () => {
      // Answers still in flight belong to an unmounted view.
      mounted.current = false;
      if (timer.current) clearTimeout(timer.current);
    };
  }, []);

  useEffect(() => {
    if (enabled) void fetchNow();
  }, [fetchNow, enabled, key, version]);

  const watchesPushes = invalidatedBy !== undefined;
  useEffect(() => {
    if (!enabled) return undefined;
    const schedule = () => {
      if (timer.current) clearTimeout(timer.current);
      timer.current = setTimeout(() => void fetchNow(), REFETCH_DEBOUNCE_MS);
    };
    const offMessage = watchesPushes ? socket.onMessage((m) => invalidatesRef.current?.(m) && schedule()) : undefined;
    const offStatus = refetchOnReconnect ? socket.onStatus((status) => status === 'open' && schedule()) : undefined;
    return () => {
      offMessage?.();
      offStatus?.();
      if (timer.current) clearTimeout(timer.current);
    };
  }, [socket, fetchNow, enabled, watchesPushes, refetchOnReconnect]);

  const refetch = useCallback(() => void fetchNow(), [fetchNow]);
  const mine = shown.key === key ? shown : { data: null, error: null, loading: enabled };
  return { data: mine.data, error: mine.error, loading: mine.loading, refetch };
}
