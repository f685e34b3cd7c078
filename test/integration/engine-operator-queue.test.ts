import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Approval, IssueDetail } from '../../shared/api/schemas.js';
import { EngineHarness } from './engine-harness.js';
import { TestSocket } from './server-harness.js';

/**
 * The operator queue through the real API: approvals and questions from the fake app-server wait
 * in `GET /api/v1/approvals`, are answered with `POST /api/v1/approvals/<id>`, and the agent
 * receives the answer.
 */
/** Generous: the machine may be shared with benchmarks; polls return as soon as the condition holds. */
const WAIT = { timeout: 30_000, interval: 50 };

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function approvals(harness: EngineHarness): Promise<Approval[]> {
  return (await harness.api<{ approvals: Approval[] }>('GET', '/api/v1/approvals')).json.approvals;
}

/** Waits for a queued request whose id is not in `seen`. */
async function nextRequest(harness: EngineHarness, seen: Set<string>): Promise<Approval> {
  let found: Approval | undefined;
  await expect.poll(async () => (found = (await approvals(harness)).find((a) => !seen.has(a.id))) !== undefined, WAIT).toBe(true);
  seen.add(found!.id);
  return found!;
}

async function agentMessages(harness: EngineHarness, identifier: string): Promise<string[]> {
  return (await harness.events(identifier)).filter((e) => e.kind === 'message').map((e) => String(e.data.text ?? e.summary));
}

/** After an approval expired: the run failed with approval_timeout and waits for its retry. */
async function timedOut(harness: EngineHarness, requestId: string): Promise<void> {
  await expect.poll(async () => (await harness.state()).retrying[0]?.error ?? '', WAIT).toContain('approval_timeout');
  const state = await harness.state();
  expect(state.retrying[0]).toMatchObject({ issue_identifier: 'BAT-1', attempt: 1 });
  expect(state.counts.running).toBe(0);
  expect(state.counts.waiting).toBe(0);
  expect(await approvals(harness)).toEqual([]);
  expect((await harness.api<IssueDetail>('GET', '/api/v1/BAT-1')).json.status).toBe('retrying');
  const late = await harness.api('POST', `/api/v1/approvals/${requestId}`, { decision: 'accept' });
  expect(late.status).toBe(409);
  const events = await harness.events('BAT-1');
  expect(events.some((e) => e.data.event === 'approval_timeout')).toBe(true);
  expect(events.find((e) => e.data.event === 'run_ended')?.data).toMatchObject({ status: 'failed' });
}

