// @vitest-environment happy-dom
import { act, cleanup, render, screen, waitFor } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessage } from '../../shared/api/ws-messages.js';
import { ApiClient, type ApiResult } from './api-client.js';
import type { LiveSocket, SocketStatus } from './live-socket.js';
import { AppServicesContext } from './services.js';
import { useLiveQuery, type LiveQueryOptions } from './use-live-query.js';

afterEach(cleanup);

/** The two subscriptions the hook uses, driven by the test. */
class PushSource {
  private readonly messages = new Set<(m: ServerMessage) => void>();
  private readonly statuses = new Set<(s: SocketStatus) => void>();
  onMessage(l: (m: ServerMessage) => void): () => void {
    this.messages.add(l);
    return () => this.messages.delete(l);
  }
  onStatus(l: (s: SocketStatus) => void): () => void {
    this.statuses.add(l);
    return () => this.statuses.delete(l);
  }
  emit(m: ServerMessage): void {
    for (const l of [...this.messages]) l(m);
  }
  setStatus(s: SocketStatus): void {
    for (const l of [...this.statuses]) l(s);
  }
  get listeners(): number {
    return this.messages.size + this.statuses.size;
  }
}

/** Loads that the test answers one by one, in any order. */
class ManualLoads {
  readonly pending: ((value: ApiResult<number>) => void)[] = [];
  load = (): Promise<ApiResult<number>> => new Promise((resolve) => this.pending.push(resolve));
  answer(index: number, value: number): void {
    this.pending[index]!({ ok: true, value });
  }
  fail(index: number): void {
    this.pending[index]!({ ok: false, error: { code: 'engine_down', message: 'no engine', status: 503 } });
  }
}

function Shown({ loads, options }: { loads: ManualLoads; options: LiveQueryOptions }) {
  const q = useLiveQuery(() => loads.load(), options);
  return (
    <>
      <output data-testid="shown">{q.data === null ? 'none' : String(q.data)}</output>
      <output data-testid="error">{q.error?.code ?? ''}</output>
      <output data-testid="loading">{String(q.loading)}</output>
    </>
  );
}

const reviewsOnly = (m: ServerMessage) => m.type === 'reviews';

function mount(loads: ManualLoads, options: LiveQueryOptions = { invalidatedBy: reviewsOnly }) {
  const socket = new PushSource();
  const connection = { baseUrl: 'http://engine.test', token: 't' };
  const api = new ApiClient(connection, (async () => new Response('{}')) as typeof fetch);
  const ui = (o: LiveQueryOptions) => (
    <AppServicesContext.Provider value={{ api, socket: socket as unknown as LiveSocket, connection }}>
      <Shown loads={loads} options={o} />
    </AppServicesContext.Provider>
  );
  const r = render(ui(options));
  return { socket, rerender: (o: LiveQueryOptions) => r.rerender(ui(o)), unmount: r.unmount };
}

const shown = () => screen.getByTestId('shown').textContent;

describe('useLiveQuery', () => {
  // Regression: every answer was dropped while a newer request was in flight, so with changes
  // arriving faster than a load takes (a busy fleet, an inbox of a dozen diffs) nothing new showed.
  it('shows an answer while a newer request is still in flight', async () => {
    const loads = new ManualLoads();
    const { socket } = mount(loads);
    await waitFor(() => expect(loads.pending).toHaveLength(1));
    act(() => socket.emit({ type: 'reviews' }));
    await waitFor(() => expect(loads.pending).toHaveLength(2));
    act(() => loads.answer(0, 1));
    await waitFor(() => expect(shown()).toBe('1'));
    expect(screen.getByTestId('loading').textContent).toBe('true');
    act(() => loads.answer(1, 2));
    await waitFor(() => expect(shown()).toBe('2'));
    expect(screen.getByTestId('loading').textContent).toBe('false');
  });

  it('never goes back to an older answer that arrives after a newer one', async () => {
    const loads = new ManualLoads();
    const { socket } = mount(loads);
    await waitFor(() => expect(loads.pending).toHaveLength(1));
    act(() => socket.emit({ type: 'reviews' }));
    await waitFor(() => expect(loads.pending).toHaveLength(2));
    act(() => loads.answer(1, 2));
    await waitFor(() => expect(shown()).toBe('2'));
    // Let the late answer's continuation run, then check nothing changed.
    await act(async () => {
      loads.answer(0, 1);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(shown()).toBe('2');
  });

  it('refetches on the pushes that invalidate it and on a reconnect, not on others', async () => {
    const loads = new ManualLoads();
    const { socket } = mount(loads);
    await waitFor(() => expect(loads.pending).toHaveLength(1));
    act(() => socket.emit({ type: 'resync', reason: 'test' }));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(loads.pending).toHaveLength(1);
    act(() => socket.setStatus('open'));
    await waitFor(() => expect(loads.pending).toHaveLength(2));
  });

  it('keeps the last good answer when a fetch fails, and says why', async () => {
    const loads = new ManualLoads();
    const { socket } = mount(loads);
    await waitFor(() => expect(loads.pending).toHaveLength(1));
    act(() => loads.answer(0, 7));
    await waitFor(() => expect(shown()).toBe('7'));
    act(() => socket.emit({ type: 'reviews' }));
    await waitFor(() => expect(loads.pending).toHaveLength(2));
    act(() => loads.fail(1));
    await waitFor(() => expect(screen.getByTestId('error').textContent).toBe('engine_down'));
    expect(shown()).toBe('7');
  });

  it('never shows the answer for another key, and keeps the answer up while a new version loads', async () => {
    const loads = new ManualLoads();
    const { rerender } = mount(loads, { key: 'BAT-1', version: 1 });
    await waitFor(() => expect(loads.pending).toHaveLength(1));
    act(() => loads.answer(0, 1));
    await waitFor(() => expect(shown()).toBe('1'));
    rerender({ key: 'BAT-1', version: 2 });
    await waitFor(() => expect(loads.pending).toHaveLength(2));
    expect(shown()).toBe('1');
    rerender({ key: 'BAT-2', version: 2 });
    expect(shown()).toBe('none');
    await waitFor(() => expect(loads.pending).toHaveLength(3));
    // BAT-1's late answer arrives after the switch: it must not show as BAT-2's.
    await act(async () => {
      loads.answer(1, 11);
      await new Promise((resolve) => setTimeout(resolve, 0));
    });
    expect(shown()).toBe('none');
    act(() => loads.answer(2, 2));
    await waitFor(() => expect(shown()).toBe('2'));
  });

  it('fetches nothing while disabled, and leaves no listener behind', async () => {
    const loads = new ManualLoads();
    const { socket, rerender, unmount } = mount(loads, { enabled: false, invalidatedBy: reviewsOnly });
    act(() => socket.setStatus('open'));
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(loads.pending).toHaveLength(0);
    expect(socket.listeners).toBe(0);
    rerender({ enabled: true, invalidatedBy: reviewsOnly });
    await waitFor(() => expect(loads.pending).toHaveLength(1));
    expect(socket.listeners).toBe(2);
    unmount();
    expect(socket.listeners).toBe(0);
  });
});
