import { describe, expect, it } from 'vitest';
import { parseFilters } from './board-filters.js';
import { COLLAPSED_STORAGE_KEY, FILTERS_STORAGE_KEY, beginMove, createBoardStore, isCollapsed, requestFocus, setFilters, settleMove, toggleCollapsed, type FilterStorage } from './board-store.js';

function memoryStorage(initial: Record<string, string> = {}): FilterStorage & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return { data, getItem: (k) => data.get(k) ?? null, setItem: (k, v) => void data.set(k, v) };
}

describe('board store', () => {
  it('keeps a pending move until its own answer settles it, not an older one', () => {
    const store = createBoardStore();
    const first = beginMove(store, 'BAT-1', 'Todo', 'Done');
    const second = beginMove(store, 'BAT-1', 'Done', 'Human Review');
    settleMove(store, 'BAT-1', first);
    expect(store.getState().pendingMoves['BAT-1']).toEqual({ from: 'Done', to: 'Human Review', seq: second });
    settleMove(store, 'BAT-1', second);
    expect(store.getState().pendingMoves).toEqual({});
  });

  it('saves filters and restores them in a new store (a reload)', () => {
    const storage = memoryStorage();
    const store = createBoardStore(storage);
    setFilters(store, { text: 'login', statuses: ['running'] });
    setFilters(store, { label: 'bug' });
    expect(createBoardStore(storage).getState().filters).toEqual({ text: 'login', label: 'bug', statuses: ['running'] });
  });

  it('starts unfiltered when the saved filters are garbage, and survives a storage that throws', () => {
    expect(createBoardStore(memoryStorage({ [FILTERS_STORAGE_KEY]: '{not json' })).getState().filters).toEqual({ text: '', label: null, statuses: [] });
    expect(parseFilters(JSON.stringify({ text: 3, label: '', statuses: ['running', 'sleeping'] }))).toEqual({ text: '', label: null, statuses: ['running'] });
    const broken: FilterStorage = {
      getItem: () => {
        throw new Error('denied');
      },
      setItem: () => {
        throw new Error('quota');
      },
    };
    const store = createBoardStore(broken);
    setFilters(store, { text: 'x' });
    expect(store.getState().filters.text).toBe('x');
  });

  it('remembers folded columns across a reload, by state whatever its spelling', () => {
    const storage = memoryStorage();
    const store = createBoardStore(storage);
    toggleCollapsed(store, 'Backlog');
    toggleCollapsed(store, 'Done');
    toggleCollapsed(store, 'done');
    const reloaded = createBoardStore(storage).getState();
    expect(reloaded.collapsed).toEqual(['backlog']);
    expect(isCollapsed(reloaded, 'BACKLOG')).toBe(true);
    expect(isCollapsed(reloaded, 'Done')).toBe(false);
  });

  it('ignores a stored list of folded columns that is not a list of names', () => {
    expect(createBoardStore(memoryStorage({ [COLLAPSED_STORAGE_KEY]: '{"a":1}' })).getState().collapsed).toEqual([]);
    expect(createBoardStore(memoryStorage({ [COLLAPSED_STORAGE_KEY]: '["Todo",3' })).getState().collapsed).toEqual([]);
    expect(createBoardStore(memoryStorage({ [COLLAPSED_STORAGE_KEY]: '["Todo",3]' })).getState().collapsed).toEqual(['todo']);
  });

  it('a focus request names the card and changes on every request, even for the same card', () => {
    const store = createBoardStore();
    requestFocus(store, 'BAT-2');
    const first = store.getState().focusRequest;
    requestFocus(store, 'BAT-2');
    expect(store.getState().focusRequest?.identifier).toBe('BAT-2');
    expect(store.getState().focusRequest?.seq).not.toBe(first?.seq);
    expect(store.getState().focusedId).toBe('BAT-2');
  });
});
