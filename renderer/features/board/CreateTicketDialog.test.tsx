// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { issue } from '../../stores/record-fixtures.test-util.js';
import { renderWithBoard, type Engine } from './board-kit.test-util.js';
import { CreateTicketDialog, readForm } from './CreateTicketDialog.js';

afterEach(cleanup);

function open(engine: Engine) {
  const h = renderWithBoard(<CreateTicketDialog states={['Todo', 'Backlog']} />, {}, engine);
  act(() => h.board.setState({ createOpen: true }));
  return h;
}
const submit = () => fireEvent.click(screen.getByTestId('create-submit'));

describe('CreateTicketDialog', () => {
  it('shows the engine refusal inside the dialog and stays open', async () => {
    const h = open(() => ({ status: 400, body: { error: { code: 'invalid_input', message: 'priority must be an integer from 0 to 4, or null' } } }));
    fireEvent.change(screen.getByTestId('create-title'), { target: { value: 'Fix it' } });
    submit();
    const error = await screen.findByTestId('create-error');
    expect(error.textContent).toBe('priority must be an integer from 0 to 4, or null (invalid_input)');
    expect(error.getAttribute('role')).toBe('alert');
    expect(h.board.getState().createOpen).toBe(true);
  });

  it('says the engine is unreachable when the request fails', async () => {
    open(() => {
      throw new Error('connection refused');
    });
    fireEvent.change(screen.getByTestId('create-title'), { target: { value: 'Fix it' } });
    submit();
    expect((await screen.findByTestId('create-error')).textContent).toContain('network_error');
  });

  it('requires a title before asking the engine', () => {
    const h = open(() => undefined);
    fireEvent.change(screen.getByTestId('create-title'), { target: { value: '   ' } });
    submit();
    expect(screen.getByTestId('create-error').textContent).toContain('A title is required.');
    expect(h.calls).toEqual([]);
  });

  it('posts the fields given, shows the new ticket, and closes', async () => {
    const created = issue(7, { title: 'Fix it', state: 'Backlog', labels: ['bug', 'ui'], priority: 2 });
    const h = open((c) => (c.method === 'POST' ? { status: 201, body: created } : undefined));
    fireEvent.change(screen.getByTestId('create-title'), { target: { value: 'Fix it' } });
    fireEvent.change(screen.getByTestId('create-priority'), { target: { value: '2' } });
    fireEvent.change(screen.getByTestId('create-state'), { target: { value: 'Backlog' } });
    fireEvent.change(screen.getByTestId('create-labels'), { target: { value: 'bug, ui,' } });
    submit();
    await waitFor(() => expect(h.board.getState().createOpen).toBe(false));
    expect(h.calls).toEqual([{ method: 'POST', path: '/api/v1/tickets', body: { title: 'Fix it', priority: 2, state: 'Backlog', labels: ['bug', 'ui'] } }]);
    expect(h.fleet.getState().tickets['BAT-7']).toEqual(created);
    expect(h.board.getState().focusRequest?.identifier).toBe('BAT-7');
  });
});

describe('readForm', () => {
  it('leaves out empty optional fields so the engine applies its defaults', () => {
    const form = new FormData();
    form.set('title', 'Only a title');
    form.set('description', '  ');
    form.set('priority', '');
    form.set('state', '');
    form.set('labels', ' , ');
    expect(readForm(form)).toEqual({ title: 'Only a title' });
  });
});
