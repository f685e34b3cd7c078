// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { MergeQueueResponse } from '../../../shared/api/review-schemas.js';
import { LandingQueue } from './LandingQueue.js';
import { landing, mergeQueue } from './review-fixtures.test-util.js';
import { fail, ok, renderReview } from './review-kit.test-util.js';

let queue: MergeQueueResponse;

beforeEach(() => {
  queue = mergeQueue(
    [
      landing(1, { status: 'landing', step: 'checking', started_at: '2026-01-01T11:59:00.000Z', terminal_id: 'check-1' }),
      landing(2, { overlaps: [{ identifier: 'BAT-7', files: ['src/a.ts', 'src/b.ts'], conflicts: [] }] }),
      landing(3, { status: 'blocked', error: 'the main checkout has uncommitted changes' }),
    ],
    [
      landing(4, { status: 'landed', landed_commit: 'abcdef0123456789'.padEnd(40, '0'), ended_at: '2026-01-01T11:50:00.000Z', push_error: 'remote rejected: non-fast-forward' }),
      landing(5, { status: 'failed', error: 'CONFLICT (content): Merge conflict in src/a.ts', ended_at: '2026-01-01T11:40:00.000Z' }),
      landing(6, { kind: 'guidance', status: 'landed', title: 'Never drop tables in migrations', landed_commit: '1234567890'.padEnd(40, '0') }),
    ],
  );
});
afterEach(cleanup);

const show = () => renderReview(<LandingQueue />, (c) => (c.path === '/api/v1/landing-queue' ? ok(queue) : undefined));

describe('LandingQueue', () => {
  it('shows the strategy, base and checks, then the queue in landing order with step, errors and overlaps', async () => {
    show();
    const entries = await screen.findByTestId('landing-entries');
    const settings = screen.getByTestId('landing-settings');
    expect(within(settings).getByTestId('landing-strategy').textContent).toBe('merge');
    expect(settings.textContent).toContain('main');
    expect(settings.textContent).toContain('npm test');
    expect(within(entries).getAllByRole('listitem', { hidden: false }).filter((li) => li.dataset.testid?.startsWith('landing-')).map((li) => li.dataset.testid)).toEqual(['landing-1', 'landing-2', 'landing-3']);
    const first = within(screen.getByTestId('landing-1'));
    expect(first.getByTestId('landing-status').textContent).toBe('landing · checking');
    expect(first.getByTestId('watch-terminal')).toBeTruthy();
    const overlaps = within(screen.getByTestId('landing-2')).getByTestId('landing-overlaps');
    expect(within(overlaps).getByTestId('landing-overlaps-summary').textContent).toBe('same file as BAT-7 (2 files)');
    expect(within(overlaps).getAllByTestId('overlap-file').map((li) => li.textContent)).toEqual(['src/a.ts same file as BAT-7', 'src/b.ts same file as BAT-7']);
    const blocked = within(screen.getByTestId('landing-3'));
    expect(blocked.getByTestId('landing-status').textContent).toBe('blocked');
    expect(blocked.getByTestId('landing-error').textContent).toBe('the main checkout has uncommitted changes');
  });

  it('shows recent landings: the landed commit, a failed push, a failure with its reason, guidance', async () => {
    show();
    const recent = await screen.findByTestId('landing-recent');
    const landed = within(within(recent).getByTestId('landing-4'));
    expect(landed.getByTestId('landed-commit').textContent).toBe('abcdef01');
    expect(landed.getByTestId('push-error').textContent).toContain('remote rejected: non-fast-forward');
    const failed = within(within(recent).getByTestId('landing-5'));
    expect(failed.getByTestId('landing-status').textContent).toBe('failed');
    expect(failed.getByTestId('landing-error').textContent).toBe('CONFLICT (content): Merge conflict in src/a.ts');
    expect(within(recent).getByTestId('landing-6').textContent).toContain('Guidance: Never drop tables in migrations');
  });

  it("opens the running check's terminal on demand, read-only", async () => {
    const { socket } = show();
    fireEvent.click(await screen.findByTestId('watch-terminal'));
    expect(screen.getByTestId('terminal-check-1')).toBeTruthy();
    expect(socket.ofType('terminal.subscribe').map((m) => m.terminal_id)).toEqual(['check-1']);
    fireEvent.click(screen.getByTestId('watch-terminal'));
    expect(screen.queryByTestId('terminal-check-1')).toBeNull();
  });

  it('refetches when the engine says the queue changed, and shows an empty queue', async () => {
    const { socket } = show();
    await screen.findByTestId('landing-entries');
    queue = { ...queue, entries: [] };
    act(() => socket.emit({ type: 'reviews' }));
    expect((await screen.findByTestId('landing-empty')).textContent).toContain('Nothing is waiting to land');
  });

  it('shows a failed load', async () => {
    renderReview(<LandingQueue />, (c) => (c.path === '/api/v1/landing-queue' ? fail(400, 'no_repository', 'workspace.repo is not set') : undefined));
    expect((await screen.findByTestId('landing-load-error')).textContent).toBe('Could not load the landing queue: workspace.repo is not set (no_repository)');
    await waitFor(() => expect(screen.queryByText('Loading…')).toBeNull());
  });
});
