// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor } from '@testing-library/react';
import { describe, expect, it } from 'vitest';
import type { ReviewsResponse } from '../../../shared/api/review-schemas.js';
import type { Issue } from '../../../shared/domain/issue.js';
import { applyTickets } from '../../stores/fleet-state.js';
import { inReviewCount, inReviewTickets } from '../../stores/in-review.js';
import { workflow } from '../../stores/fleet-fixtures.test-util.js';
import { FleetHeader } from '../fleet/FleetHeader.js';
import { reviewItem, reviews, ticketDiff } from './review-fixtures.test-util.js';
import { ok, renderReview, setUpInboxPage, type Responder } from './review-kit.test-util.js';
import { ReviewInbox } from './ReviewInbox.js';

const MIN = 60_000;

setUpInboxPage();

const items = [reviewItem(1, 90 * MIN), reviewItem(2, 60 * MIN), reviewItem(3, 30 * MIN), reviewItem(4, 10 * MIN)];
const live = (issues: Issue[]) => Object.fromEntries(issues.map((i) => [i.identifier, i]));

/** Every place that shows how many tickets are in review, read at once. */
function counts() {
  return {
    stat: screen.getByTestId('stat-review').textContent,
    nav: screen.getByTestId('nav-review').textContent,
    inbox: screen.getByTestId('review-count').textContent,
    rows: screen.queryAllByTestId(/^review-row-/).length,
  };
}

/**
 * An engine whose inbox answer is slow to follow: it keeps answering `stale` (every refetch of a
 * busy engine diffs every ticket), while decisions move tickets at once.
 */
function laggingEngine(stale: ReviewsResponse): Responder {
  return (c) => {
    if (c.method === 'GET' && c.path === '/api/v1/reviews') return ok(stale);
    const review = /^\/api\/v1\/tickets\/([^/]+)\/review$/.exec(c.path);
    if (review && c.method === 'POST') return ok({ identifier: decodeURIComponent(review[1]!), decision: 'approve', state: 'Merging', landing_id: 1, snapshot_ref: null });
    const diff = /^\/api\/v1\/tickets\/([^/]+)\/diff$/.exec(c.path);
    if (diff) return ok(ticketDiff(decodeURIComponent(diff[1]!)));
    return undefined;
  };
}

function show(stale: ReviewsResponse, tickets: Issue[]) {
  return renderReview(
    <>
      <FleetHeader />
      <ReviewInbox identifier={null} />
    </>,
    laggingEngine(stale),
    { workflow: workflow('Human Review'), tickets: live(tickets) },
  );
}

describe('one count of tickets in review, everywhere', () => {
  // Regression: right after approving two tickets from the keyboard, the header said "8 in review" /
  // "Review (8)" while the inbox listed 5.
  it('header, Review link, inbox heading and rows agree right after two approvals from the keyboard', async () => {
    show(reviews(items), items.map((i) => i.issue));
    await waitFor(() => expect(counts()).toEqual({ stat: '4 in review', nav: 'Review (4)', inbox: '4', rows: 4 }));
    await waitFor(() => expect(screen.getByTestId('review-detail').getAttribute('data-identifier')).toBe('BAT-1'));
    fireEvent.keyDown(document.body, { key: 'a' });
    await waitFor(() => expect(screen.getByTestId('review-detail').getAttribute('data-identifier')).toBe('BAT-2'));
    fireEvent.keyDown(document.body, { key: 'a' });
    // The engine's inbox answer still lists all four; every count says two.
    await waitFor(() => expect(counts()).toEqual({ stat: '2 in review', nav: 'Review (2)', inbox: '2', rows: 2 }));
    expect(screen.queryByTestId('review-row-BAT-1')).toBeNull();
    expect(screen.queryByTestId('review-row-BAT-2')).toBeNull();
  });

  it('lists and counts a ticket that entered review before the engine inbox caught up, without details', async () => {
    const late = { ...reviewItem(5, 0).issue, title: 'Just handed off' };
    show(reviews(items.slice(0, 2)), [...items.slice(0, 2).map((i) => i.issue), late]);
    await waitFor(() => expect(counts()).toEqual({ stat: '3 in review', nav: 'Review (3)', inbox: '3', rows: 3 }));
    const row = screen.getByTestId('review-row-BAT-5');
    expect(row.getAttribute('aria-busy')).toBe('true');
    expect(row.textContent).toContain('Just handed off');
  });

  it('shows a decided ticket again when it comes back to review (a failed landing sent it back)', async () => {
    const { store } = show(reviews(items.slice(0, 2)), items.slice(0, 2).map((i) => i.issue));
    await waitFor(() => expect(screen.getByTestId('review-detail').getAttribute('data-identifier')).toBe('BAT-1'));
    fireEvent.keyDown(document.body, { key: 'a' });
    await waitFor(() => expect(counts()).toEqual({ stat: '1 in review', nav: 'Review (1)', inbox: '1', rows: 1 }));
    act(() => store.setState((s) => applyTickets(s, [items[0]!.issue])));
    await waitFor(() => expect(counts()).toEqual({ stat: '2 in review', nav: 'Review (2)', inbox: '2', rows: 2 }));
    expect(screen.getByTestId('review-row-BAT-1')).toBeTruthy();
  });
});

describe('inReviewTickets', () => {
  const state = { loaded: true, workflow: workflow('Human Review'), tickets: live([items[0]!.issue, { ...items[1]!.issue, state: 'human review' }, { ...items[2]!.issue, state: 'Todo' }]) };

  it('is the tickets in the handoff state, whatever the spelling', () => {
    expect(inReviewTickets(state)?.map((t) => t.identifier)).toEqual(['BAT-1', 'BAT-2']);
    expect(inReviewCount(state)).toBe(2);
  });

  it('is unknown before the first load or without a workflow, and empty without a handoff state', () => {
    expect(inReviewTickets({ ...state, loaded: false })).toBeNull();
    expect(inReviewTickets({ ...state, workflow: null })).toBeNull();
    expect(inReviewCount({ ...state, workflow: null })).toBe(0);
    expect(inReviewTickets({ ...state, workflow: workflow(null) })).toEqual([]);
  });
});
