import { describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain/issue.js';
import type { ApiResult } from '../../lib/api-client.js';
import { emptyFilters } from './board-filters.js';
import { layoutBoard } from './board-layout.js';
import { moveTicket, type MoveDeps } from './board-moves.js';
import { createBoardStore } from './board-store.js';
import { createFleetStore } from '../../stores/fleet-store.js';
import { at, boardWorkflow, byId, issue } from '../../stores/record-fixtures.test-util.js';

/** A PATCH the test answers when it wants, to look at the board while the engine "thinks". */
function setup(tickets: Issue[]) {
  const fleet = createFleetStore({ tickets: byId(tickets), workflow: boardWorkflow(), loaded: true });
  const board = createBoardStore();
  const errors: string[] = [];
  let answer!: (r: ApiResult<Issue>) => void;
  const calls: Array<{ identifier: string; state: string | undefined }> = [];
  const deps: MoveDeps = {
    api: {
      patchTicket: (identifier, patch) => {
        calls.push({ identifier, state: patch.state });
        return new Promise((r) => (answer = r));
      },
    },
    fleet,
    board,
    notifyError: (title, detail) => errors.push(`${title}: ${detail}`),
  };
  const columnOf = (identifier: string) =>
    layoutBoard({ workflow: boardWorkflow(), tickets: fleet.getState().tickets, pendingMoves: board.getState().pendingMoves, filters: emptyFilters, statusOf: () => 'idle' }).columns.find((c) =>
      c.ids.includes(identifier),
    )?.state;
  return { deps, fleet, board, errors, calls, columnOf, answer: (r: ApiResult<Issue>) => answer(r) };
}

describe('moveTicket', () => {
  it('shows the card in the target column at once, then keeps it there with the engine answer', async () => {
    const t = setup([issue(1)]);
    const done = moveTicket(t.deps, 'BAT-1', 'Human Review');
    expect(t.calls).toEqual([{ identifier: 'BAT-1', state: 'Human Review' }]);
    expect(t.columnOf('BAT-1')).toBe('Human Review');
    expect(t.fleet.getState().tickets['BAT-1']!.state).toBe('Todo');
    t.answer({ ok: true, value: issue(1, { state: 'Human Review', updated_at: at(1_000) }) });
    await done;
    expect(t.board.getState().pendingMoves).toEqual({});
    expect(t.fleet.getState().tickets['BAT-1']!.state).toBe('Human Review');
    expect(t.columnOf('BAT-1')).toBe('Human Review');
    expect(t.errors).toEqual([]);
  });

  it('returns the card to its column and names the reason when the engine refuses', async () => {
    const t = setup([issue(1, { state: 'Backlog' })]);
    const done = moveTicket(t.deps, 'BAT-1', 'Done');
    expect(t.columnOf('BAT-1')).toBe('Done');
    t.answer({ ok: false, error: { code: 'invalid_state', message: 'Done is not a state of this tracker', status: 400 } });
    await done;
    expect(t.columnOf('BAT-1')).toBe('Backlog');
    expect(t.board.getState().pendingMoves).toEqual({});
    expect(t.errors).toEqual(['Could not move BAT-1 to Done: Done is not a state of this tracker (invalid_state)']);
  });

  it('returns the card on a network failure too', async () => {
    const t = setup([issue(1)]);
    const done = moveTicket(t.deps, 'BAT-1', 'Done');
    t.answer({ ok: false, error: { code: 'network_error', message: 'the engine is unreachable (Failed to fetch)', status: null } });
    await done;
    expect(t.columnOf('BAT-1')).toBe('Todo');
    expect(t.errors[0]).toContain('network_error');
  });

  it('does nothing for a drop on the column the card is already in, or for an unknown ticket', async () => {
    const t = setup([issue(1)]);
    expect(await moveTicket(t.deps, 'BAT-1', ' todo ')).toBeNull();
    expect(await moveTicket(t.deps, 'BAT-9', 'Done')).toBeNull();
    expect(t.calls).toEqual([]);
  });

  it('does not roll the ticket back when a newer version arrived over the WebSocket first', async () => {
    const t = setup([issue(1)]);
    const done = moveTicket(t.deps, 'BAT-1', 'Human Review');
    // The agent moved it on before the HTTP answer came back.
    t.fleet.setState({ tickets: byId([issue(1, { state: 'Done', updated_at: at(5_000) })]) });
    t.answer({ ok: true, value: issue(1, { state: 'Human Review', updated_at: at(1_000) }) });
    await done;
    expect(t.columnOf('BAT-1')).toBe('Done');
  });
});
