import type { Issue } from '../../shared/domain/issue.js';
import type { Approval, RetryEntry, RunningEntry, StateSnapshot, TerminalInfo, WorkflowResponse } from '../../shared/api/schemas.js';
import type { Overlap } from '../../shared/api/review-schemas.js';
import type { ServerMessage } from '../../shared/api/ws-messages.js';
import type { SocketStatus } from '../lib/live-socket.js';

/**
 * Everything the UI shows about the fleet, normalized by ticket identifier so each card selects
 * only its own slice. Reducers keep the identity of entries that did not change: a card
 * re-renders only when its own ticket or run row changed.
 */
export interface FleetState {
  connection: SocketStatus;
  /** True once the first full load (tickets + state) arrived. */
  loaded: boolean;
  snapshot: StateSnapshot | null;
  tickets: Readonly<Record<string, Issue>>;
  runs: Readonly<Record<string, RunningEntry>>;
  retries: Readonly<Record<string, RetryEntry>>;
  approvals: readonly Approval[];
  terminals: readonly TerminalInfo[];
  workflow: WorkflowResponse | null;
  /** Landing-queue entries' overlaps by ticket identifier (only tickets that have some). */
  overlaps: Readonly<Record<string, readonly Overlap[]>>;
}

export const initialFleetState: FleetState = {
  connection: 'closed',
  loaded: false,
  snapshot: null,
  tickets: {},
  runs: {},
  retries: {},
  approvals: [],
  terminals: [],
  workflow: null,
  overlaps: {},
};

/** Applies a batch of WebSocket messages at once (one store update per animation frame). */
export function applyMessages(state: FleetState, messages: readonly ServerMessage[]): FleetState {
  let next = state;
  for (const m of messages) {
    switch (m.type) {
      case 'state':
        next = applySnapshot(next, m.state);
        break;
      case 'ticket':
        next = applyTickets(next, [m.ticket]);
        break;
      case 'approvals':
        next = { ...next, approvals: m.approvals };
        break;
      case 'terminal.list':
        next = { ...next, terminals: m.terminals };
        break;
      case 'workflow':
        next = { ...next, workflow: m.workflow };
        break;
      default:
        break;
    }
  }
  return next;
}

export function applySnapshot(state: FleetState, snapshot: StateSnapshot): FleetState {
  return {
    ...state,
    snapshot,
    runs: reuseEntries(state.runs, byIdentifier(snapshot.running)),
    retries: reuseEntries(state.retries, byIdentifier(snapshot.retrying)),
  };
}

export function applyTickets(state: FleetState, tickets: readonly Issue[], replaceAll = false): FleetState {
  const incoming: Record<string, Issue> = replaceAll ? {} : { ...state.tickets };
  for (const t of tickets) incoming[t.identifier] = t;
  return { ...state, tickets: reuseEntries(state.tickets, incoming) };
}

function byIdentifier<T extends { issue_identifier: string }>(rows: readonly T[]): Record<string, T> {
  const out: Record<string, T> = {};
  for (const r of rows) out[r.issue_identifier] = r;
  return out;
}

/** Keeps the previous object for every entry whose content is unchanged (and the map if all are). */
function reuseEntries<T>(previous: Readonly<Record<string, T>>, next: Record<string, T>): Readonly<Record<string, T>> {
  let changed = Object.keys(previous).length !== Object.keys(next).length;
  for (const [key, value] of Object.entries(next)) {
    const old = previous[key];
    if (old !== undefined && sameJson(old, value)) next[key] = old;
    else changed = true;
  }
  return changed ? next : previous;
}

function sameJson(a: unknown, b: unknown): boolean {
  return a === b || JSON.stringify(a) === JSON.stringify(b);
}
