// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReviewsResponse } from '../../../shared/api/review-schemas.js';
import { reviewItem, reviews, ticketDiff } from './review-fixtures.test-util.js';
import { fail, ok, renderReview, setUpInboxPage, type Call, type Responder } from './review-kit.test-util.js';
import { ReviewInbox } from './ReviewInbox.js';

/*
 * Issue 7 H2: work that changes trusted configuration (here an agent's edit of WORKFLOW.md) is
 * marked in the inbox and the diff, and approving it takes an explicit second step.
 */
const MIN = 60_000;
const WORKFLOW = { path: 'WORKFLOW.md', why: 'the workflow file: its hooks and commands run outside any sandbox' };

let inbox: ReviewsResponse;
setUpInboxPage();
beforeEach(() => {
  inbox = reviews([reviewItem(1, 90 * MIN, { config_change: { files: [WORKFLOW] } }), reviewItem(2, 30 * MIN)]);
});

function engine(extra: Responder = () => undefined): Responder {
  return (c) => {
    const answer = extra(c);
    if (answer) return answer;
    if (c.method === 'GET' && c.path === '/api/v1/reviews') return ok(inbox);
    const diff = /^\/api\/v1\/tickets\/([^/]+)\/diff$/.exec(c.path);
    if (diff) return ok({ ...ticketDiff(decodeURIComponent(diff[1]!)), config_files: diff[1] === 'BAT-1' ? [{ path: 'src/a.ts', why: WORKFLOW.why }] : [] });
    const review = /^\/api\/v1\/tickets\/([^/]+)\/review$/.exec(c.path);
    if (review && c.method === 'POST') {
      const id = decodeURIComponent(review[1]!);
      inbox = { ...inbox, reviews: inbox.reviews.filter((r) => r.issue.identifier !== id) };
      return ok({ identifier: id, decision: 'approve', state: 'Merging', landing_id: 7, snapshot_ref: null });
    }
    return undefined;
  };
}

const key = (k: string, target: Element = document.body) => fireEvent.keyDown(target, { key: k });
const decisions = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.path.endsWith('/review')).map((c) => [c.path, c.body]);
const selectedId = () => screen.getByTestId('review-detail').getAttribute('data-identifier');

describe('ReviewInbox: configuration changes need an explicit confirmation', () => {
  it('marks the item in the list, names the files in a banner, and badges them in the diff', async () => {
    renderReview(<ReviewInbox identifier={null} />, engine());
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    expect(within(screen.getByTestId('review-row-BAT-1')).getByTestId('review-config').textContent).toContain('configuration change');
    expect(within(screen.getByTestId('review-row-BAT-2')).queryByTestId('review-config')).toBeNull();
    const banner = screen.getByTestId('config-banner');
    expect(banner.textContent).toContain('needs your explicit confirmation');
    expect(within(banner).getByTestId('config-banner-files').textContent).toBe(`WORKFLOW.md — ${WORKFLOW.why}`);
    await waitFor(() => expect(screen.getAllByTestId('diff-config-badge')).toHaveLength(1));
  });

  it('a asks first, Esc backs out, and Enter confirms: the approval carries confirm_config', async () => {
    const { calls } = renderReview(<ReviewInbox identifier={null} />, engine());
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    key('a');
    const confirm = await screen.findByTestId('approve-config-confirm');
    expect(confirm.textContent).toContain('WORKFLOW.md');
    expect(document.activeElement).toBe(confirm);
    expect(decisions(calls)).toEqual([]);
    key('Escape', confirm);
    expect(screen.queryByTestId('approve-config-confirm')).toBeNull();
    key('a');
    key('Enter', await screen.findByTestId('approve-config-confirm'));
    await waitFor(() => expect(decisions(calls)).toEqual([['/api/v1/tickets/BAT-1/review', { decision: 'approve', confirm_config: true }]]));
    await waitFor(() => expect(selectedId()).toBe('BAT-2'));
    // An ordinary ticket approves on one key, without confirm_config.
    key('a');
    await waitFor(() => expect(decisions(calls)).toHaveLength(2));
    expect(decisions(calls)[1]).toEqual(['/api/v1/tickets/BAT-2/review', { decision: 'approve' }]);
  });

  it('the Approve button opens the same confirmation; the engine refusing an unmarked ticket opens it too', async () => {
    inbox = reviews([reviewItem(3, 10 * MIN)]);
    let refused = false;
    const { calls } = renderReview(
      <ReviewInbox identifier={null} />,
      engine((c) => {
        if (c.method === 'POST' && c.path.endsWith('/review') && !(c.body as { confirm_config?: boolean }).confirm_config) {
          refused = true;
          return fail(409, 'config_confirmation_required', 'BAT-3 changes trusted configuration (scripts/setup.sh — run by hooks.before_run)');
        }
        return undefined;
      }),
    );
    await waitFor(() => expect(selectedId()).toBe('BAT-3'));
    fireEvent.click(screen.getByTestId('decide-approve'));
    await waitFor(() => expect(refused).toBe(true));
    expect((await screen.findByTestId('decision-error')).textContent).toContain('needs your explicit confirmation');
    fireEvent.click(await screen.findByTestId('confirm-config-approve'));
    await waitFor(() => expect(decisions(calls).at(-1)).toEqual(['/api/v1/tickets/BAT-3/review', { decision: 'approve', confirm_config: true }]));
  });
});
