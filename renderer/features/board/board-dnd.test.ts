import type { ClientRect, SensorContext } from '@dnd-kit/core';
import { describe, expect, it } from 'vitest';
import { columnCoordinates, dropState } from './board-dnd.js';

const rect = (left: number, width = 272, top = 100, height = 600): ClientRect => ({ left, top, width, height, right: left + width, bottom: top + height });
const columns = new Map([
  ['column:Todo', rect(12)],
  ['column:In Progress', rect(296)],
  ['column:Done', rect(580)],
]);

function press(code: string, card: ClientRect | null) {
  let prevented = false;
  const event = { code, preventDefault: () => (prevented = true) } as unknown as KeyboardEvent;
  const context = { collisionRect: card, droppableRects: columns } as unknown as SensorContext;
  const next = columnCoordinates(event, { active: 'BAT-1', context, currentCoordinates: { x: card?.left ?? 0, y: card?.top ?? 0 } });
  return { next, prevented };
}

describe('keyboard drag between columns', () => {
  it('jumps the card to the middle of the next column on the right or left, keeping its height', () => {
    const card = rect(20, 256, 140, 80);
    expect(press('ArrowRight', card)).toEqual({ next: { x: 296 + 8, y: 140 }, prevented: true });
    expect(press('ArrowLeft', rect(304, 256, 140, 80)).next).toEqual({ x: 12 + 8, y: 140 });
  });

  it('stays put at the ends, on up/down, and before the card has been measured', () => {
    expect(press('ArrowLeft', rect(20, 256)).next).toBeUndefined();
    expect(press('ArrowRight', rect(588, 256)).next).toBeUndefined();
    expect(press('ArrowDown', rect(20, 256)).next).toBeUndefined();
    expect(press('ArrowRight', null).next).toBeUndefined();
  });
});

describe('dropState', () => {
  it('reads the state a column stands for, and null off the columns', () => {
    expect(dropState({ data: { current: { state: 'Human Review' } } })).toBe('Human Review');
    expect(dropState({ data: { current: {} } })).toBeNull();
    expect(dropState(null)).toBeNull();
  });
});
