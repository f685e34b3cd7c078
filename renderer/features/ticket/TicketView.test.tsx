// @vitest-environment happy-dom
import { act, cleanup, fireEvent, render, screen, waitFor } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { RunRecord, TerminalInfo } from '../../../shared/api/schemas.js';
import type { Issue } from '../../../shared/domain/issue.js';
import { AppServicesContext } from '../../lib/services.js';
import { ApiClient } from '../../lib/api-client.js';
import { LiveSocket } from '../../lib/live-socket.js';
import { createFleetStore, setFleetStore, type FleetStore } from '../../stores/fleet-store.js';
import { FakeTransport, FakeView } from '../terminals/terminal-fakes.test-util.js';
import { TerminalManager } from '../terminals/terminal-manager.js';
import { TerminalManagerContext } from '../terminals/use-terminal-manager.js';
import { TicketView } from './TicketView.js';

const ticket: Issue = {
  id: 'id-1', identifier: 'BAT-1', title: 'Fix the flaky test', description: 'It fails on Tuesdays.', priority: 2, state: 'In Progress',
  branch_name: null, url: null, labels: ['ci'], blocked_by: [], native_ref: null, assignee_id: null, dispatchable: true, created_at: null, updated_at: '2026-01-01T00:00:00.000Z',
};
const run: RunRecord = {
  run_id: 'run-1', issue_id: 'id-1', issue_identifier: 'BAT-1', attempt: null, started_at: '2026-01-01T00:00:00.000Z',
  ended_at: '2026-01-01T00:03:05.000Z', status: 'failed', error: 'agent_exit: boom', workspace_path: '/ws/BAT-1', branch: 'baton/BAT-1',
  session_id: 'thr-1', agent_kind: 'codex', turn_count: 3, input_tokens: 100, output_tokens: 20, total_tokens: 120,
};
const terminal: TerminalInfo = {
  id: 'run-1', issue_id: 'id-1', issue_identifier: 'BAT-1', kind: 'agent', title: 'BAT-1', cols: 80, rows: 24,
  created_at: '2026-01-01T00:00:00.000Z', exited: true, exit_code: null, signal: null,
};

type Handler = (method: string, body: unknown) => { status: number; body: unknown };
let routes: Record<string, Handler>;
let store: FleetStore;
let transport: FakeTransport;

