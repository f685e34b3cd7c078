import { useEffect, useRef, useState } from 'react';
import type { Issue } from '../../../shared/domain/issue.js';
import type { ApiResult } from '../../lib/api-client.js';
import type { SocketStatus } from '../../lib/live-socket.js';

/**
 * How often an open ticket is re-checked with the tracker (ms). Trackers push no deletions, so this
 * is what notices a ticket deleted or moved out of the tracker while nothing else happens to it.
 * 30 s costs a Linear-backed engine 120 requests an hour per open ticket view, well inside its rate
 * limit; run starts and ends, reconnects and refocusing the window check at once.
 */
export const PRESENCE_CHECK_MS = 30_000;

export type Presence = 'unknown' | 'present' | 'gone';

export interface PresenceApi {
  getTicket(identifier: string): Promise<ApiResult<Issue>>;
}

export interface PresenceSocket {
  onStatus(listener: (status: SocketStatus) => void): () => void;
}

export interface TicketPresence {
  presence: Presence;
  /** The ticket as last seen (store or tracker), kept after it disappears so the view can still say what it was. */
  lastKnown: Issue | null;
  /** Why the last check could not tell (engine unreachable, read-only tracker); null otherwise. */
  error: string | null;
}

/**
 * Whether the open ticket still exists in the tracker. It is `gone` when the tracker answers
 * `issue_not_found`, or when a full reload of the store no longer has a ticket it had; any other
 * failure (engine unreachable, read-only tracker) changes nothing.
 */
export function useTicketPresence(
  identifier: string,
  fromStore: Issue | undefined,
  storeLoaded: boolean,
  checkKey: unknown,
  api: PresenceApi,
  socket: PresenceSocket,
): TicketPresence {
  const [checked, setChecked] = useState<{ identifier: string; presence: Presence; ticket: Issue | null; error?: string }>({ identifier, presence: 'unknown', ticket: null });
  const seenInStore = useRef<Issue | null>(null);
  if (fromStore) seenInStore.current = fromStore;
  const [nonce, setNonce] = useState(0);

  useEffect(() => {
    seenInStore.current = null;
  }, [identifier]);

  // A ticket that shows up in the store (created after the view opened) is checked again at once.
  const inStore = fromStore !== undefined;
  const wasInStore = useRef(inStore);
  useEffect(() => {
    if (inStore && !wasInStore.current) setNonce((n) => n + 1);
    wasInStore.current = inStore;
  }, [inStore]);

  useEffect(() => {
    const again = () => setNonce((n) => n + 1);
    const timer = setInterval(again, PRESENCE_CHECK_MS);
    const offStatus = socket.onStatus((status) => status === 'open' && again());
    window.addEventListener('focus', again);
    return () => {
      clearInterval(timer);
      offStatus();
      window.removeEventListener('focus', again);
    };
  }, [socket]);

  useEffect(() => {
    let live = true;
    void api.getTicket(identifier).then((result) => {
      if (!live) return;
      if (result.ok) setChecked({ identifier, presence: 'present', ticket: result.value });
      else if (result.error.code === 'issue_not_found') setChecked((prev) => ({ identifier, presence: 'gone', ticket: prev.identifier === identifier ? prev.ticket : null }));
      else setChecked((prev) => (prev.identifier === identifier ? { ...prev, error: result.error.message } : { identifier, presence: 'unknown', ticket: null, error: result.error.message }));
    });
    return () => {
      live = false;
    };
  }, [api, identifier, checkKey, nonce]);

  const mine = checked.identifier === identifier ? checked : { presence: 'unknown' as Presence, ticket: null, error: undefined };
  const lastKnown = fromStore ?? mine.ticket ?? seenInStore.current;
  let presence = mine.presence;
  // The store dropped a ticket it had (a reload after the tracker lost it): gone, even before a check.
  if (presence !== 'gone' && storeLoaded && !fromStore && seenInStore.current) presence = 'gone';
  return { presence, lastKnown, error: mine.error ?? null };
}