describe('operator queue end to end (approval_policy: on-request)', { timeout: 90_000 }, () => {
  it('queues every approval, shows the ticket as waiting, and continues to Human Review once answered', async () => {
    h = await EngineHarness.start({ scenario: 'approval', codex: 'approval_policy: on-request\napproval_timeout_ms: 60000' });
    await h.api('POST', '/api/v1/tickets', { title: 'Needs approvals' });
    const harness = h;
    const seen = new Set<string>();

    const first = await nextRequest(h, seen);
    expect(first).toMatchObject({ kind: 'approval', issue_identifier: 'BAT-1', method: 'item/commandExecution/requestApproval', questions: [] });
    expect(first.summary).toContain('npm install');
    expect(first.options).toContain('accept');
    expect(Date.parse(first.expires_at) - Date.parse(first.created_at)).toBe(60_000);
    const detail = await h.api<IssueDetail>('GET', '/api/v1/BAT-1');
    expect(detail.json.status).toBe('waiting');
    expect((await h.state()).counts.waiting).toBe(1);

    const answered = await h.api('POST', `/api/v1/approvals/${first.id}`, { decision: 'accept' });
    expect(answered).toEqual({ status: 200, json: { id: first.id, resolved: true } });
    const again = await h.api<{ error: { code: string } }>('POST', `/api/v1/approvals/${first.id}`, { decision: 'accept' });
    expect(again.status).toBe(409);
    expect(again.json.error.code).toBe('approval_already_resolved');

    // The scenario asks four more times (file change, legacy exec, legacy patch, permissions).
    const methods = [first.method];
    for (let i = 0; i < 4; i++) {
      const request = await nextRequest(h, seen);
      methods.push(request.method);
      const res = await h.api('POST', `/api/v1/approvals/${request.id}`, { decision: 'accept' });
      expect(res.status).toBe(200);
    }
    expect(methods).toEqual([
      'item/commandExecution/requestApproval',
      'item/fileChange/requestApproval',
      'execCommandApproval',
      'applyPatchApproval',
      'item/permissions/requestApproval',
    ]);

    await expect.poll(async () => (await harness.ticket('BAT-1')).state, WAIT).toBe('Human Review');
    expect(await approvals(h)).toEqual([]);
    // The approved file change was really applied in the worktree.
    expect(await readFile(path.join(h.dir, 'workspaces', 'BAT-1', 'approved.txt'), 'utf8')).toBe('approved\n');
    const events = await h.events('BAT-1');
    expect(events.filter((e) => e.data.event === 'approval_requested')).toHaveLength(5);
    expect(events.filter((e) => e.data.event === 'approval_answered')).toHaveLength(5);
    expect((await agentMessages(h, 'BAT-1')).some((m) => m.startsWith('approval commandExecution: {"decision":"accept"}'))).toBe(true);

    const actions = h.engine.store.actions.listActions(100);
    expect(actions.ok).toBe(true);
    const recorded = actions.ok ? actions.value.filter((a) => a.action === 'approval.answer') : [];
    expect(recorded).toHaveLength(5);
    expect(recorded.find((a) => a.payload?.id === first.id)).toMatchObject({ target: 'BAT-1', payload: { id: first.id, decision: 'accept' } });
  });

  it('refuses a decision that was not offered, and the request stays queued', async () => {
    h = await EngineHarness.start({ scenario: 'approval', codex: 'approval_policy: on-request\napproval_timeout_ms: 60000' });
    await h.api('POST', '/api/v1/tickets', { title: 'Needs approvals' });
    const request = await nextRequest(h, new Set());
    const bad = await h.api<{ error: { code: string } }>('POST', `/api/v1/approvals/${request.id}`, { decision: 'maybe' });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toMatch(/invalid_(answer|request)/);
    expect((await approvals(h)).map((a) => a.id)).toEqual([request.id]);
    const unknown = await h.api<{ error: { code: string } }>('POST', '/api/v1/approvals/no-such-id', { decision: 'accept' });
    expect(unknown.status).toBe(404);
    expect(unknown.json.error.code).toBe('approval_not_found');
  });

  it('an unanswered approval times out: the run fails with approval_timeout and the queue empties', async () => {
    h = await EngineHarness.start({ scenario: 'approval', codex: 'approval_policy: on-request\napproval_timeout_ms: 400' });
    // The request lives 400 ms: watch the queue's pushes rather than polling for it.
    const socket = await TestSocket.open(Number(new URL(h.baseUrl).port), { authorization: `Bearer ${h.token}` });
    try {
      await h.api('POST', '/api/v1/tickets', { title: 'Nobody answers' });
      const request = await socket.waitFor(() => socket.ofType('approvals').find((m) => m.approvals.length > 0)?.approvals[0], WAIT.timeout, 'queued approval');
      expect(request).toMatchObject({ kind: 'approval', issue_identifier: 'BAT-1' });
      expect(Date.parse(request.expires_at) - Date.parse(request.created_at)).toBe(400);
      await socket.waitFor(() => socket.ofType('approvals').at(-1)?.approvals.length === 0 || undefined, WAIT.timeout, 'empty queue push');
      await timedOut(h, request.id);
    } finally {
      socket.ws.terminate();
    }
  });

  it('answers to user input and an MCP elicitation reach the agent', async () => {
    h = await EngineHarness.start({ scenario: 'user-input', codex: 'approval_timeout_ms: 60000' });
    await h.api('POST', '/api/v1/tickets', { title: 'Has questions' });
    const harness = h;
    const seen = new Set<string>();

    const question = await nextRequest(h, seen);
    expect(question).toMatchObject({ kind: 'input', method: 'item/tool/requestUserInput', options: [] });
    expect(question.questions.map((q) => q.id)).toEqual(['target_branch', 'notes']);
    expect((await h.api<IssueDetail>('GET', '/api/v1/BAT-1')).json.status).toBe('waiting');
    const missing = await h.api<{ error: { code: string } }>('POST', `/api/v1/approvals/${question.id}`, { answers: { target_branch: ['release'] } });
    expect(missing.status).toBe(400);
    const res = await h.api('POST', `/api/v1/approvals/${question.id}`, { answers: { target_branch: ['release'], notes: ['ship it friday'] } });
    expect(res.status).toBe(200);

    const elicitation = await nextRequest(h, seen);
    expect(elicitation).toMatchObject({ kind: 'input', method: 'mcpServer/elicitation/request' });
    expect(elicitation.questions.map((q) => q.id)).toEqual(['env']);
    expect((await h.api('POST', `/api/v1/approvals/${elicitation.id}`, { answers: { env: ['staging'] } })).status).toBe(200);

    await expect.poll(async () => (await harness.ticket('BAT-1')).state, WAIT).toBe('Human Review');
    const messages = await agentMessages(h, 'BAT-1');
    const echoed = messages.find((m) => m.startsWith('user input: '));
    expect(JSON.parse(echoed!.slice('user input: '.length))).toEqual({
      answers: { target_branch: { answers: ['release'] }, notes: { answers: ['ship it friday'] } },
    });
    expect(messages).toContain('elicitation: {"action":"accept","content":{"env":"staging"}}');
  });
});

describe('approval_policy: never (the default)', { timeout: 90_000 }, () => {
  it('auto-approves every request and runs straight to Human Review', async () => {
    h = await EngineHarness.start({ scenario: 'approval' });
    await h.api('POST', '/api/v1/tickets', { title: 'Trusted' });
    const harness = h;
    await expect.poll(async () => (await harness.ticket('BAT-1')).state, WAIT).toBe('Human Review');
    expect(await approvals(h)).toEqual([]);
    const events = await h.events('BAT-1');
    const auto = events.filter((e) => e.kind === 'approval' && e.data.event === 'approval_auto_approved');
    expect(auto).toHaveLength(5);
    expect(events.some((e) => e.data.event === 'approval_requested')).toBe(false);
    expect(await readFile(path.join(h.dir, 'workspaces', 'BAT-1', 'approved.txt'), 'utf8')).toBe('approved\n');
    const actions = h.engine.store.actions.listActions(100);
    expect(actions.ok && actions.value.some((a) => a.action === 'approval.answer')).toBe(false);
  });
});
