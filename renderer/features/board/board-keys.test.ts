import { describe, expect, it } from 'vitest';
import { navMoveOf, nextCard } from './board-keys.js';

const columns = [{ ids: ['A1', 'A2', 'A3'] }, { ids: [] }, { ids: ['C1'] }, { ids: ['D1', 'D2'] }];
const key = (k: string, mods: Partial<{ ctrlKey: boolean; shiftKey: boolean }> = {}) => navMoveOf({ key: k, ctrlKey: false, metaKey: false, altKey: false, shiftKey: false, ...mods });

describe('board keyboard navigation', () => {
  it('maps arrows and h/j/k/l, not with modifiers', () => {
    expect(['ArrowUp', 'k', 'ArrowDown', 'j', 'ArrowLeft', 'h', 'ArrowRight', 'l', 'Home', 'End', 'x'].map((k) => key(k))).toEqual([
      'up', 'up', 'down', 'down', 'left', 'left', 'right', 'right', 'first', 'last', null,
    ]);
    expect(key('j', { ctrlKey: true })).toBeNull();
    expect(key('J', { shiftKey: true })).toBeNull();
  });

  it('moves within a column and stops at its ends', () => {
    expect(nextCard(columns, 'A1', 'down')).toBe('A2');
    expect(nextCard(columns, 'A3', 'down')).toBe('A3');
    expect(nextCard(columns, 'A1', 'up')).toBe('A1');
    expect(nextCard(columns, 'A2', 'last')).toBe('A3');
    expect(nextCard(columns, 'A3', 'first')).toBe('A1');
  });

  it('moves across columns, skipping empty ones and keeping the row where it can', () => {
    expect(nextCard(columns, 'A3', 'right')).toBe('C1');
    expect(nextCard(columns, 'C1', 'right')).toBe('D1');
    expect(nextCard(columns, 'D2', 'left')).toBe('C1');
    expect(nextCard(columns, 'A2', 'left')).toBe('A2');
    expect(nextCard(columns, 'D2', 'right')).toBe('D2');
  });

  it('starts at the first card when nothing (or a filtered-out card) has focus', () => {
    expect(nextCard(columns, null, 'down')).toBe('A1');
    expect(nextCard(columns, 'gone', 'right')).toBe('A1');
    expect(nextCard([{ ids: [] }], null, 'down')).toBeNull();
  });
});
