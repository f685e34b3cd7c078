/** Keyboard navigation between cards: pure, so it is tested without a DOM. */
export type NavMove = 'up' | 'down' | 'left' | 'right' | 'first' | 'last';

const KEYS: Record<string, NavMove> = {
  ArrowUp: 'up',
  k: 'up',
  ArrowDown: 'down',
  j: 'down',
  ArrowLeft: 'left',
  h: 'left',
  ArrowRight: 'right',
  l: 'right',
  Home: 'first',
  End: 'last',
};

export function navMoveOf(e: { key: string; ctrlKey: boolean; metaKey: boolean; altKey: boolean; shiftKey: boolean }): NavMove | null {
  if (e.ctrlKey || e.metaKey || e.altKey || e.shiftKey) return null;
  return KEYS[e.key] ?? null;
}

/**
 * The card to focus after a move. Left/right go to the nearest non-empty column and keep the row
 * (clamped), so moving across and back returns to the same card. Nothing focused yet: the first card.
 */
export function nextCard(columns: readonly { ids: readonly string[] }[], current: string | null, move: NavMove): string | null {
  const c = current === null ? -1 : columns.findIndex((col) => col.ids.includes(current));
  if (c < 0) return columns.find((col) => col.ids.length > 0)?.ids[0] ?? null;
  const ids = columns[c]!.ids;
  const row = ids.indexOf(current!);
  switch (move) {
    case 'up':
      return ids[Math.max(0, row - 1)]!;
    case 'down':
      return ids[Math.min(ids.length - 1, row + 1)]!;
    case 'first':
      return ids[0]!;
    case 'last':
      return ids[ids.length - 1]!;
    case 'left':
    case 'right': {
      const step = move === 'left' ? -1 : 1;
      for (let i = c + step; i >= 0 && i < columns.length; i += step) {
        const target = columns[i]!.ids;
        if (target.length > 0) return target[Math.min(row, target.length - 1)]!;
      }
      return current;
    }
  }
}

/** True while the user types: single-key shortcuts must not fire then. */
export function isTypingTarget(target: EventTarget | null): boolean {
  if (!(target instanceof HTMLElement)) return false;
  const tag = target.tagName;
  return tag === 'INPUT' || tag === 'TEXTAREA' || tag === 'SELECT' || target.isContentEditable;
}
