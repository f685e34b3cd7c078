import { useDeferredValue, useMemo, useRef } from 'react';
import { statusResolver } from './board-filters.js';
import { layoutBoard, sameIds, type BoardLayout } from './board-layout.js';
import { useBoard } from './board-store.js';
import { useFleet } from '../../stores/fleet-store.js';

/**
 * The board's columns for the current tickets, moves and filters. Recomputed when one of those
 * changes (about 1–3 ms for 5,000 tickets); each column's id array keeps its identity while its
 * content is the same, so memoized columns skip re-rendering when another column changed.
 */
export function useBoardLayout(): BoardLayout {
  const workflow = useFleet((s) => s.workflow);
  const tickets = useFleet((s) => s.tickets);
  const pendingMoves = useBoard((s) => s.pendingMoves);
  const label = useBoard((s) => s.filters.label);
  const statuses = useBoard((s) => s.filters.statuses);
  const typed = useBoard((s) => s.filters.text);
  // Typing in the search box stays responsive: the filtering render may lag a keystroke behind.
  const text = useDeferredValue(typed);
  // Run rows change on every state push (10/s with busy agents): subscribe only when a status
  // filter needs them, so an unfiltered board does not recompute its layout that often.
  const byStatus = statuses.length > 0;
  const runs = useFleet((s) => (byStatus ? s.runs : null));
  const retries = useFleet((s) => (byStatus ? s.retries : null));
  const approvals = useFleet((s) => (byStatus ? s.approvals : null));
  const previous = useRef(new Map<string, string[]>());
  return useMemo(() => {
    const statusOf = statusResolver({ runs: runs ?? {}, retries: retries ?? {}, approvals: approvals ?? [] });
    const layout = layoutBoard({ workflow, tickets, pendingMoves, filters: { text, label, statuses }, statusOf });
    const kept = new Map<string, string[]>();
    for (const column of layout.columns) {
      const old = previous.current.get(column.state);
      if (old && sameIds(old, column.ids)) column.ids = old;
      kept.set(column.state, column.ids);
    }
    previous.current = kept;
    return layout;
  }, [workflow, tickets, pendingMoves, label, statuses, text, runs, retries, approvals]);
}
