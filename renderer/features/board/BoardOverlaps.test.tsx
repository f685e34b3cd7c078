// @vitest-environment happy-dom
import { cleanup, screen, waitFor, within } from '@testing-library/react';
import { afterEach, describe, expect, it } from 'vitest';
import type { MergeQueueResponse } from '../../../shared/api/review-schemas.js';
import { LiveSocket } from '../../lib/live-socket.js';
import { boardWorkflow, byId, issue } from '../../stores/record-fixtures.test-util.js';
import { landing, mergeQueue } from '../review/review-fixtures.test-util.js';
import { renderWithBoard, type Engine } from './board-kit.test-util.js';
import { Board } from './Board.js';

afterEach(() => {
  cleanup();
  window.location.hash = '';
});

const tickets = byId([
  issue(2, { title: 'Export CSV', state: 'Merging' }),
  issue(3, { title: 'Import CSV', state: 'Merging' }),
  issue(7, { title: 'Refactor io', state: 'In Progress' }),
]);

function workflow() {
  const w = boardWorkflow();
  return { ...w, config: { ...w.config, review: { merging_state: 'Merging', reviewer: null } } };
}

const queueWithOverlaps = mergeQueue([
  landing(2, { overlaps: [{ identifier: 'BAT-7', files: ['src/csv.ts', 'src/io.ts'], conflicts: ['src/io.ts'] }] }),
  landing(3),
  // BAT-7 is not in Merging: even with overlaps listed, its card shows none.
  landing(7, { overlaps: [{ identifier: 'BAT-2', files: ['src/io.ts'], conflicts: ['src/io.ts'] }] }),
]);

function serving(queue: () => MergeQueueResponse | null): Engine {
  return ({ method, path }) => {
    if (method !== 'GET' || path !== '/api/v1/landing-queue') return undefined;
    const q = queue();
    return q ? { status: 200, body: q } : { status: 500, body: { error: { code: 'internal', message: 'boom' } } };
  };
}

describe('Board overlaps', () => {
  it('a Merging card whose landing overlaps others says so in one line; other cards show nothing', async () => {
    const h = renderWithBoard(<Board />, { tickets, workflow: workflow() }, serving(() => queueWithOverlaps));
    const warning = await waitFor(() => within(screen.getByTestId('card-BAT-2')).getByTestId('card-overlap'));
    expect(warning.textContent).toBe('⚠ same lines as BAT-7 in src/io.ts');
    expect(warning.dataset.risk).toBe('lines');
    expect(warning.getAttribute('title')).toBe('src/io.ts: same lines as BAT-7\nsrc/csv.ts: same file as BAT-7');
    expect(screen.getAllByTestId('card-overlap')).toHaveLength(1);
    expect(within(screen.getByTestId('card-BAT-3')).queryByTestId('card-overlap')).toBeNull();
    expect(within(screen.getByTestId('card-BAT-7')).queryByTestId('card-overlap')).toBeNull();
    expect(h.calls.filter((c) => c.path === '/api/v1/landing-queue')).toHaveLength(1);
  });

  it('a failing landing-queue fetch shows no overlap and the board still renders', async () => {
    const h = renderWithBoard(<Board />, { tickets, workflow: workflow() }, serving(() => null));
    await waitFor(() => expect(h.calls.some((c) => c.path === '/api/v1/landing-queue')).toBe(true));
    await new Promise((r) => setTimeout(r, 20));
    expect(screen.getByTestId('card-BAT-2').textContent).toContain('Export CSV');
    expect(screen.queryByTestId('card-overlap')).toBeNull();
    expect(screen.queryByRole('alert')).toBeNull();
  });

  it('refetches once per burst of `reviews` messages and shows the new overlaps', async () => {
    let ws: FakeWs | null = null;
    const socket = new LiveSocket('ws://x/api/v1/ws', () => {
      ws = new FakeWs();
      return ws as unknown as WebSocket;
    });
    socket.start();
    let queue = mergeQueue([landing(2), landing(3)]);
    const h = renderWithBoard(<Board />, { tickets, workflow: workflow() }, serving(() => queue), socket);
    const fetches = () => h.calls.filter((c) => c.path === '/api/v1/landing-queue').length;
    await waitFor(() => expect(fetches()).toBe(1));
    expect(screen.queryByTestId('card-overlap')).toBeNull();
    queue = mergeQueue([landing(2), landing(3, { overlaps: [{ identifier: 'BAT-2', files: ['src/csv.ts'], conflicts: [] }] })]);
    for (let i = 0; i < 3; i++) ws!.onmessage?.({ data: JSON.stringify({ type: 'reviews' }) } as MessageEvent);
    const warning = await waitFor(() => within(screen.getByTestId('card-BAT-3')).getByTestId('card-overlap'));
    expect(warning.textContent).toBe('same file as BAT-2 (src/csv.ts)');
    expect(warning.dataset.risk).toBe('file');
    expect(fetches()).toBe(2);
    socket.stop();
  });
});

/** Just enough of a WebSocket for LiveSocket: the test calls its handlers. */
class FakeWs {
  readyState = 0;
  onopen: (() => void) | null = null;
  onmessage: ((e: MessageEvent) => void) | null = null;
  onclose: (() => void) | null = null;
  onerror: (() => void) | null = null;
  close(): void {
    this.onclose?.();
  }
}
