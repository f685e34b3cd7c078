import { useDroppable } from '@dnd-kit/core';
import { defaultRangeExtractor, observeElementRect, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { createContext, memo, useCallback, useContext, useEffect, useEffectEvent, useRef } from 'react';
import { boardStore, isCollapsed, toggleCollapsed, useBoard } from './board-store.js';
import { TicketCard } from './TicketCard.js';

/** First guess of a card's height (px) before it is measured: id line, one title line, status. */
export const CARD_ESTIMATE_PX = 86;
/** Space between cards (px), as in the column's padding. */
const CARD_GAP_PX = 8;
/**
 * Cards rendered beyond each edge of a column's viewport. Eight columns of ~9 visible cards plus
 * 2 × 3 overscan stay near 120 mounted cards on a 1400×860 window, under the 150 of DESIGN.md,
 * while a fast wheel scroll still finds the next cards already there.
 */
export const COLUMN_OVERSCAN = 3;

/**
 * How a column learns its viewport size: the browser's ResizeObserver in the app; a DOM without
 * layout (unit tests) provides a fixed size instead, or no card would ever be "visible".
 */
export const ColumnViewportContext = createContext<typeof observeElementRect<HTMLDivElement>>(observeElementRect);

export interface BoardColumnProps {
  state: string;
  ids: readonly string[];
  total: number;
  filtered: boolean;
  /** A terminal state: while it holds no ticket it stays a narrow strip, leaving room for work in flight. */
  terminal?: boolean;
}

/**
 * A drop target for its state. Open, its cards are virtualized and it scrolls on its own; folded by
 * the user (remembered across reloads), or empty and terminal, it is a narrow strip that still
 * takes drops.
 */
export const BoardColumn = memo(function BoardColumn(props: BoardColumnProps) {
  const collapsed = useBoard((s) => isCollapsed(s, props.state));
  // A card focused in a folded column (a ticket just created there) unfolds it: focus needs the card.
  const wantsFocus = useBoard((s) => collapsed && s.focusRequest !== null && props.ids.includes(s.focusRequest.identifier));
  useEffect(() => {
    if (wantsFocus) toggleCollapsed(boardStore(), props.state);
  }, [wantsFocus, props.state]);
  if (collapsed) return <NarrowColumn {...props} folded />;
  if (props.terminal && props.total === 0) return <NarrowColumn {...props} folded={false} />;
  return <OpenColumn {...props} />;
});

function countText({ ids, total, filtered }: BoardColumnProps): string {
  return filtered ? `${ids.length} of ${total}` : String(total);
}

function NarrowColumn(props: BoardColumnProps & { folded: boolean }) {
  const { state, folded } = props;
  const { setNodeRef, isOver } = useDroppable({ id: `column:${state}`, data: { state } });
  const count = countText(props);
  return (
    <section
      ref={setNodeRef}
      className={`board-column narrow${folded ? ' folded' : ''}${isOver ? ' is-over' : ''}`}
      data-testid={`column-${state}`}
      data-state={state}
      data-narrow={folded ? 'folded' : 'empty'}
      aria-label={`${state}: ${count} tickets${folded ? ' (folded)' : ''}`}
    >
      {folded ? (
        <button type="button" className="column-unfold" onClick={() => toggleCollapsed(boardStore(), state)} aria-expanded={false} title={`Show the ${state} column`} data-testid={`column-toggle-${state}`}>
          <span className="column-count">{count}</span>
          <span className="column-title">{state}</span>
        </button>
      ) : (
        <div className="column-unfold" title={`${state}: no tickets (drop a card here to move it)`}>
          <span className="column-count">{count}</span>
          <span className="column-title">{state}</span>
        </div>
      )}
    </section>
  );
}

function OpenColumn({ state, ids, total, filtered }: BoardColumnProps) {
  const { setNodeRef, isOver } = useDroppable({ id: `column:${state}`, data: { state } });
  const scrollRef = useRef<HTMLDivElement | null>(null);
  // The dragged and the focused card stay mounted even when scrolled out of view: dnd-kit keeps
  // measuring the drag source, and keyboard focus must not fall to <body> while scrolling.
  const draggingIndex = useBoard((s) => (s.draggingId === null ? -1 : ids.indexOf(s.draggingId)));
  const focusedIndex = useBoard((s) => (s.focusedId === null ? -1 : ids.indexOf(s.focusedId)));
  const focusRequest = useBoard((s) => (s.focusRequest && ids.includes(s.focusRequest.identifier) ? s.focusRequest : null));
  const rangeExtractor = useCallback(
    (range: Range) => {
      const indexes = defaultRangeExtractor(range);
      for (const pinned of [draggingIndex, focusedIndex]) if (pinned >= 0 && !indexes.includes(pinned)) indexes.push(pinned);
      return indexes.sort((a, b) => a - b);
    },
    [draggingIndex, focusedIndex],
  );
  const virtualizer = useVirtualizer({
    count: ids.length,
    getScrollElement: () => scrollRef.current,
    estimateSize: () => CARD_ESTIMATE_PX,
    getItemKey: (index) => ids[index] ?? index,
    overscan: COLUMN_OVERSCAN,
    gap: CARD_GAP_PX,
    rangeExtractor,
    observeElementRect: useContext(ColumnViewportContext),
  });
  // Only a new request scrolls; the column re-rendering for other reasons (new ids, a new
  // virtualizer) must not, so those are read when the request comes, not watched.
  const scrollTo = useEffectEvent((identifier: string) => {
    const index = ids.indexOf(identifier);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
  });
  useEffect(() => {
    if (focusRequest) scrollTo(focusRequest.identifier);
  }, [focusRequest]);
  const count = countText({ state, ids, total, filtered });
  return (
    <section
      ref={setNodeRef}
      className={`board-column${isOver ? ' is-over' : ''}`}
      data-testid={`column-${state}`}
      data-state={state}
      aria-label={`${state}: ${count} tickets`}
    >
      <header className="column-head">
        <h2 className="column-title">
          {state} <span className="column-count">{count}</span>
        </h2>
        <button type="button" className="column-fold" onClick={() => toggleCollapsed(boardStore(), state)} aria-expanded title={`Fold the ${state} column`} aria-label={`Fold ${state}`} data-testid={`column-toggle-${state}`}>
          ‹
        </button>
      </header>
      <div ref={scrollRef} className="column-scroll" data-testid={`column-scroll-${state}`}>
        <div className="column-track" style={{ height: virtualizer.getTotalSize() }}>
          {virtualizer.getVirtualItems().map((item) => (
            <div
              key={item.key}
              ref={virtualizer.measureElement}
              data-index={item.index}
              className="card-slot"
              style={{ transform: `translateY(${item.start}px)` }}
            >
              <TicketCard identifier={ids[item.index]!} />
            </div>
          ))}
        </div>
        {ids.length === 0 && <p className="column-empty">{filtered && total > 0 ? 'No match' : 'No tickets'}</p>}
      </div>
    </section>
  );
}
