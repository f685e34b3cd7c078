// @vitest-environment happy-dom
import { fireEvent, screen, waitFor, within } from '@testing-library/react';
import { beforeEach, describe, expect, it } from 'vitest';
import type { ReviewsResponse } from '../../../shared/api/review-schemas.js';
import { audit, reviewItem, reviews, ticketDiff } from './review-fixtures.test-util.js';
import { fail, ok, renderReview, setUpInboxPage, type Call, type Responder } from './review-kit.test-util.js';
import { ReviewInbox } from './ReviewInbox.js';

const MIN = 60_000;

let inbox: ReviewsResponse;

setUpInboxPage();
beforeEach(() => {
  inbox = reviews([reviewItem(1, 90 * MIN), reviewItem(2, 30 * MIN)], [audit(5), audit(6)]);
});

/** The engine: the inbox as `inbox` holds it, ticket and audit diffs, audits that can be marked read. */
function engine(extra: Responder = () => undefined): Responder {
  return (c) => {
    const answer = extra(c);
    if (answer) return answer;
    if (c.method === 'GET' && c.path === '/api/v1/reviews') return ok(inbox);
    const ticket = /^\/api\/v1\/tickets\/([^/]+)\/diff$/.exec(c.path);
    if (ticket) return ok(ticketDiff(decodeURIComponent(ticket[1]!)));
    const landed = /^\/api\/v1\/audits\/(\d+)\/diff$/.exec(c.path);
    if (landed) return ok(ticketDiff(`BAT-${landed[1]}`, { head_ref: null, base_ref: 'a1b2c3d4e5f6' }));
    const read = /^\/api\/v1\/audits\/(\d+)$/.exec(c.path);
    if (read && c.method === 'POST') {
      const id = Number(read[1]);
      inbox = { ...inbox, audits: inbox.audits.map((a) => (a.id === id ? { ...a, status: 'done' } : a)) };
      return ok(inbox.audits.find((a) => a.id === id));
    }
    return undefined;
  };
}

function show(respond: Responder = engine(), props: { identifier?: string | null; audit?: number | null } = {}) {
  return renderReview(<ReviewInbox identifier={props.identifier ?? null} audit={props.audit ?? null} />, respond);
}

const auditDetail = () => screen.queryByTestId('audit-detail');
const ticketSelected = () => screen.queryByTestId('review-detail')?.getAttribute('data-identifier') ?? null;
const decisions = (calls: Call[]) => calls.filter((c) => c.method === 'POST' && c.path.endsWith('/review'));
const key = (k: string) => fireEvent.keyDown(document.body, { key: k });

