import { normalizeState, type Issue } from '../../../shared/domain/issue.js';
import type { WorkflowResponse } from '../../../shared/api/schemas.js';
import { boardColumns, isTerminalState } from './board-columns.js';
import { hasFilters, ticketMatcher, type BoardFilters, type TicketStatus } from './board-filters.js';
import type { PendingMove } from './board-store.js';

export interface ColumnLayout {
  /** The state as the workflow spells it: the column's title and the PATCH target. */
  state: string;
  /** Identifiers of the cards shown, in display order. */
  ids: string[];
  /** Cards in this state before filtering. */
  total: number;
  /** A terminal state (Done, Cancelled, …): shown narrow while it holds no ticket. */
  terminal: boolean;
}

export interface BoardLayout {
  columns: ColumnLayout[];
  shown: number;
  total: number;
  filtered: boolean;
}

export interface LayoutInput {
  workflow: WorkflowResponse | null;
  tickets: Readonly<Record<string, Issue>>;
  pendingMoves: Readonly<Record<string, PendingMove>>;
  filters: BoardFilters;
  statusOf: (identifier: string) => TicketStatus;
}

/** Linear's scale: 1 urgent … 4 low; 0 and null mean "no priority" and sort after all others. */
function priorityRank(p: number | null): number {
  return p === null || p === 0 ? Number.MAX_SAFE_INTEGER : p;
}

/**
 * Groups tickets into columns in workflow order. A ticket with a pending move is placed in the
 * move's target. Within a column: by priority, then in the tracker's order (creation order for the
 * local tracker), so a card does not jump around when another one changes.
 */
export function layoutBoard(input: LayoutInput): BoardLayout {
  const all = Object.values(input.tickets);
  const stateOf = (t: Issue) => input.pendingMoves[t.identifier]?.to ?? t.state;
  const states = boardColumns(input.workflow, all.map(stateOf));
  const filtered = hasFilters(input.filters);
  const matches = ticketMatcher(input.filters, input.statusOf);
  const byKey = new Map<string, { order: number; ticket: Issue }[]>();
  const totals = new Map<string, number>();
  all.forEach((ticket, order) => {
    const key = normalizeState(stateOf(ticket));
    totals.set(key, (totals.get(key) ?? 0) + 1);
    if (filtered && !matches(ticket)) return;
    let list = byKey.get(key);
    if (!list) byKey.set(key, (list = []));
    list.push({ order, ticket });
  });
  let shown = 0;
  const columns = states.map((state) => {
    const key = normalizeState(state);
    const list = byKey.get(key) ?? [];
    list.sort((a, b) => priorityRank(a.ticket.priority) - priorityRank(b.ticket.priority) || a.order - b.order);
    shown += list.length;
    return { state, ids: list.map((e) => e.ticket.identifier), total: totals.get(key) ?? 0, terminal: isTerminalState(input.workflow, state) };
  });
  return { columns, shown, total: all.length, filtered };
}

/** Keeps the previous array when the ids are the same, so memoized columns skip re-rendering. */
export function sameIds(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
