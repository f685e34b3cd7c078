// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { boardWorkflow, byId, issue } from '../../stores/record-fixtures.test-util.js';
import { renderWithBoard, type Engine } from '../../features/board/board-kit.test-util.js';
import { CommandPalette } from './CommandPalette.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const tickets = byId([issue(1, { title: 'Fix login redirect' }), issue(2, { title: 'Dashboard flicker', state: 'Backlog' })]);

function openPalette(engine: Engine = () => undefined) {
  const h = renderWithBoard(<CommandPalette />, { tickets, workflow: boardWorkflow() }, engine);
  fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
  return h;
}
const items = () => screen.queryAllByRole('option').map((o) => o.textContent);
const type = (text: string) => fireEvent.change(screen.getByTestId('palette-input'), { target: { value: text } });

describe('CommandPalette', () => {
  it('opens on Ctrl+K with the commands, and closes on Ctrl+K again', () => {
    openPalette();
    expect(items()).toEqual(['Create ticket…c', 'Go to board', 'Go to operator queue', 'Go to review inbox', 'Go to landing queue', 'Refresh from the tracker']);
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(screen.queryByTestId('palette-input')).toBeNull();
  });

  it('goes to a ticket found fuzzily by title', () => {
    openPalette();
    type('dash flick');
    expect(items()[0]).toContain('BAT-2');
    fireEvent.click(screen.getByRole('option', { name: /BAT-2/ }));
    expect(window.location.hash).toBe('#/ticket/BAT-2');
    expect(screen.queryByTestId('palette-input')).toBeNull();
  });

  it('moves the focused ticket to a chosen state through the engine', async () => {
    const h = renderWithBoard(<CommandPalette />, { tickets, workflow: boardWorkflow() }, (c) =>
      c.method === 'PATCH' ? { status: 200, body: { ...tickets['BAT-1'], state: 'Done', updated_at: '2026-01-02T00:00:00.000Z' } } : undefined,
    );
    act(() => h.board.setState({ focusedId: 'BAT-1' }));
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    fireEvent.click(screen.getByRole('option', { name: 'Move BAT-1 to…' }));
    expect(items()).toEqual(['Backlog', 'Todo', 'In Progress', 'Human Review', 'Done']);
    fireEvent.click(screen.getByRole('option', { name: 'Done' }));
    await waitFor(() => expect(h.fleet.getState().tickets['BAT-1']!.state).toBe('Done'));
    expect(h.calls).toEqual([{ method: 'PATCH', path: '/api/v1/tickets/BAT-1', body: { state: 'Done' } }]);
  });

  it('refresh asks the engine for a poll', async () => {
    const h = openPalette((c) => (c.path === '/api/v1/refresh' ? { status: 202, body: { queued: true, coalesced: false, requested_at: '', operations: ['poll'] } } : undefined));
    type('refresh');
    fireEvent.click(screen.getByRole('option', { name: 'Refresh from the tracker' }));
    await waitFor(() => expect(h.calls.map((c) => `${c.method} ${c.path}`)).toEqual(['POST /api/v1/refresh']));
  });

  it('create ticket opens the create dialog on the board', () => {
    const h = openPalette();
    window.location.hash = '#/queue';
    fireEvent.click(screen.getByRole('option', { name: /Create ticket/ }));
    expect(h.board.getState().createOpen).toBe(true);
    expect(window.location.hash).toBe('#/');
  });
});

describe('CommandPalette over a modal dialog', () => {
  it('does not open while a native modal dialog is open (it would be inert)', () => {
    renderWithBoard(
      <>
        <dialog open>modal</dialog>
        <CommandPalette />
      </>,
      { tickets },
    );
    fireEvent.keyDown(window, { key: 'k', ctrlKey: true });
    expect(screen.queryByTestId('palette-input')).toBeNull();
  });
});
