import { DndContext, DragOverlay, type DragEndEvent, type DragStartEvent } from '@dnd-kit/core';
import { useEffect, useState, type KeyboardEvent } from 'react';
import { useServices } from '../../lib/services.js';
import { boardStore, isCollapsed, requestFocus, useBoard } from './board-store.js';
import { moveTicket } from './board-moves.js';
import { fleetStore, useFleet } from '../../stores/fleet-store.js';
import { BoardColumn } from './BoardColumn.js';
import { CardBody } from './CardBody.js';
import { CreateTicketDialog } from './CreateTicketDialog.js';
import { FilterBar } from './FilterBar.js';
import { announcements, boardCollisions, dropState, screenReaderInstructions, useBoardSensors } from './board-dnd.js';
import { navMoveOf, nextCard } from './board-keys.js';
import { notifyMoveError } from './notify.js';
import { useBoardLayout } from './use-board-layout.js';
import { useBoardShortcuts } from './use-board-shortcuts.js';
import { useMergeOverlaps } from './use-merge-overlaps.js';
import './board.css';
import { Clocks, ClocksContext } from '../../lib/use-now.js';

/** One column per tracker state, in workflow order; drag cards between them to change state. */
export function Board() {
  const { api } = useServices();
  const [clock] = useState(() => new Clocks());
  useEffect(() => () => clock.dispose(), [clock]);
  const layout = useBoardLayout();
  const loaded = useFleet((s) => s.loaded);
  const draggingId = useBoard((s) => s.draggingId);
  const sensors = useBoardSensors();
  useBoardShortcuts();
  useMergeOverlaps();

  const onDragStart = ({ active }: DragStartEvent) => boardStore().setState({ draggingId: String(active.id) });
  const onDragCancel = () => boardStore().setState({ draggingId: null });
  const onDragEnd = ({ active, over }: DragEndEvent) => {
    const identifier = String(active.id);
    boardStore().setState({ draggingId: null });
    const state = dropState(over);
    if (state) void moveTicket({ api, fleet: fleetStore(), board: boardStore(), notifyError: notifyMoveError }, identifier, state);
  };
  // Arrow keys and h/j/k/l between cards; ignored while a keyboard drag owns the arrows.
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const card = (e.target as HTMLElement).closest<HTMLElement>('[data-card-id]');
    if (!card || boardStore().getState().draggingId !== null) return;
    const move = navMoveOf(e);
    if (!move) return;
    e.preventDefault();
    // Cards of folded columns are not on screen: arrows skip those columns.
    const { collapsed } = boardStore().getState();
    const next = nextCard(layout.columns.map((c) => (isCollapsed({ collapsed }, c.state) ? { ids: [] } : c)), card.dataset.cardId ?? null, move);
    if (next) requestFocus(boardStore(), next);
  };

  return (
    <ClocksContext.Provider value={clock}>
      <div className="board-view">
        <FilterBar shown={layout.shown} total={layout.total} onCreate={() => boardStore().setState({ createOpen: true })} />
        <DndContext
          sensors={sensors}
          collisionDetection={boardCollisions}
          onDragStart={onDragStart}
          onDragEnd={onDragEnd}
          onDragCancel={onDragCancel}
          accessibility={{ announcements, screenReaderInstructions }}
        >
          <div className="board" data-testid="board" data-loaded={loaded} onKeyDown={onKeyDown}>
            {layout.columns.map((c) => (
              <BoardColumn key={c.state} state={c.state} ids={c.ids} total={c.total} filtered={layout.filtered} terminal={c.terminal} />
            ))}
            {loaded && layout.columns.length === 0 && <p className="board-empty">No tickets yet. Press c to create one.</p>}
          </div>
          <DragOverlay dropAnimation={null}>
            {draggingId && (
              <div className="ticket-card drag-overlay" data-testid="drag-overlay">
                <CardBody identifier={draggingId} />
              </div>
            )}
          </DragOverlay>
        </DndContext>
        <CreateTicketDialog states={layout.columns.map((c) => c.state)} />
      </div>
    </ClocksContext.Provider>
  );
}
