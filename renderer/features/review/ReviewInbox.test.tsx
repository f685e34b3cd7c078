// @vitest-environment happy-dom
import { act, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReviewItem, ReviewsResponse } from '../../../shared/api/review-schemas.js';
import { DRAFTS_STORAGE_KEY } from './review-drafts.js';
import { audit, checkResult, finding, reviewItem, reviews, T0, ticketDiff } from './review-fixtures.test-util.js';
import { fail, ok, renderReview, setUpInboxPage, type Call, type Responder } from './review-kit.test-util.js';
import { ReviewInbox } from './ReviewInbox.js';
import { REFETCH_DEBOUNCE_MS } from '../../lib/use-live-query.js';

const MIN = 60_000;

let inbox: ReviewsResponse;

setUpInboxPage();
beforeEach(() => {
  inbox = reviews([reviewItem(1, 90 * MIN), reviewItem(2, 30 * MIN), reviewItem(3, 5 * MIN)]);
});

/** The engine: the inbox as `inbox` holds it, diffs for every ticket, decisions that take the ticket out. */
function engine(extra: Responder = () => undefined): Responder {
  return (c) => {
    const answer = extra(c);
    if (answer) return answer;
    if (c.method === 'GET' && c.path === '/api/v1/reviews') return ok(inbox);
    const diff = /^\/api\/v1\/tickets\/([^/]+)\/diff$/.exec(c.path);
    if (diff) return ok(ticketDiff(decodeURIComponent(diff[1]!)));
    const review = /^\/api\/v1\/tickets\/([^/]+)\/review$/.exec(c.path);
    if (review && c.method === 'POST') {
      const id = decodeURIComponent(review[1]!);
      inbox = { ...inbox, reviews: inbox.reviews.filter((r) => r.issue.identifier !== id) };
      const decision = (c.body as { decision: string }).decision;
      return ok({ identifier: id, decision, state: decision === 'approve' ? 'Merging' : 'Rework', landing_id: decision === 'approve' ? 7 : null, snapshot_ref: null });
    }
    return undefined;
  };
}

function show(respond: Responder = engine(), identifier: string | null = null) {
  return renderReview(<ReviewInbox identifier={identifier} />, respond);
}

/** The live ticket list as the engine pushes it: the inbox's tickets, in review. */
const liveTickets = () => Object.fromEntries(inbox.reviews.map((r) => [r.issue.identifier, r.issue]));

const rows = () => screen.getAllByRole('listitem').filter((li) => li.dataset.testid?.startsWith('review-row-'));
const selectedId = () => screen.getByTestId('review-detail').getAttribute('data-identifier');
const key = (k: string, init: Partial<KeyboardEventInit> = {}, target: Element | Window = document.body) => fireEvent.keyDown(target, { key: k, ...init });
const decisions = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.path.endsWith('/review'));

