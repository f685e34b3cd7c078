import { beforeEach, describe, expect, it } from 'vitest';
import type { EventsResponse } from '../../../shared/api/schemas.js';
import type { TraceEvent } from '../../../shared/domain/trace.js';
import type { ApiResult } from '../../lib/api-client.js';
import { FakeTransport } from '../terminals/terminal-fakes.test-util.js';
import { ev } from './trace-fixtures.test-util.js';
import { TraceFeed } from './trace-feed.js';
import { TraceLoader, type TraceSource } from './trace-loader.js';

/** The engine's events route over an in-memory list; `failNext` makes one request fail. */
class FakeEvents implements TraceSource {
  events: TraceEvent[] = [];
  readonly requests: number[] = [];
  failNext = false;
  async listEvents(identifier: string, after: number, limit: number): Promise<ApiResult<EventsResponse>> {
    this.requests.push(after);
    await Promise.resolve();
    if (this.failNext) {
      this.failNext = false;
      return { ok: false, error: { code: 'network_error', message: 'the engine is unreachable', status: null } };
    }
    const page = this.events.filter((e) => e.issue_identifier === identifier && e.seq > after).slice(0, limit);
    return { ok: true, value: { events: page, next_after: page.at(-1)?.seq ?? after } };
  }
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));
const seqs = (feed: TraceFeed) => Array.from({ length: feed.length }, (_, i) => feed.at(i)!.seq);

let api: FakeEvents;
let socket: FakeTransport;
let feed: TraceFeed;
let loader: TraceLoader;

beforeEach(() => {
  api = new FakeEvents();
  socket = new FakeTransport();
  feed = new TraceFeed();
  loader = new TraceLoader('BAT-1', feed, api, socket, 3);
});

describe('TraceLoader', () => {
  it('subscribes and pages with next_after until a short page', async () => {
    api.events = [1, 2, 3, 4, 5, 6, 7].map((s) => ev(s));
    loader.start();
    await settle();
    expect(socket.sent[0]).toEqual({ type: 'trace.subscribe', issue_identifier: 'BAT-1' });
    expect(api.requests).toEqual([0, 3, 6]);
    expect(seqs(feed)).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(loader.state).toEqual({ loading: false, complete: true, error: null });
  });

  it('merges live pushes that overlap the pages, ignoring other tickets', async () => {
    api.events = [1, 2, 3, 4, 5].map((s) => ev(s));
    loader.start();
    socket.emit({ type: 'trace', event: ev(5) });
    socket.emit({ type: 'trace', event: ev(6) });
    socket.emit({ type: 'trace', event: ev(7, 'message', 'BAT-2') });
    await settle();
    expect(seqs(feed)).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('after a reconnect, re-subscribes and fetches what happened while disconnected', async () => {
    api.events = [ev(1), ev(2)];
    loader.start();
    await settle();
    socket.setStatus('closed');
    api.events.push(ev(3), ev(4));
    socket.sent.length = 0;
    api.requests.length = 0;
    socket.setStatus('open');
    await settle();
    expect(socket.sent).toEqual([{ type: 'trace.subscribe', issue_identifier: 'BAT-1' }]);
    expect(api.requests).toEqual([2]);
    expect(seqs(feed)).toEqual([1, 2, 3, 4]);
  });

  it('on resync, fills the gap of dropped pushes from the last event received', async () => {
    api.events = [ev(1)];
    loader.start();
    await settle();
    api.events.push(ev(2), ev(3), ev(4));
    socket.emit({ type: 'trace', event: ev(2) }); // 3 and 4 were dropped by the engine
    api.requests.length = 0;
    socket.emit({ type: 'resync', reason: '2 updates were dropped' });
    await settle();
    expect(api.requests).toEqual([2]);
    expect(seqs(feed)).toEqual([1, 2, 3, 4]);
  });

  it('reports a failed page and resumes where it stopped on retry', async () => {
    api.events = [1, 2, 3, 4, 5].map((s) => ev(s));
    api.failNext = true;
    loader.start();
    await settle();
    expect(loader.state).toMatchObject({ loading: false, complete: false, error: { code: 'network_error' } });
    loader.retry();
    await settle();
    expect(seqs(feed)).toEqual([1, 2, 3, 4, 5]);
    expect(loader.state.complete).toBe(true);
  });

  it('unsubscribes on dispose and ignores what arrives later', async () => {
    loader.start();
    await settle();
    loader.dispose();
    socket.emit({ type: 'trace', event: ev(9) });
    expect(socket.sent.at(-1)).toEqual({ type: 'trace.unsubscribe' });
    expect(feed.length).toBe(0);
  });
});
