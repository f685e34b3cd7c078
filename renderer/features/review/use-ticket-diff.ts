import { useEffect, useRef, useState } from 'react';
import type { ReviewItem, TicketDiff } from '../../../shared/api/review-schemas.js';
import { useServices } from '../../lib/services.js';
import type { ApiError } from '../../lib/api-client.js';

export type DiffState = { status: 'idle' } | { status: 'loading' } | { status: 'ok'; diff: TicketDiff } | { status: 'error'; error: ApiError };

/** Identifies the work a diff shows: a new commit or new uncommitted changes make it stale. */
export function diffVersion(item: ReviewItem): string {
  const d = item.diff;
  return d ? `${d.head}:${d.dirty}:${d.additions}:${d.deletions}:${d.files.length}` : 'none';
}

/**
 * The selected ticket's full diff. Fetched when a ticket is selected, kept per ticket so coming
 * back is instant, fetched again when the inbox reports different work. A diff the inbox already
 * reports as unavailable (`diff_error`) is not asked for.
 */
export function useTicketDiff(item: ReviewItem | null): DiffState {
  const { api } = useServices();
  const cache = useRef(new Map<string, { version: string; diff: TicketDiff }>());
  // Tagged with its ticket: right after a switch the previous ticket's diff must not show.
  const [tagged, setTagged] = useState<{ id: string | null; state: DiffState }>({ id: null, state: { status: 'idle' } });
  const identifier = item?.issue.identifier ?? null;
  const version = item ? diffVersion(item) : null;
  // Compared by value: each inbox answer brings a new error object for the same failure.
  const knownCode = item?.diff_error?.code ?? null;
  const knownMessage = item?.diff_error?.message ?? '';

  useEffect(() => {
    const setState = (state: DiffState) => setTagged({ id: identifier, state });
    if (!identifier || version === null) return setState({ status: 'idle' });
    if (knownCode !== null) return setState({ status: 'error', error: { code: knownCode, message: knownMessage, status: null } });
    const cached = cache.current.get(identifier);
    if (cached?.version === version) return setState({ status: 'ok', diff: cached.diff });
    let live = true;
    // New work on a ticket already shown: its old diff stays up until the new one is in.
    if (!cached) setState({ status: 'loading' });
    void api.getDiff(identifier).then((res) => {
      if (!live) return;
      if (res.ok) cache.current.set(identifier, { version, diff: res.value });
      setState(res.ok ? { status: 'ok', diff: res.value } : { status: 'error', error: res.error });
    });
    return () => {
      live = false;
    };
  }, [api, identifier, version, knownCode, knownMessage]);

  if (!identifier) return { status: 'idle' };
  return tagged.id === identifier ? tagged.state : { status: 'loading' };
}
