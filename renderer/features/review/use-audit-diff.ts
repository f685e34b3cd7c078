import { useEffect, useRef, useState } from 'react';
import type { TicketDiff } from '../../../shared/api/review-schemas.js';
import { useServices } from '../../lib/services.js';
import type { DiffState } from './use-ticket-diff.js';

/**
 * The landed change of the selected audit. A landing never changes, so a diff once read is kept
 * for as long as the inbox is open; a failure is asked again when the audit is selected again.
 */
export function useAuditDiff(auditId: number | null): DiffState {
  const { api } = useServices();
  const cache = useRef(new Map<number, TicketDiff>());
  // Tagged with its audit: right after a switch the previous audit's diff must not show.
  const [tagged, setTagged] = useState<{ id: number | null; state: DiffState }>({ id: null, state: { status: 'idle' } });

  useEffect(() => {
    const setState = (state: DiffState) => setTagged({ id: auditId, state });
    if (auditId === null) return setState({ status: 'idle' });
    const cached = cache.current.get(auditId);
    if (cached) return setState({ status: 'ok', diff: cached });
    let live = true;
    setState({ status: 'loading' });
    void api.getAuditDiff(auditId).then((res) => {
      if (!live) return;
      if (res.ok) cache.current.set(auditId, res.value);
      setState(res.ok ? { status: 'ok', diff: res.value } : { status: 'error', error: res.error });
    });
    return () => {
      live = false;
    };
  }, [api, auditId]);

  if (auditId === null) return { status: 'idle' };
  return tagged.id === auditId ? tagged.state : { status: 'loading' };
}
