import { useDraggable } from '@dnd-kit/core';
import { memo, useCallback, useEffect, useRef, type KeyboardEvent } from 'react';
import { navigate } from '../../lib/route.js';
import { boardStore, useBoard } from './board-store.js';
import { CardBody } from './CardBody.js';

/**
 * A card selects only its own ticket, run and focus slices, so other agents' chatter never
 * re-renders it. It is the drag source; what moves on screen is the DragOverlay copy.
 */
export const TicketCard = memo(function TicketCard({ identifier }: { identifier: string }) {
  const { attributes, listeners, setNodeRef, isDragging } = useDraggable({ id: identifier });
  const pending = useBoard((s) => s.pendingMoves[identifier] !== undefined);
  const focusSeq = useBoard((s) => (s.focusRequest?.identifier === identifier ? s.focusRequest.seq : 0));
  const node = useRef<HTMLElement | null>(null);
  const setRef = useCallback(
    (el: HTMLElement | null) => {
      node.current = el;
      setNodeRef(el);
    },
    [setNodeRef],
  );
  useEffect(() => {
    // The column scrolls the card into view; focusing must not scroll again to a guessed offset.
    if (focusSeq !== 0) node.current?.focus({ preventScroll: true });
  }, [focusSeq]);
  const onKeyDown = (e: KeyboardEvent<HTMLElement>) => {
    listeners?.onKeyDown?.(e);
    if (e.key === 'Enter' && !e.defaultPrevented && boardStore().getState().draggingId === null) {
      navigate({ view: 'ticket', identifier });
    }
  };
  return (
    <article
      ref={setRef}
      {...attributes}
      {...listeners}
      aria-busy={pending || undefined}
      className={`ticket-card${isDragging ? ' is-drag-source' : ''}${pending ? ' is-pending' : ''}`}
      data-testid={`card-${identifier}`}
      data-card-id={identifier}
      onKeyDown={onKeyDown}
      onClick={() => navigate({ view: 'ticket', identifier })}
      onFocus={() => boardStore().setState({ focusedId: identifier })}
    >
      <CardBody identifier={identifier} />
    </article>
  );
});
