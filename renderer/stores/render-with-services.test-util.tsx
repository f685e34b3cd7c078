/**
 * Test wiring for components: a fresh store set as the app's store, and a real ApiClient whose
 * fetch is answered by the test (the engine's HTTP contract, without an engine).
 */
import { render, type RenderResult } from '@testing-library/react';
import type { ReactElement } from 'react';
import { AppServicesContext } from '../lib/services.js';
import { ApiClient } from '../lib/api-client.js';
import { LiveSocket } from '../lib/live-socket.js';
import { createFleetStore, setFleetStore, type FleetStore } from './fleet-store.js';
import type { FleetState } from './fleet-state.js';

export interface FetchCall {
  method: string;
  path: string;
  body: unknown;
}

export type Responder = (call: FetchCall) => { status: number; body: unknown } | undefined;

export function renderWithServices(ui: ReactElement, state: Partial<FleetState>, respond: Responder = () => undefined): RenderResult & { store: FleetStore; calls: FetchCall[] } {
  const store = createFleetStore(state);
  setFleetStore(store);
  const calls: FetchCall[] = [];
  const fetchImpl = (async (input: string | URL | Request, init?: RequestInit) => {
    const url = new URL(String(input));
    const call = { method: init?.method ?? 'GET', path: url.pathname, body: init?.body ? JSON.parse(String(init.body)) : undefined };
    calls.push(call);
    const answer = respond(call) ?? { status: 404, body: { error: { code: 'not_found', message: 'no such path' } } };
    return new Response(JSON.stringify(answer.body), { status: answer.status, headers: { 'content-type': 'application/json' } });
  }) as typeof fetch;
  const connection = { baseUrl: 'http://127.0.0.1:1', token: 't' };
  const services = { api: new ApiClient(connection, fetchImpl), socket: new LiveSocket('ws://127.0.0.1:1/api/v1/ws'), connection };
  const result = render(<AppServicesContext.Provider value={services}>{ui}</AppServicesContext.Provider>);
  return { ...result, store, calls };
}
