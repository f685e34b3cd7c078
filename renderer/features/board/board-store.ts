import { createStore, type StoreApi } from 'zustand/vanilla';
import { useStore } from 'zustand';
import { normalizeState } from '../../../shared/domain/issue.js';
import { emptyFilters, parseFilters, type BoardFilters } from './board-filters.js';

/** A move the engine has not confirmed yet: the card shows in `to` until it answers. */
export interface PendingMove {
  from: string;
  to: string;
  /** Tells a late answer to an older move of the same card from the answer to the newest one. */
  seq: number;
}

/** Board UI state that is not the engine's: optimistic moves, filters, focus, open dialogs. */
export interface BoardState {
  pendingMoves: Readonly<Record<string, PendingMove>>;
  filters: BoardFilters;
  /** The card that last had keyboard focus (the command palette acts on it). */
  focusedId: string | null;
  /** A request to move keyboard focus to a card; `seq` changes on every request. */
  focusRequest: { identifier: string; seq: number } | null;
  /** The card being dragged: kept mounted by its column even when scrolled out of view. */
  draggingId: string | null;
  createOpen: boolean;
  /** Columns the user folded away, by normalized state; kept across reloads. */
  collapsed: readonly string[];
}

export type BoardStore = StoreApi<BoardState>;

/** Where filters and folded columns survive a reload; localStorage in the app, a Map-backed fake in tests. */
export type FilterStorage = Pick<Storage, 'getItem' | 'setItem'>;

export const FILTERS_STORAGE_KEY = 'baton.board.filters';
export const COLLAPSED_STORAGE_KEY = 'baton.board.collapsed';

export function createBoardStore(storage: FilterStorage | null = null): BoardStore {
  const store = createStore<BoardState>()(() => ({
    pendingMoves: {},
    filters: storage ? parseFilters(safeGet(storage, FILTERS_STORAGE_KEY)) : emptyFilters,
    focusedId: null,
    focusRequest: null,
    draggingId: null,
    createOpen: false,
    collapsed: storage ? parseCollapsed(safeGet(storage, COLLAPSED_STORAGE_KEY)) : [],
  }));
  if (storage) {
    store.subscribe((s, prev) => {
      if (s.filters !== prev.filters) safeSet(storage, FILTERS_STORAGE_KEY, JSON.stringify(s.filters));
      if (s.collapsed !== prev.collapsed) safeSet(storage, COLLAPSED_STORAGE_KEY, JSON.stringify(s.collapsed));
    });
  }
  return store;
}

/** Folds a column away, or unfolds it. */
export function toggleCollapsed(store: BoardStore, state: string): void {
  const key = normalizeState(state);
  store.setState((s) => ({ collapsed: s.collapsed.includes(key) ? s.collapsed.filter((k) => k !== key) : [...s.collapsed, key] }));
}

export function isCollapsed(s: Pick<BoardState, 'collapsed'>, state: string): boolean {
  return s.collapsed.includes(normalizeState(state));
}

/** A stored list from an older or foreign build is ignored rather than trusted. */
function parseCollapsed(raw: string | null): string[] {
  try {
    const value: unknown = raw === null ? [] : JSON.parse(raw);
    return Array.isArray(value) ? value.filter((v): v is string => typeof v === 'string').map(normalizeState) : [];
  } catch {
    return [];
  }
}

let moveSeq = 0;

/** Records an optimistic move and returns its seq (pass it to `settleMove`). */
export function beginMove(store: BoardStore, identifier: string, from: string, to: string): number {
  const seq = ++moveSeq;
  store.setState((s) => ({ pendingMoves: { ...s.pendingMoves, [identifier]: { from, to, seq } } }));
  return seq;
}

/** Drops the pending move once the engine answered (either way), unless a newer one replaced it. */
export function settleMove(store: BoardStore, identifier: string, seq: number): void {
  store.setState((s) => {
    if (s.pendingMoves[identifier]?.seq !== seq) return s;
    const { [identifier]: _settled, ...rest } = s.pendingMoves;
    return { pendingMoves: rest };
  });
}

export function setFilters(store: BoardStore, patch: Partial<BoardFilters>): void {
  store.setState((s) => ({ filters: { ...s.filters, ...patch } }));
}

let focusSeq = 0;

export function requestFocus(store: BoardStore, identifier: string): void {
  store.setState({ focusRequest: { identifier, seq: ++focusSeq }, focusedId: identifier });
}

let current: BoardStore | null = null;

/** The app's board store, set once at boot next to the fleet store (tests create their own). */
export function setBoardStore(store: BoardStore): void {
  current = store;
}

export function boardStore(): BoardStore {
  // A board without persisted filters is still a working board: create one on first use rather
  // than fail a view whose boot did not set one up.
  if (!current) current = createBoardStore();
  return current;
}

export function useBoard<T>(selector: (state: BoardState) => T): T {
  return useStore(boardStore(), selector);
}

function safeGet(storage: FilterStorage, key: string): string | null {
  try {
    return storage.getItem(key);
  } catch {
    return null;
  }
}

function safeSet(storage: FilterStorage, key: string, value: string): void {
  try {
    storage.setItem(key, value);
  } catch {
    // Storage full or denied (private mode): the choice then lasts for this session only.
  }
}
