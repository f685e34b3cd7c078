import { useDroppable } from '@dnd-kit/core';
import { defaultRangeExtractor, observeElementRect, useVirtualizer, type Range } from '@tanstack/react-virtual';
import { createContext, memo, useCallback, useContext, useEffect, useRef } from 'react';
import { useBoard } from '../../stores/board-store.js';
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
}

/** A drop target for its state; its cards are virtualized and it scrolls on its own. */
export const BoardColumn = memo(function BoardColumn({ state, ids, total, filtered }: BoardColumnProps) {
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
  useEffect(() => {
    if (!focusRequest) return;
    const index = ids.indexOf(focusRequest.identifier);
    if (index >= 0) virtualizer.scrollToIndex(index, { align: 'auto' });
    // Only a new request scrolls; the column re-rendering for other reasons must not.
  }, [focusRequest]);
  const count = filtered ? `${ids.length} of ${total}` : String(total);
  return (
    <section
      ref={setNodeRef}
      className={`board-column${isOver ? ' is-over' : ''}`}
      data-testid={`column-${state}`}
      data-state={state}
      aria-label={`${state}: ${count} tickets`}
    >
      <h2 className="column-title">
        {state} <span className="column-count">{count}</span>
      </h2>
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
});
