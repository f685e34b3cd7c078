// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import { AppServicesContext } from '../../lib/services.js';
import type { ApiResult } from '../../lib/api-client.js';
import { ApiClient } from '../../lib/api-client.js';
import type { LiveSocket } from '../../lib/live-socket.js';
import { initialFleetState } from '../../stores/fleet-state.js';
import { createFleetStore, setFleetStore } from '../../stores/fleet-store.js';
import { FakeTransport } from '../terminals/terminal-fakes.test-util.js';
import { useLiveResource } from './use-live-resource.js';

afterEach(cleanup);

/** Loads that the test answers one by one, in any order. */
class ManualLoads {
  readonly pending: ((value: ApiResult<number>) => void)[] = [];
  load = (): Promise<ApiResult<number>> => new Promise((resolve) => this.pending.push(resolve));
  answer(index: number, value: number): void {
    this.pending[index]!({ ok: true, value });
  }
}

function Shown({ loads }: { loads: ManualLoads }) {
  const resource = useLiveResource(() => loads.load());
  return <output data-testid="shown">{resource.data === null ? 'none' : String(resource.data)}</output>;
}

function mount(loads: ManualLoads) {
  setFleetStore(createFleetStore({ ...initialFleetState, loaded: true }));
  const socket = new FakeTransport();
  const connection = { baseUrl: 'http://engine.test', token: 't' };
  const api = new ApiClient(connection, (async () => new Response('{}')) as typeof fetch);
  render(
    <AppServicesContext.Provider value={{ api, socket: socket as unknown as LiveSocket, connection }}>
      <Shown loads={loads} />
    </AppServicesContext.Provider>,
  );
  return socket;
}

describe('useLiveResource', () => {
  // Regression: every answer was dropped while a newer request was in flight, so with changes
  // arriving faster than a load takes (a busy fleet, an inbox of a dozen diffs) nothing new showed.
  it('shows an answer while a newer request is still in flight', async () => {
    const loads = new ManualLoads();
    const socket = mount(loads);
    await waitFor(() => expect(loads.pending).toHaveLength(1));
    act(() => socket.emit({ type: 'reviews' }));
    await waitFor(() => expect(loads.pending).toHaveLength(2));
    act(() => loads.answer(0, 1));
    await waitFor(() => expect(screen.getByTestId('shown').textContent).toBe('1'));
    act(() => loads.answer(1, 2));
    await waitFor(() => expect(screen.getByTestId('shown').textContent).toBe('2'));
  });

  it('never goes back to an older answer that arrives after a newer one', async () => {
    const loads = new ManualLoads();
    const socket = mount(loads);
    await waitFor(() => expect(loads.pending).toHaveLength(1));
    act(() => socket.emit({ type: 'reviews' }));
    await waitFor(() => expect(loads.pending).toHaveLength(2));
    act(() => loads.answer(1, 2));
    await waitFor(() => expect(screen.getByTestId('shown').textContent).toBe('2'));
    // Let the late answer's continuation run, then check nothing changed.
    await act(async () => {
      loads.answer(0, 1);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(screen.getByTestId('shown').textContent).toBe('2');
  });
});