describe('ReviewInbox', () => {
  it('lists the tickets oldest first, with age, size, checks, reviewer, runs, tokens, time and overlaps', async () => {
    inbox = reviews([
      reviewItem(3, 5 * MIN, { checks: checkResult({ status: 'failed', exit_code: 1, output_tail: 'FAIL' }) }),
      reviewItem(1, 26 * 60 * MIN, {
        attempts: 3,
        reviewer: { status: 'done', model: 'gpt-x', head: null, at: '', error: null, findings: [finding('f1'), finding('f2'), finding('f3', { status: 'dismissed' })] },
        overlaps: [{ identifier: 'BAT-7', files: ['src/a.ts'], conflicts: ['src/a.ts'] }],
      }),
      reviewItem(2, 90 * MIN, { diff: null, diff_error: { code: 'branch_not_found', message: 'baton/BAT-2 is gone' } }),
    ]);
    show();
    await waitFor(() => expect(rows()).toHaveLength(3));
    expect(rows().map((r) => r.dataset.testid)).toEqual(['review-row-BAT-1', 'review-row-BAT-2', 'review-row-BAT-3']);
    const first = within(screen.getByTestId('review-row-BAT-1'));
    expect(first.getByTestId('review-age').textContent).toBe('1d 2h');
    expect(first.getByTestId('review-size').textContent).toBe('+15 −2 · 2 files');
    expect(first.getByTestId('reviewer-badge').textContent).toBe('2 P0');
    expect(first.getByTestId('reviewer-badge').dataset.tone).toBe('bad');
    expect(first.getByTestId('checks-badge').textContent).toBe('no checks');
    expect(first.getByTestId('review-stats').textContent).toBe('3 runs · 12k tokens · 2m 05s');
    expect(first.getByTestId('review-overlap').textContent).toBe('⚠ same lines as BAT-7 in src/a.ts');
    expect(within(screen.getByTestId('review-row-BAT-2')).getByTestId('review-size').textContent).toBe('diff unavailable');
    expect(within(screen.getByTestId('review-row-BAT-2')).getByTestId('review-age').textContent).toBe('1h 30m');
    const third = within(screen.getByTestId('review-row-BAT-3'));
    expect(third.getByTestId('checks-badge').textContent).toBe('checks failed');
    expect(third.getByTestId('review-age').textContent).toBe('5m');
    expect(screen.getByTestId('review-count').textContent).toBe('3');
  });

  it('selects the oldest ticket, shows its final message, and fetches its diff', async () => {
    const { calls } = show();
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    expect(screen.getByTestId('review-row-BAT-1').getAttribute('aria-current')).toBe('true');
    expect(screen.getByTestId('final-message').textContent).toContain('Done with BAT-1.\nAll tests pass.');
    expect(screen.getByTestId('detail-ticket-link').getAttribute('href')).toBe('#/ticket/BAT-1');
    await screen.findByTestId('diff-view');
    expect(screen.getByTestId('diff-branch').textContent).toBe('baton/BAT-1 at cccccccc');
    expect(calls.filter((c) => c.path === '/api/v1/tickets/BAT-1/diff')).toHaveLength(1);
    expect(window.location.hash).toBe('#/review/BAT-1');
  });

  it('opens the ticket named in the route', async () => {
    show(engine(), 'BAT-2');
    await waitFor(() => expect(selectedId()).toBe('BAT-2'));
  });

  it('says plainly when the branch is gone, and what to do', async () => {
    show(engine((c) => (c.path === '/api/v1/tickets/BAT-1/diff' ? fail(404, 'branch_not_found', 'branch baton/BAT-1 does not exist') : undefined)));
    const error = await screen.findByTestId('diff-error');
    expect(error.dataset.code).toBe('branch_not_found');
    expect(error.textContent).toContain('branch baton/BAT-1 does not exist');
    expect(error.textContent).toContain('Restart the ticket');
  });

  it('moves with j/k and the arrows, and approves with a: the next ticket is selected', async () => {
    const { calls } = show();
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    key('j');
    expect(selectedId()).toBe('BAT-2');
    key('ArrowDown');
    expect(selectedId()).toBe('BAT-3');
    key('j');
    expect(selectedId()).toBe('BAT-3');
    key('k');
    key('ArrowUp');
    expect(selectedId()).toBe('BAT-1');
    key('j');
    key('a');
    await waitFor(() => expect(decisions(calls)).toEqual([{ method: 'POST', path: '/api/v1/tickets/BAT-2/review', search: '', body: { decision: 'approve' } }]));
    await waitFor(() => expect(selectedId()).toBe('BAT-3'));
    await waitFor(() => expect(rows().map((r) => r.dataset.testid)).toEqual(['review-row-BAT-1', 'review-row-BAT-3']));
  });

  it('clears the whole inbox from the keyboard', async () => {
    const { calls } = show();
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    key('a');
    await waitFor(() => expect(selectedId()).toBe('BAT-2'));
    key('r');
    fireEvent.change(screen.getByTestId('summary-input'), { target: { value: 'Handle the empty list' } });
    key('Enter', { ctrlKey: true }, screen.getByTestId('summary-input'));
    await waitFor(() => expect(selectedId()).toBe('BAT-3'));
    key('R', { shiftKey: true });
    key('Enter');
    await waitFor(() => expect(screen.getByTestId('review-empty')).toBeTruthy());
    expect(decisions(calls).map((c) => [c.path, c.body])).toEqual([
      ['/api/v1/tickets/BAT-1/review', { decision: 'approve' }],
      ['/api/v1/tickets/BAT-2/review', { decision: 'request_changes', summary: 'Handle the empty list' }],
      ['/api/v1/tickets/BAT-3/review', { decision: 'restart' }],
    ]);
  });

  it('r opens the summary, sends it with the draft line comments, and clears the drafts', async () => {
    window.sessionStorage.setItem(DRAFTS_STORAGE_KEY, JSON.stringify({ 'BAT-1': { summary: '', comments: [{ id: 'c1', path: 'src/a.ts', line: 3, body: 'Off by one' }] } }));
    const { calls } = show();
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    expect(screen.getByTestId('draft-note').textContent).toContain('1 draft comment');
    expect(within(screen.getByTestId('review-row-BAT-1')).getByTestId('review-stats').textContent).toContain('1 draft');
    key('r');
    const summary = screen.getByTestId('summary-input');
    expect(document.activeElement).toBe(summary);
    // Shortcuts do not fire while typing.
    key('j', {}, summary);
    key('a', {}, summary);
    expect(selectedId()).toBe('BAT-1');
    fireEvent.change(summary, { target: { value: 'Fix the loop bound' } });
    fireEvent.click(screen.getByTestId('send-request'));
    await waitFor(() => expect(decisions(calls)).toHaveLength(1));
    expect(decisions(calls)[0]!.body).toEqual({ decision: 'request_changes', summary: 'Fix the loop bound', comments: [{ path: 'src/a.ts', line: 3, body: 'Off by one' }] });
    await waitFor(() => expect(selectedId()).toBe('BAT-2'));
    expect(JSON.parse(window.sessionStorage.getItem(DRAFTS_STORAGE_KEY) ?? '{}')).toEqual({});
  });

  it('a comment added on a diff line is a draft: it survives switching tickets and goes with request changes', async () => {
    const { calls } = show();
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    await screen.findByTestId('diff-view');
    const gutter = screen.getAllByTestId('diff-line-gutter').find((g) => g.closest('[data-testid="diff-file"]')?.textContent?.includes('src/a.ts') && g.dataset.line === '2');
    fireEvent.click(gutter!);
    const form = screen.getByTestId('diff-comment-form');
    fireEvent.change(within(form).getByRole('textbox'), { target: { value: 'Why 2?' } });
    fireEvent.click(within(form).getByText('Add comment'));
    expect(screen.getByTestId('draft-note').textContent).toContain('1 draft comment');
    key('j');
    await waitFor(() => expect(selectedId()).toBe('BAT-2'));
    expect(screen.queryByTestId('draft-note')).toBeNull();
    key('k');
    expect(screen.getByTestId('draft-note').textContent).toContain('1 draft comment');
    expect(screen.getByTestId('decide-request').textContent).toBe('Request changes (1)');
    key('r');
    fireEvent.click(screen.getByTestId('send-request'));
    await waitFor(() => expect(decisions(calls)[0]?.body).toEqual({ decision: 'request_changes', comments: [{ path: 'src/a.ts', line: 2, body: 'Why 2?' }] }));
  });

  it('n and p walk the files of the diff in the order of its file tree', async () => {
    show();
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    await screen.findByTestId('diff-view');
    const current = () => screen.getAllByTestId('diff-tree-file').find((f) => f.getAttribute('aria-current') === 'true')?.dataset.path ?? null;
    expect(current()).toBeNull();
    key('n');
    expect(current()).toBe('src/a.ts');
    key('n');
    expect(current()).toBe('src/b.ts');
    key('n');
    expect(current()).toBe('src/b.ts');
    key('p');
    expect(current()).toBe('src/a.ts');
  });

  it('request changes is disabled until there is a summary or a comment', async () => {
    const { calls } = show();
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    fireEvent.click(screen.getByTestId('decide-request'));
    const send = screen.getByTestId('send-request') as HTMLButtonElement;
    expect(send.disabled).toBe(true);
    fireEvent.change(screen.getByTestId('summary-input'), { target: { value: '   ' } });
    expect(send.disabled).toBe(true);
    key('Enter', { ctrlKey: true }, screen.getByTestId('summary-input'));
    fireEvent.change(screen.getByTestId('summary-input'), { target: { value: 'x' } });
    expect(send.disabled).toBe(false);
    key('Escape', {}, screen.getByTestId('summary-input'));
    expect(screen.queryByTestId('request-form')).toBeNull();
    expect(decisions(calls)).toHaveLength(0);
  });

  it('keeps a draft summary when switching tickets and back', async () => {
    show();
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    key('r');
    fireEvent.change(screen.getByTestId('summary-input'), { target: { value: 'Half-written thought' } });
    key('Escape', {}, screen.getByTestId('summary-input'));
    key('j');
    expect(selectedId()).toBe('BAT-2');
    expect(screen.queryByTestId('draft-note')).toBeNull();
    key('k');
    expect(screen.getByTestId('draft-note').textContent).toContain('and a summary');
    key('r');
    expect((screen.getByTestId('summary-input') as HTMLTextAreaElement).value).toBe('Half-written thought');
  });

  it('restart asks first, says what happens to the work, and sends the optional summary', async () => {
    const { calls } = show();
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    key('R', { shiftKey: true });
    const confirm = screen.getByTestId('restart-confirm');
    expect(confirm.textContent).toContain('saved under refs/baton/snapshots');
    expect(document.activeElement).toBe(confirm);
    key('Escape');
    expect(screen.queryByTestId('restart-confirm')).toBeNull();
    key('Enter');
    expect(decisions(calls)).toHaveLength(0);
    fireEvent.click(screen.getByTestId('decide-restart'));
    fireEvent.change(screen.getByTestId('restart-summary'), { target: { value: 'Wrong approach: use the queue' } });
    fireEvent.click(screen.getByTestId('confirm-restart'));
    await waitFor(() => expect(decisions(calls)[0]?.body).toEqual({ decision: 'restart', summary: 'Wrong approach: use the queue' }));
  });

  it("shows the engine's refusal on the ticket and keeps the drafts", async () => {
    const refuse = fail(409, 'not_in_review', 'BAT-1 is in Rework, not Human Review');
    const { calls } = show(engine((c) => (c.method === 'POST' && c.path.endsWith('/review') ? refuse : undefined)));
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    key('r');
    fireEvent.change(screen.getByTestId('summary-input'), { target: { value: 'Please rename it' } });
    fireEvent.click(screen.getByTestId('send-request'));
    const error = await screen.findByTestId('decision-error');
    expect(error.dataset.code).toBe('not_in_review');
    expect(error.textContent).toBe('Not in review any more — BAT-1 is in Rework, not Human Review');
    expect(selectedId()).toBe('BAT-1');
    expect((screen.getByTestId('summary-input') as HTMLTextAreaElement).value).toBe('Please rename it');
    expect(decisions(calls)).toHaveLength(1);
    expect(JSON.parse(window.sessionStorage.getItem(DRAFTS_STORAGE_KEY)!)['BAT-1'].summary).toBe('Please rename it');
  });

  it('with the gate on and open findings, approve is blocked and says why; a dismissal refetches', async () => {
    const gated = (open: boolean): ReviewItem =>
      reviewItem(1, 10 * MIN, { gated: open, reviewer: { status: 'done', model: 'gpt-x', head: null, at: T0.toString(), error: null, findings: [finding('f1', { status: open ? 'open' : 'dismissed' })] } });
    inbox = reviews([gated(true), reviewItem(2, 5 * MIN)]);
    const { calls } = show(
      engine((c) => {
        if (c.path !== '/api/v1/tickets/BAT-1/findings/f1') return undefined;
        inbox = reviews([gated(false), reviewItem(2, 5 * MIN)]);
        return ok({});
      }),
    );
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    expect((screen.getByTestId('decide-approve') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('approve-blocked').textContent).toContain('1 open P0 finding');
    key('a');
    expect(screen.getByTestId('decision-error').dataset.code).toBe('blocked_by_findings');
    expect(decisions(calls)).toHaveLength(0);
    const f1 = within(screen.getByTestId('finding-f1'));
    expect(f1.getByText('src/a.ts:12')).toBeTruthy();
    fireEvent.click(f1.getByTestId('finding-dismiss'));
    await waitFor(() => expect(calls.some((c) => c.path === '/api/v1/tickets/BAT-1/findings/f1' && (c.body as { status: string }).status === 'dismissed')).toBe(true));
    await waitFor(() => expect((screen.getByTestId('decide-approve') as HTMLButtonElement).disabled).toBe(false));
    expect(screen.queryByTestId('approve-blocked')).toBeNull();
    expect(within(screen.getByTestId('finding-f1')).getByTestId('finding-reopen')).toBeTruthy();
  });

  it('promotes a finding to guidance with its text, and shows a reviewer that failed', async () => {
    inbox = reviews([reviewItem(1, MIN, { reviewer: { status: 'done', model: 'm', head: null, at: T0.toString(), error: null, findings: [finding('f1')] } }), reviewItem(2, 0, { reviewer: { status: 'failed', model: 'm', head: null, at: T0.toString(), error: 'endpoint returned 502', findings: [] } })]);
    const { calls } = show(engine((c) => (c.path === '/api/v1/guidance' ? ok({ landing_id: 9 }) : c.path.endsWith('/reviewer') ? fail(400, 'reviewer_not_configured', 'no reviewer') : undefined)));
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    fireEvent.click(screen.getByTestId('finding-promote'));
    expect((screen.getByTestId('guidance-text') as HTMLTextAreaElement).value).toBe('Drops the user table (seen in src/a.ts:12)\n\nThe migration runs DROP TABLE users.');
    fireEvent.click(screen.getByTestId('guidance-submit'));
    await waitFor(() => expect(calls.find((c) => c.path === '/api/v1/guidance')?.body).toEqual({ identifier: 'BAT-1', finding_id: 'f1', text: 'Drops the user table (seen in src/a.ts:12)\n\nThe migration runs DROP TABLE users.', confirm_config: true }));
    await waitFor(() => expect(screen.queryByTestId('guidance-form')).toBeNull());
    key('j');
    expect(screen.getByTestId('reviewer-error').textContent).toBe('The reviewer failed: endpoint returned 502');
    fireEvent.click(screen.getByTestId('rerun-reviewer'));
    expect((await screen.findByTestId('reviewer-action-error')).textContent).toContain('set review.reviewer');
  });

  it('runs the checks again on request and shows why when the engine refuses', async () => {
    inbox = reviews([reviewItem(1, 10 * MIN, { checks: checkResult({ status: 'failed', exit_code: 1, output_tail: 'flaky', started_at: '2026-11-21T10:00:00.000Z', ended_at: '2026-11-21T10:01:00.000Z' }) })]);
    let refuse = false;
    const { calls } = show(engine((c) => (c.path.endsWith('/checks') ? (refuse ? fail(409, 'checks_not_configured', 'review.checks is not set') : { status: 202, body: { queued: true } }) : undefined)));
    fireEvent.click(await screen.findByTestId('rerun-checks'));
    await waitFor(() => expect(calls.filter((c) => c.method === 'POST' && c.path === '/api/v1/tickets/BAT-1/checks')).toHaveLength(1));
    await waitFor(() => expect(calls.filter((c) => c.path === '/api/v1/reviews').length).toBeGreaterThan(1));
    refuse = true;
    fireEvent.click(screen.getByTestId('rerun-checks'));
    expect((await screen.findByTestId('checks-action-error')).textContent).toContain('review.checks is not set');
  });

  it('marks checks that ran on an older version of the work as stale, and a cancelled check as cancelled', async () => {
    inbox = reviews([
      reviewItem(1, 10 * MIN, { checks: checkResult({ head: '1234567890'.repeat(4) }), checks_stale: true }),
      reviewItem(2, 5 * MIN, { checks: checkResult({ status: 'cancelled', output_tail: 'Cancelled: BAT-2 left review.' }) }),
    ]);
    show(engine(), 'BAT-1');
    const badges = await screen.findAllByTestId('checks-badge');
    expect(badges.map((b) => b.textContent)).toEqual(['checks passed · stale', 'checks cancelled']);
    expect((await screen.findByTestId('checks-stale')).textContent).toContain('older version of the work (HEAD 12345678)');
  });

  it('says the reviewer is off instead of offering a button that can only fail, once the workflow says so', async () => {
    const workflow = { path: '/w', config: { tracker: { kind: 'local', api_key: null, active_states: [], terminal_states: [], states: [] }, agent: { kind: 'codex', max_concurrent_agents: 1, handoff_state: 'Human Review' }, review: { merging_state: 'Merging', reviewer: null } }, prompt_template: '', loaded_at: '2026-11-21T00:00:00.000Z', last_error: null, pending_change: null };
    renderReview(<ReviewInbox identifier={null} />, engine(), { workflow, tickets: liveTickets() });
    expect((await screen.findByTestId('reviewer-off')).textContent).toContain('review.reviewer');
    expect(screen.queryByTestId('rerun-reviewer')).toBeNull();
  });

  it('lists the audits below an empty inbox (ReviewInboxAudits.test.tsx covers reading them)', async () => {
    inbox = reviews([], [audit(5), audit(6)]);
    show();
    const row = await screen.findByTestId('audit-5');
    expect(screen.getByTestId('review-empty').textContent).toBe('Nothing to review in Human Review.');
    expect(row.textContent).toContain('landed f00dfeed');
    expect(screen.getByTestId('audit-6')).toBeTruthy();
    expect(screen.queryByTestId('audit-detail')).toBeNull();
  });

  it('refetches on a reviews push, a state change of a ticket, and a reconnect', async () => {
    const { calls, socket, store } = show();
    await waitFor(() => expect(rows()).toHaveLength(3));
    const fetches = () => calls.filter((c) => c.path === '/api/v1/reviews').length;
    expect(fetches()).toBe(1);
    inbox = reviews([reviewItem(2, 30 * MIN)]);
    act(() => {
      socket.emit({ type: 'reviews' });
      socket.emit({ type: 'reviews' });
    });
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(fetches()).toBe(2);
    store.setState({ tickets: { 'BAT-2': reviewItem(2, 0).issue } });
    act(() => socket.emit({ type: 'ticket', ticket: reviewItem(2, 0).issue }));
    await new Promise((resolve) => setTimeout(resolve, REFETCH_DEBOUNCE_MS * 2));
    expect(fetches()).toBe(2);
    act(() => socket.emit({ type: 'ticket', ticket: { ...reviewItem(2, 0).issue, state: 'Rework' } }));
    await waitFor(() => expect(fetches()).toBe(3));
    act(() => socket.setStatus('open'));
    await waitFor(() => expect(fetches()).toBe(4));
  });

  it('shows a failed inbox load and keeps what it showed', async () => {
    let down = false;
    const { socket } = show(engine((c) => (down && c.path === '/api/v1/reviews' ? fail(503, 'service_unavailable', 'engine is starting') : undefined)));
    await waitFor(() => expect(rows()).toHaveLength(3));
    down = true;
    act(() => socket.emit({ type: 'resync', reason: 'slow' }));
    expect((await screen.findByTestId('reviews-error')).textContent).toBe('Could not load the inbox: engine is starting (service_unavailable)');
    expect(rows()).toHaveLength(3);
  });

  it('toggles the diff view with v and lists the shortcuts with ?', async () => {
    show();
    await waitFor(() => expect(selectedId()).toBe('BAT-1'));
    expect(screen.getByTestId('toggle-view').textContent).toBe('Split view');
    key('v');
    expect(screen.getByTestId('toggle-view').textContent).toBe('Unified view');
    key('?');
    expect(screen.getByTestId('review-help').textContent).toContain('Shift+R');
    key('Escape');
    expect(screen.queryByTestId('review-help')).toBeNull();
  });
});
