// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { boardWorkflow, byId, issue, running } from '../../stores/record-fixtures.test-util.js';
import { requestFocus } from './board-store.js';
import { renderWithBoard } from './board-kit.test-util.js';
import { Board } from './Board.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const tickets = byId([
  issue(1, { title: 'Fix login redirect', labels: ['bug'] }),
  issue(2, { title: 'Dashboard', description: 'the login page flickers', labels: ['ui'], state: 'Backlog' }),
  issue(3, { title: 'Export CSV', labels: ['bug'], state: 'Human Review' }),
]);

function show() {
  return renderWithBoard(<Board />, { tickets, workflow: boardWorkflow(), runs: { 'BAT-3': running('BAT-3') } });
}
const shownCards = () => screen.queryAllByTestId(/^card-/).map((c) => c.dataset.cardId);

describe('Board', () => {
  it('renders a column per state with counts, and the cards in them', () => {
    show();
    // tracker.states order; Done is terminal and empty, so it is a narrow strip without a heading.
    expect(screen.getAllByRole('heading', { level: 2 }).map((h) => h.textContent)).toEqual(['Backlog 1', 'Todo 1', 'In Progress 0', 'Human Review 1']);
    expect(screen.getByTestId('column-Done').dataset.narrow).toBe('empty');
    expect(screen.getByTestId('column-Backlog').textContent).toContain('Dashboard');
    expect(screen.getByTestId('status-BAT-3').dataset.status).toBe('running');
  });

  it('the filter bar filters by text, label and status, and clears', async () => {
    const h = show();
    fireEvent.change(screen.getByTestId('board-search'), { target: { value: 'login' } });
    await waitFor(() => expect(shownCards()).toEqual(['BAT-2', 'BAT-1']));
    expect(screen.getByTestId('filter-count').textContent).toBe('2 of 3 tickets');
    fireEvent.change(screen.getByTestId('filter-label'), { target: { value: 'ui' } });
    await waitFor(() => expect(shownCards()).toEqual(['BAT-2']));
    fireEvent.click(screen.getByTestId('filter-clear'));
    await waitFor(() => expect(shownCards()).toHaveLength(3));
    fireEvent.click(screen.getByTestId('filter-status-running'));
    await waitFor(() => expect(shownCards()).toEqual(['BAT-3']));
    expect(screen.getByTestId('filter-status-running').getAttribute('aria-pressed')).toBe('true');
    expect(h.board.getState().filters.statuses).toEqual(['running']);
    // The run ends: the card no longer matches "running".
    act(() => h.fleet.setState({ runs: {} }));
    await waitFor(() => expect(shownCards()).toEqual([]));
    expect(screen.getByTestId('column-Human Review').textContent).toContain('No match');
  });

  it('c opens the create dialog and / focuses search, but not while typing', () => {
    const h = show();
    fireEvent.keyDown(screen.getByTestId('board-search'), { key: 'c' });
    expect(h.board.getState().createOpen).toBe(false);
    fireEvent.keyDown(document.body, { key: '/' });
    expect(document.activeElement).toBe(screen.getByTestId('board-search'));
    fireEvent.keyDown(document.body, { key: 'c' });
    expect(h.board.getState().createOpen).toBe(true);
  });

  it('moves focus between cards with the arrow keys and opens a card with Enter', async () => {
    show();
    const first = screen.getByTestId('card-BAT-1');
    first.focus();
    fireEvent.keyDown(first, { key: 'l' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('card-BAT-3')));
    fireEvent.keyDown(document.activeElement!, { key: 'ArrowLeft' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('card-BAT-1')));
    fireEvent.keyDown(document.activeElement!, { key: 'h' });
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('card-BAT-2')));
    fireEvent.keyDown(document.activeElement!, { key: 'Enter' });
    expect(window.location.hash).toBe('#/ticket/BAT-2');
  });

  it('folds a column to a strip and back; arrows skip its cards', async () => {
    const h = show();
    fireEvent.click(screen.getByTestId('column-toggle-Human Review'));
    const folded = screen.getByTestId('column-Human Review');
    expect(folded.dataset.narrow).toBe('folded');
    expect(folded.textContent).toContain('1');
    expect(screen.queryByTestId('card-BAT-3')).toBeNull();
    expect(h.board.getState().collapsed).toEqual(['human review']);
    const first = screen.getByTestId('card-BAT-1');
    first.focus();
    fireEvent.keyDown(first, { key: 'ArrowRight' });
    // Nothing right of Todo is on screen: focus stays.
    await waitFor(() => expect(document.activeElement).toBe(first));
    fireEvent.click(screen.getByTestId('column-toggle-Human Review'));
    expect(screen.getByTestId('column-Human Review').dataset.narrow).toBeUndefined();
    expect(screen.getByTestId('card-BAT-3')).toBeTruthy();
  });

  it('unfolds a folded column when one of its cards is to be focused (a ticket just created there)', async () => {
    const h = show();
    fireEvent.click(screen.getByTestId('column-toggle-Backlog'));
    expect(screen.queryByTestId('card-BAT-2')).toBeNull();
    act(() => requestFocus(h.board, 'BAT-2'));
    await waitFor(() => expect(document.activeElement).toBe(screen.getByTestId('card-BAT-2')));
    expect(h.board.getState().collapsed).toEqual([]);
  });

  it('opens a narrow terminal column once it holds a ticket', () => {
    const h = show();
    expect(screen.getByTestId('column-Done').dataset.narrow).toBe('empty');
    act(() => h.fleet.setState({ tickets: { ...tickets, 'BAT-9': issue(9, { title: 'Shipped', state: 'Done' }) } }));
    expect(screen.getByTestId('column-Done').dataset.narrow).toBeUndefined();
    expect(screen.getByTestId('column-Done').textContent).toContain('Shipped');
  });
});
