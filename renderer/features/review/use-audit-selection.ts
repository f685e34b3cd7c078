import { useEffect, useMemo, useState } from 'react';
import type { AuditItem } from '../../../shared/api/review-schemas.js';
import { neighbourAfterRemoval } from './review-model.js';

export interface AuditSelection {
  /** The open audits, oldest first as the engine lists them, without those just marked read. */
  open: AuditItem[];
  /** The audit shown in the detail pane; null while a ticket is shown (or the audit is gone). */
  selected: AuditItem | null;
  select(id: number | null): void;
  /** Hides an audit the engine just marked read and moves the selection to its neighbour. */
  markedRead(id: number): void;
}

/** Which audit the inbox shows. An id that names no open audit (read elsewhere) selects nothing. */
export function useAuditSelection(audits: readonly AuditItem[] | undefined, initial: number | null): AuditSelection {
  const [selectedId, select] = useState<number | null>(initial);
  /** Read audits stay hidden until the engine's list no longer has them open. */
  const [read, setRead] = useState<ReadonlySet<number>>(new Set());
  const open = useMemo(() => (audits ?? []).filter((a) => a.status === 'open' && !read.has(a.id)), [audits, read]);
  const selected = selectedId === null ? null : (open.find((a) => a.id === selectedId) ?? null);

  useEffect(() => {
    setRead((prev) => (prev.size === 0 ? prev : new Set([...prev].filter((id) => audits?.some((a) => a.id === id && a.status === 'open')))));
  }, [audits]);

  const markedRead = (id: number) => {
    setRead((s) => new Set(s).add(id));
    select((current) => (current === id ? neighbourAfterRemoval(open.map((a) => a.id), id) : current));
  };
  return { open, selected, select, markedRead };
}
