/**
 * Renders a review view with the real ApiClient over a fetch the test answers, a socket the test
 * drives (pushes, reconnects) and a terminal pool with fake screens.
 */
import { cleanup, render, type RenderResult } from '@testing-library/react';
import { afterEach, beforeEach, vi } from 'vitest';
import type { ReactElement } from 'react';
import { AppServicesContext } from '../../lib/services.js';
import { ApiClient } from '../../lib/api-client.js';
import { T0 } from './review-fixtures.test-util.js';
import type { LiveSocket } from '../../lib/live-socket.js';
import { initialFleetState, type FleetState } from '../../stores/fleet-state.js';
import { createFleetStore, setFleetStore, type FleetStore } from '../../stores/fleet-store.js';
import { FakeTransport, FakeView } from '../terminals/terminal-fakes.test-util.js';
import { TerminalManager } from '../terminals/terminal-manager.js';
import { TerminalManagerContext } from '../terminals/use-terminal-manager.js';

export interface Call {
  method: string;
  path: string;
  search: string;
  body: unknown;
}

export type Answer = { status: number; body: unknown };
export type Responder = (call: Call) => Answer | undefined;

export const ok = (body: unknown): Answer => ({ status: 200, body });
export const fail = (status: number, code: string, message: string): Answer => ({ status, body: { error: { code, message } } });

export function renderReview(ui: ReactElement, respond: Responder, state: Partial<FleetState> = {}): RenderResult & { calls: Call[]; socket: FakeTransport; store: FleetStore } {
  const store = createFleetStore({ ...initialFleetState, connection: 'open', loaded: true, ...state });
  setFleetStore(store);
  const calls: Call[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const call = { method: init?.method ?? 'GET', path: url.pathname, search: url.search, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const answer = respond(call) ?? fail(404, 'not_found', `no route ${call.method} ${call.path}`);
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const connection = { baseUrl: 'http://engine.test', token: 't' };
  const socket = new FakeTransport();
  const manager = new TerminalManager({ transport: socket, createView: () => new FakeView(), doc: null });
  const services = { api: new ApiClient(connection, fetchImpl), socket: socket as unknown as LiveSocket, connection };
  const result = render(
    <AppServicesContext.Provider value={services}>
      <TerminalManagerContext.Provider value={manager}>{ui}</TerminalManagerContext.Provider>
    </AppServicesContext.Provider>,
  );
  return { ...result, calls, socket, store };
}

/**
 * Each test starts on `#/review` at T0 (Date only, so timers still run) with no drafts in
 * session storage, and leaves nothing mounted. Call once at the top of an inbox test file.
 */
export function setUpInboxPage(): void {
  beforeEach(() => {
    vi.useFakeTimers({ toFake: ['Date'] });
    vi.setSystemTime(T0);
    window.sessionStorage.clear();
    window.location.hash = '#/review';
  });
  afterEach(() => {
    cleanup();
    vi.useRealTimers();
  });
}
