import {
  KeyboardCode,
  KeyboardSensor,
  PointerSensor,
  pointerWithin,
  rectIntersection,
  useSensor,
  useSensors,
  type Announcements,
  type CollisionDetection,
  type KeyboardCoordinateGetter,
  type PointerSensorProps,
  type ScreenReaderInstructions,
} from '@dnd-kit/core';
import { flushSync } from 'react-dom';

/** A press must travel this far (px) before it becomes a drag, so a click still opens the card. */
export const DRAG_ACTIVATION_DISTANCE_PX = 5;

/** The state a droppable column stands for (its data carries it; its id is `column:<state>`). */
export function dropState(over: { data: { current?: Record<string, unknown> | undefined } } | null): string | null {
  const state = over?.data.current?.state;
  return typeof state === 'string' ? state : null;
}

/** With a pointer: the column under it. From the keyboard (no pointer): the column the card overlaps most. */
export const boardCollisions: CollisionDetection = (args) => {
  if (args.pointerCoordinates) {
    const hits = pointerWithin(args);
    if (hits.length > 0) return hits;
  }
  return rectIntersection(args);
};

/**
 * Keyboard dragging jumps a whole column per arrow press (dnd-kit's default moves 25 px, a dozen
 * presses per column). Up/down do nothing: a column is one drop target, its order is the tracker's.
 */
export const columnCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  if (event.code !== KeyboardCode.Right && event.code !== KeyboardCode.Left) return undefined;
  const rect = context.collisionRect;
  if (!rect) return undefined;
  event.preventDefault();
  const center = rect.left + rect.width / 2;
  const columns = [...context.droppableRects.values()].sort((a, b) => a.left - b.left);
  const target = event.code === KeyboardCode.Right ? columns.find((c) => c.left > center) : columns.reverse().find((c) => c.left + c.width < center);
  if (!target) return undefined;
  return { x: target.left + (target.width - rect.width) / 2, y: currentCoordinates.y };
};

/**
 * dnd-kit moves the dragged card through React state. An update from a native pointermove
 * listener gets React's "continuous" priority: it renders in a task after the browser's frame, so
 * the card would trail the pointer by a whole frame (measured: input → painted ≈ 2 frames).
 * Committing each move synchronously puts the new transform into the frame that delivered the
 * pointermove; a move costs ~1–2 ms of rendering (bench/board), far inside the frame.
 */
export class SyncPointerSensor extends PointerSensor {
  constructor(props: PointerSensorProps) {
    super({ ...props, onMove: (coordinates) => flushSync(() => props.onMove(coordinates)) });
  }
}

export function useBoardSensors() {
  return useSensors(
    useSensor(SyncPointerSensor, { activationConstraint: { distance: DRAG_ACTIVATION_DISTANCE_PX } }),
    // Space picks a card up and drops it; Enter stays "open the ticket" until a drag has started.
    useSensor(KeyboardSensor, {
      coordinateGetter: columnCoordinates,
      keyboardCodes: { start: [KeyboardCode.Space], cancel: [KeyboardCode.Esc], end: [KeyboardCode.Space, KeyboardCode.Enter] },
    }),
  );
}

export const screenReaderInstructions: ScreenReaderInstructions = {
  draggable: 'To move this ticket, press Space, then the left and right arrows to choose a column, Space again to drop, or Escape to cancel.',
};

const where = (over: { data: { current?: Record<string, unknown> | undefined } } | null) => dropState(over) ?? 'no column';

export const announcements: Announcements = {
  onDragStart: ({ active }) => `Picked up ticket ${active.id}.`,
  onDragOver: ({ active, over }) => `Ticket ${active.id} is over ${where(over)}.`,
  onDragEnd: ({ active, over }) => (over ? `Ticket ${active.id} was dropped on ${where(over)}.` : `Ticket ${active.id} was dropped outside the columns.`),
  onDragCancel: ({ active }) => `Moving ticket ${active.id} was cancelled.`,
};
