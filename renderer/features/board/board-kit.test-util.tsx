/**
 * Test wiring for board components: fresh fleet and board stores set as the app's, and a real
 * ApiClient whose fetch the test answers (the engine's HTTP contract, without an engine).
 */
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { ColumnViewportContext } from './BoardColumn.js';
import { AppServicesContext } from '../../lib/services.js';
import { ApiClient } from '../../lib/api-client.js';
import { LiveSocket } from '../../lib/live-socket.js';
import { createBoardStore, setBoardStore, type BoardStore } from './board-store.js';
import type { FleetState } from '../../stores/fleet-state.js';
import { createFleetStore, setFleetStore, type FleetStore } from '../../stores/fleet-store.js';

export interface EngineCall {
  method: string;
  path: string;
  body: unknown;
}

/** Answers one request: status and JSON body. Unanswered requests get a 404 envelope. */
export type Engine = (call: EngineCall) => { status: number; body: unknown } | undefined;

export interface BoardHarness extends RenderResult {
  fleet: FleetStore;
  board: BoardStore;
  calls: EngineCall[];
}

export function renderWithBoard(
  ui: ReactElement,
  state: Partial<FleetState>,
  engine: Engine = () => undefined,
  socket: LiveSocket = new LiveSocket('ws://127.0.0.1:1/api/v1/ws'),
): BoardHarness {
  const fleet = createFleetStore({ connection: 'open', loaded: true, ...state });
  setFleetStore(fleet);
  const board = createBoardStore();
  setBoardStore(board);
  const calls: EngineCall[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const call = { method: init?.method ?? 'GET', path: new URL(String(input)).pathname, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const answer = engine(call) ?? { status: 404, body: { error: { code: 'not_found', message: 'no such path' } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const connection = { baseUrl: 'http://127.0.0.1:1', token: 't' };
  const services = { api: new ApiClient(connection, fetchImpl), socket, connection };
  const result = render(
    <AppServicesContext.Provider value={services}>
      <ColumnViewportContext.Provider value={fixedViewport}>{ui}</ColumnViewportContext.Provider>
    </AppServicesContext.Provider>,
  );
  return { ...result, fleet, board, calls };
}

/** happy-dom has no layout: every column reports a 272×800 viewport, as a real one would. */
function fixedViewport(_instance: unknown, cb: (rect: { width: number; height: number }) => void): () => void {
  cb({ width: 272, height: 800 });
  return () => undefined;
}