function fakeFetch(): typeof fetch {
  return (async (url: string, init?: RequestInit) => {
    const path = new URL(url).pathname;
    const handler = routes[path] ?? (() => ({ status: 404, body: { error: { code: 'not_found', message: `no route ${path}` } } }));
    const res = handler(init?.method ?? 'GET', init?.body ? JSON.parse(String(init.body)) : undefined);
    return new Response(JSON.stringify(res.body), { status: res.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
}

const notFound = (code: string, message = code) => ({ status: 404, body: { error: { code, message } } });

function renderView() {
  const api = new ApiClient({ baseUrl: 'http://engine.test', token: 't' }, fakeFetch());
  const socket = new LiveSocket('ws://engine.test/api/v1/ws');
  const manager = new TerminalManager({ transport, createView: () => new FakeView(), doc: null });
  return render(
    <AppServicesContext.Provider value={{ api, socket, connection: { baseUrl: 'http://engine.test', token: 't' } }}>
      <TerminalManagerContext.Provider value={manager}>
        <TicketView identifier="BAT-1" />
      </TerminalManagerContext.Provider>
    </AppServicesContext.Provider>,
  );
}

beforeEach(() => {
  transport = new FakeTransport();
  store = createFleetStore({ loaded: true, tickets: { 'BAT-1': ticket }, terminals: [terminal] });
  setFleetStore(store);
  routes = {
    '/api/v1/tickets/BAT-1': () => ({ status: 200, body: ticket }),
    '/api/v1/tickets/BAT-1/runs': () => ({ status: 200, body: { runs: [run] } }),
    '/api/v1/tickets/BAT-1/events': () => ({ status: 200, body: { events: [], next_after: 0 } }),
  };
});

afterEach(() => cleanup());

describe('TicketView', () => {
  it('shows the ticket, its attempts, its workspace and its run terminal (read-only for codex)', async () => {
    renderView();
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Fix the flaky test');
    expect(screen.getByTestId('ticket-state').textContent).toBe('In Progress');
    expect(screen.getByText('It fails on Tuesdays.')).toBeTruthy();
    await waitFor(() => expect(screen.getByTestId('attempt-run-1').textContent).toContain('failed'));
    expect(screen.getByTestId('attempt-run-1').textContent).toContain('3m 05s');
    expect(screen.getByTestId('workspace-path').textContent).toBe('/ws/BAT-1');
    expect(screen.getByTestId('workspace-reveal').textContent).toBe('Copy path');
    expect(screen.getByTestId('terminal-tab-run-1').textContent).toBe('Agent · first run (exited)');
    await waitFor(() => expect(screen.getByTestId('terminal-run-1').textContent).toContain('read-only transcript'));
    expect(transport.ofType('terminal.subscribe')).toEqual([{ type: 'terminal.subscribe', terminal_id: 'run-1', visible: true }]);
  });

  it('says so when the tracker no longer has the ticket, and keeps what was recorded', async () => {
    routes['/api/v1/tickets/BAT-1'] = () => notFound('issue_not_found');
    renderView();
    await screen.findByTestId('ticket-gone');
    expect(screen.getByRole('heading', { level: 1 }).textContent).toContain('Fix the flaky test');
    expect(screen.getByTestId('ticket-terminals')).toBeTruthy();
  });

  it('notices a ticket that a store reload dropped, without waiting for a check', async () => {
    renderView();
    await waitFor(() => expect(screen.getByTestId('attempt-run-1')).toBeTruthy());
    expect(screen.queryByTestId('ticket-gone')).toBeNull();
    act(() => store.setState({ tickets: {} }));
    expect(screen.getByTestId('ticket-gone').textContent).toContain('deleted or moved out of the tracker');
  });

  it('reports a ticket that never existed', async () => {
    store.setState({ tickets: {} });
    routes['/api/v1/tickets/BAT-1'] = () => notFound('issue_not_found');
    renderView();
    await waitFor(() => expect(screen.getByTestId('ticket-missing').textContent).toContain('not in the tracker'));
  });

  it('says why a ticket the store does not have cannot be shown', async () => {
    store.setState({ tickets: {} });
    routes['/api/v1/tickets/BAT-1'] = () => ({ status: 409, body: { error: { code: 'tracker_read_only', message: 'this tracker cannot be written to from Baton' } } });
    renderView();
    await waitFor(() => expect(screen.getByTestId('ticket-missing').textContent).toContain('could not be loaded: this tracker cannot be written to'));
  });

  it('does not call a ticket gone that was created after the view opened (regression)', async () => {
    store.setState({ tickets: {} });
    let exists = false;
    routes['/api/v1/tickets/BAT-1'] = () => (exists ? { status: 200, body: ticket } : notFound('issue_not_found'));
    renderView();
    await waitFor(() => expect(screen.getByTestId('ticket-missing').textContent).toContain('not in the tracker'));
    exists = true;
    act(() => store.setState({ tickets: { 'BAT-1': ticket } }));
    await screen.findByTestId('ticket-view');
    await waitFor(() => expect(screen.queryByTestId('ticket-gone')).toBeNull());
  });

  it('opens a shell tab, and explains a refusal', async () => {
    let refuse = true;
    routes['/api/v1/tickets/BAT-1/shell'] = () => (refuse ? notFound('workspace_not_found') : { status: 201, body: { terminal_id: 'shell-BAT-1-a' } });
    renderView();
    fireEvent.click(screen.getByTestId('open-shell'));
    expect((await screen.findByRole('alert')).textContent).toContain('No workspace yet');
    refuse = false;
    fireEvent.click(screen.getByTestId('open-shell'));
    await screen.findByTestId('terminal-tab-shell-BAT-1-a');
    await waitFor(() => expect(screen.getByTestId('terminal-shell-BAT-1-a').textContent).toContain('interactive'));
    expect(transport.ofType('terminal.subscribe').at(-1)).toEqual({ type: 'terminal.subscribe', terminal_id: 'shell-BAT-1-a', visible: true });
  });
});