describe('ReviewInbox audits', () => {
  it('opens an audit on click: its landed change, read-only, with the ticket, the commit and the range', async () => {
    const { calls } = show();
    await waitFor(() => expect(ticketSelected()).toBe('BAT-1'));
    const row = screen.getByTestId('audit-5');
    expect(row.textContent).toContain('BAT-5');
    expect(row.textContent).toContain('landed f00dfeed');
    fireEvent.click(within(row).getByTestId('audit-open'));

    const detail = await screen.findByTestId('audit-detail');
    expect(detail.dataset.auditId).toBe('5');
    expect(row.getAttribute('aria-current')).toBe('true');
    expect(screen.getByTestId('review-row-BAT-1').getAttribute('aria-current')).toBeNull();
    expect(ticketSelected()).toBeNull();
    expect(within(detail).getByTestId('audit-ticket-link').getAttribute('href')).toBe('#/ticket/BAT-5');
    expect(detail.textContent).toContain('Ticket 5');
    expect(within(detail).getByTestId('audit-commit').textContent).toBe('f00dfeed');
    expect(within(detail).getByTestId('audit-range').textContent).toBe('a1b2c3d4..f00dfeed');
    expect(window.location.hash).toBe('#/review/audit/5');

    await within(detail).findByTestId('diff-view');
    expect(calls.filter((c) => c.path === '/api/v1/audits/5/diff')).toHaveLength(1);
    const files = within(detail).getAllByTestId('diff-file');
    expect(files.map((f) => f.dataset.path)).toEqual(['src/a.ts', 'src/b.ts']);
    expect(files[0]!.textContent).toContain('return 2;');
    // Read-only: line numbers, but nothing to comment with.
    expect(within(detail).queryAllByTestId('diff-line-gutter')).toHaveLength(0);
    expect(within(detail).queryAllByRole('button', { name: /^Comment on/ })).toHaveLength(0);

    // Decision keys do nothing while an audit is shown: the ticket is out of sight.
    key('a');
    key('r');
    expect(decisions(calls)).toEqual([]);
    expect(screen.queryByTestId('summary-input')).toBeNull();
  });

  it('says plainly when the landed change cannot be read, and keeps the actions', async () => {
    show(engine((c) => (c.path === '/api/v1/audits/5/diff' ? fail(409, 'commit_not_found', 'f00dfeed is not a commit in /repo') : c.path === '/api/v1/audits/6/diff' ? fail(409, 'no_repository', 'workspace.repo is not set') : undefined)));
    fireEvent.click(within(await screen.findByTestId('audit-5')).getByTestId('audit-open'));
    const error = await screen.findByTestId('audit-diff-error');
    expect(error.dataset.code).toBe('commit_not_found');
    expect(error.textContent).toContain('f00dfeed is not a commit in /repo');
    expect(error.textContent).toContain('history rewritten');
    expect(screen.queryByTestId('diff-view')).toBeNull();
    expect(screen.getByTestId('audit-mark-read')).toBeTruthy();
    fireEvent.click(within(screen.getByTestId('audit-6')).getByTestId('audit-open'));
    await waitFor(() => expect(screen.getByTestId('audit-diff-error').dataset.code).toBe('no_repository'));
    expect(screen.getByTestId('audit-diff-error').textContent).toContain('set workspace.repo');
  });

  it('marks the shown audit read: it leaves the list and the next audit opens; a refusal is shown', async () => {
    const { calls } = show(engine((c) => (c.method === 'POST' && c.path === '/api/v1/audits/6' ? fail(404, 'audit_not_found', 'audit 6 is gone') : undefined)));
    fireEvent.click(within(await screen.findByTestId('audit-5')).getByTestId('audit-open'));
    await screen.findByTestId('audit-detail');
    fireEvent.click(screen.getByTestId('audit-mark-read'));
    await waitFor(() => expect(screen.queryByTestId('audit-5')).toBeNull());
    expect(calls.find((c) => c.method === 'POST' && c.path === '/api/v1/audits/5')?.body).toEqual({ status: 'done' });
    await waitFor(() => expect(auditDetail()?.dataset.auditId).toBe('6'));
    expect(window.location.hash).toBe('#/review/audit/6');

    fireEvent.click(screen.getByTestId('audit-mark-read'));
    expect((await screen.findByTestId('audit-error')).textContent).toBe('Not marked read: audit 6 is gone (audit_not_found)');
    expect(screen.getByTestId('audit-6')).toBeTruthy();
    fireEvent.click(screen.getByTestId('audit-promote'));
    expect((screen.getByTestId('guidance-submit') as HTMLButtonElement).disabled).toBe(true);
  });

  it('goes back to the tickets after the last audit is read', async () => {
    inbox = reviews([reviewItem(1, 90 * MIN)], [audit(5)]);
    show(engine(), { audit: 5 });
    await waitFor(() => expect(auditDetail()?.dataset.auditId).toBe('5'));
    fireEvent.click(screen.getByTestId('audit-mark-read'));
    await waitFor(() => expect(ticketSelected()).toBe('BAT-1'));
    expect(auditDetail()).toBeNull();
    expect(within(screen.getByTestId('audits')).getByText('No sampled landings to read.')).toBeTruthy();
    // The route follows the selection on the next render.
    await waitFor(() => expect(window.location.hash).toBe('#/review/BAT-1'));
  });

  it('opens the audit named in the route (a reload), and loads an omitted file of it by path', async () => {
    window.location.hash = '#/review/audit/6';
    const omitted = ticketDiff('BAT-6', { files: [{ path: 'gen/big.ts', old_path: null, status: 'added', additions: 2, deletions: 0, binary: false, patch_omitted: true }], patch: '', truncated: true });
    const whole = ticketDiff('BAT-6', { files: [{ ...omitted.files[0]!, patch_omitted: false }], patch: 'diff --git a/gen/big.ts b/gen/big.ts\nnew file mode 100644\n--- /dev/null\n+++ b/gen/big.ts\n@@ -0,0 +1,2 @@\n+one\n+two\n' });
    const { calls } = show(engine((c) => (c.path === '/api/v1/audits/6/diff' ? ok(c.search ? whole : omitted) : undefined)), { audit: 6 });
    await waitFor(() => expect(auditDetail()?.dataset.auditId).toBe('6'));
    expect(calls.some((c) => c.path.startsWith('/api/v1/tickets/'))).toBe(false);
    fireEvent.click(await screen.findByRole('button', { name: 'Load diff' }));
    await waitFor(() => expect(screen.getByTestId('diff-file').textContent).toContain('two'));
    expect(calls.filter((c) => c.path === '/api/v1/audits/6/diff').map((c) => c.search)).toEqual(['', '?path=gen%2Fbig.ts']);
    expect(screen.queryAllByTestId('diff-line-gutter')).toHaveLength(0);
    expect(window.location.hash).toBe('#/review/audit/6');
  });

  it('shows the tickets when the audit in the route is no longer open', async () => {
    inbox = reviews([reviewItem(1, 90 * MIN)], [audit(5, { status: 'done' })]);
    show(engine(), { audit: 5 });
    await waitFor(() => expect(ticketSelected()).toBe('BAT-1'));
    expect(auditDetail()).toBeNull();
    expect(screen.queryByTestId('audit-5')).toBeNull();
  });

  it('j/k walk on from the last ticket into the audits and back; a ticket click leaves the audit', async () => {
    show();
    await waitFor(() => expect(ticketSelected()).toBe('BAT-1'));
    key('j');
    expect(ticketSelected()).toBe('BAT-2');
    key('j');
    await waitFor(() => expect(auditDetail()?.dataset.auditId).toBe('5'));
    key('j');
    await waitFor(() => expect(auditDetail()?.dataset.auditId).toBe('6'));
    key('j');
    expect(auditDetail()?.dataset.auditId).toBe('6');
    key('k');
    await waitFor(() => expect(auditDetail()?.dataset.auditId).toBe('5'));
    key('k');
    await waitFor(() => expect(ticketSelected()).toBe('BAT-2'));
    expect(auditDetail()).toBeNull();
    fireEvent.click(within(screen.getByTestId('audit-6')).getByTestId('audit-open'));
    await waitFor(() => expect(auditDetail()?.dataset.auditId).toBe('6'));
    fireEvent.click(within(screen.getByTestId('review-row-BAT-1')).getByRole('button'));
    await waitFor(() => expect(ticketSelected()).toBe('BAT-1'));
    expect(window.location.hash).toBe('#/review/BAT-1');
  });

  it('follows a hash change to an audit and back to a ticket', async () => {
    show();
    await waitFor(() => expect(ticketSelected()).toBe('BAT-1'));
    window.location.hash = '#/review/audit/6';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await waitFor(() => expect(auditDetail()?.dataset.auditId).toBe('6'));
    window.location.hash = '#/review/BAT-2';
    window.dispatchEvent(new HashChangeEvent('hashchange'));
    await waitFor(() => expect(ticketSelected()).toBe('BAT-2'));
    expect(auditDetail()).toBeNull();
  });
});
