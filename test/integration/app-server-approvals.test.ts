import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionHarness } from '../fixtures/fake-codex/session-harness.js';

let harness: SessionHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

describe('approvals', () => {
  it('auto-approves every approval kind for the session under approval_policy never', async () => {
    harness = await SessionHarness.create({ scenario: 'approval' });
    const h = harness;
    const result = await h.session.runTurn('x');
    expect(result.ok).toBe(true);
    expect(h.messages()).toEqual([
      'approval commandExecution: {"decision":"acceptForSession"}',
      'approval fileChange: {"decision":"acceptForSession"}',
      'approval execCommand: {"decision":"approved_for_session"}',
      'approval applyPatch: {"decision":"approved_for_session"}',
      'approval permissions: {"permissions":{"network":{"enabled":true}},"scope":"session"}',
      'All approvals handled.',
    ]);
    expect(h.named('approval_auto_approved')).toHaveLength(5);
    expect(h.named('approval_auto_approved').every((e) => e.kind === 'approval')).toBe(true);
    expect(h.queue.list()).toEqual([]);
    expect(await readFile(path.join(h.workspace, 'approved.txt'), 'utf8')).toBe('approved\n');
  });

  it('queues approvals for the operator under on-request and writes back each decision', async () => {
    harness = await SessionHarness.create({ scenario: 'approval', codex: { approval_policy: 'on-request' } });
    const h = harness;
    const turn = h.session.runTurn('x');
    const decisions = ['accept', 'decline', 'acceptForSession', 'decline', 'accept'];
    const seen = [];
    for (const decision of decisions) {
      const request = await h.nextQueued();
      seen.push(request);
      expect(h.queue.answer(request.id, { decision })).toEqual({ ok: true, value: undefined });
      await h.waitUntil(() => h.queue.get(request.id) === null);
    }
    const result = await turn;
    expect(result.ok).toBe(true);
    expect(seen.map((r) => r.method)).toEqual([
      'item/commandExecution/requestApproval',
      'item/fileChange/requestApproval',
      'execCommandApproval',
      'applyPatchApproval',
      'item/permissions/requestApproval',
    ]);
    expect(seen[0]).toMatchObject({ kind: 'approval', issue_id: 'issue-1', issue_identifier: 'BAT-1', session_id: 'thr_approval-turn_1' });
    expect(seen[0]!.summary).toBe('Run command: npm install (needs network access)');
    // v2 names the files on the fileChange item; the request shown to the operator carries them.
    expect(seen[1]!.summary).toBe('Apply file changes to approved.txt');
    expect(seen[1]!.params).toMatchObject({ changes: [{ path: 'approved.txt' }] });
    expect(h.messages()).toEqual([
      'approval commandExecution: {"decision":"accept"}',
      'approval fileChange: {"decision":"decline"}',
      'approval execCommand: {"decision":"approved_for_session"}',
      'approval applyPatch: {"decision":"denied"}',
      'approval permissions: {"permissions":{"network":{"enabled":true}},"scope":"turn"}',
      'All approvals handled.',
    ]);
    // The declined file change was not written.
    await expect(stat(path.join(h.workspace, 'approved.txt'))).rejects.toThrow();
    expect(h.named('approval_requested')).toHaveLength(5);
    expect(h.named('approval_answered')).toHaveLength(5);
    expect(h.terminal).toContain('waiting for operator');
  });

  it('a cancel decision interrupts the turn (turn_cancelled)', async () => {
    harness = await SessionHarness.create({ scenario: 'approval', codex: { approval_policy: 'untrusted' } });
    const h = harness;
    const turn = h.session.runTurn('x');
    const request = await h.nextQueued();
    h.queue.answer(request.id, { decision: 'cancel' });
    const result = await turn;
    expect(result.ok ? null : result.error.code).toBe('turn_cancelled');
  });

  it('fails the turn with approval_timeout when nobody answers, and removes the request from the queue', async () => {
    harness = await SessionHarness.create({ scenario: 'approval', codex: { approval_policy: 'on-request', approval_timeout_ms: 300 } });
    const h = harness;
    const turn = h.session.runTurn('x');
    const request = await h.nextQueued();
    const result = await turn;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('approval_timeout');
    expect(h.queue.list()).toEqual([]);
    expect(h.queue.answer(request.id, { decision: 'accept' })).toMatchObject({ ok: false, error: { code: 'approval_already_resolved' } });
    expect(h.named('approval_timeout')).toHaveLength(1);
    expect(h.named('turn_failed')[0]!.data.code).toBe('approval_timeout');
  });

  it('rejects a malformed answer and keeps the request pending', async () => {
    harness = await SessionHarness.create({ scenario: 'approval', codex: { approval_policy: 'on-request' } });
    const h = harness;
    void h.session.runTurn('x');
    const request = await h.nextQueued();
    expect(h.queue.answer(request.id, { decision: 'yes please' })).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });
    expect(h.queue.get(request.id)).not.toBeNull();
  });

  it('withdraws pending requests from the queue when the session stops', async () => {
    harness = await SessionHarness.create({ scenario: 'approval', codex: { approval_policy: 'on-request' } });
    const h = harness;
    const turn = h.session.runTurn('x');
    await h.nextQueued();
    await h.session.stop();
    expect(h.queue.list()).toEqual([]);
    expect((await turn).ok).toBe(false);
  });
});

describe('user input', () => {
  it('queues questions for the operator (whatever the policy) and writes back the answers', async () => {
    harness = await SessionHarness.create({ scenario: 'user-input' });
    const h = harness;
    const turn = h.session.runTurn('x');
    const question = await h.nextQueued();
    expect(question).toMatchObject({ kind: 'input', method: 'item/tool/requestUserInput', summary: 'Branch: Which branch should I target?' });
    expect(question.questions.map((q) => q.id)).toEqual(['target_branch', 'notes']);
    expect(question.questions[0]!.options!.map((o) => o.label)).toEqual(['main', 'release']);
    expect(question.questions[1]!.options).toBeNull();
    expect(h.queue.answer(question.id, { answers: { target_branch: 'main' } })).toMatchObject({ ok: false, error: { code: 'invalid_answer' } });
    expect(h.queue.answer(question.id, { answers: { target_branch: { answers: ['main'] }, notes: ['keep it small'] } }).ok).toBe(true);

    const elicitation = await h.nextQueued();
    expect(elicitation).toMatchObject({ kind: 'input', method: 'mcpServer/elicitation/request', summary: 'fake-mcp: Which environment?' });
    expect(h.queue.answer(elicitation.id, { answers: { env: 'staging' } }).ok).toBe(true);

    const result = await turn;
    expect(result.ok).toBe(true);
    expect(h.messages()).toEqual([
      'user input: {"answers":{"target_branch":{"answers":["main"]},"notes":{"answers":["keep it small"]}}}',
      'elicitation: {"action":"accept","content":{"env":"staging"}}',
      'Thanks, continuing.',
    ]);
    expect(h.named('input_requested')).toHaveLength(2);
    expect(h.named('input_requested')[0]!.kind).toBe('input_required');
  });

  it('fails the turn with turn_input_required when nobody answers in time', async () => {
    harness = await SessionHarness.create({ scenario: 'user-input', codex: { approval_timeout_ms: 300 } });
    const h = harness;
    const result = await h.session.runTurn('x');
    expect(result.ok ? null : result.error.code).toBe('turn_input_required');
    expect(h.queue.list()).toEqual([]);
    expect(h.named('turn_input_required').map((e) => e.kind)).toEqual(['input_required', 'turn_failed']);
  });
});
