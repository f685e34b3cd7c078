import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Finding, TicketDiff } from '../../shared/api/review-schemas.js';
import { FakeOpenAIServer, p0Finding } from '../fixtures/fake-openai/server.js';
import type { EngineHarness } from './engine-harness.js';
import { decide, reviews, startReviewEngine, ticketInReview, WAIT, waitForState } from './engine-review-kit.js';
import { git } from './workspace-helpers.js';

let h: EngineHarness | null = null;
let openai: FakeOpenAIServer | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
  await openai?.close();
  openai = null;
});

function reviewer(fake: FakeOpenAIServer, gate: boolean): string {
  return ['reviewer:', '  model: fake-reviewer', `  base_url: ${fake.baseURL}`, '  api_key: $REVIEWER_KEY', `  gate: ${gate}`].join('\n');
}

// A handoff, checks on a fresh copy and a landing each start login shells: tens of seconds under load.
describe('the reviewer gate and post-merge sampling', { timeout: 90_000 }, () => {
  it('shows P0 findings in the inbox and, with the gate on, refuses approval until they are dismissed', async () => {
    openai = await FakeOpenAIServer.start();
    openai.setDefaultReply({ kind: 'findings', findings: [p0Finding({ path: 'src/hello.txt', line: 1, title: 'Greets the wrong thing', body: 'It breaks the build.' }), { ...p0Finding(), severity: 'P2', title: 'style nit' }] });
    h = await startReviewEngine({ review: reviewer(openai, true), env: { REVIEWER_KEY: openai.apiKey } });
    const harness = h;
    const issue = await ticketInReview(h, 'Say hello');
    await expect.poll(async () => (await reviews(harness)).reviews[0]?.reviewer?.status, WAIT).toBe('done');
    const item = (await reviews(h)).reviews[0]!;
    expect(item.gated).toBe(true);
    expect(item.reviewer?.findings).toEqual([expect.objectContaining({ severity: 'P0', title: 'Greets the wrong thing', path: 'src/hello.txt', line: 1, status: 'open' })]);
    // The reviewer read the real diff.
    expect(openai.message('user')).toContain('+hello from turn 1');

    const blocked = await decide(h, issue.identifier, { decision: 'approve' });
    expect(blocked.status).toBe(409);
    expect(blocked.json.error?.code).toBe('blocked_by_findings');
    expect((await h.ticket(issue.identifier)).state).toBe('Human Review');
    // Dragging the card into Merging on the board is held to the same gate.
    const dragged = await h.api<{ error: { code: string } }>('PATCH', `/api/v1/tickets/${issue.identifier}`, { state: 'Merging' });
    expect(dragged.status).toBe(409);
    expect(dragged.json.error.code).toBe('blocked_by_findings');
    expect((await h.ticket(issue.identifier)).state).toBe('Human Review');

    const finding = item.reviewer!.findings[0]!;
    const dismissed = await h.api<Finding>('POST', `/api/v1/tickets/${issue.identifier}/findings/${finding.id}`, { status: 'dismissed' });
    expect(dismissed.json.status).toBe('dismissed');
    expect((await h.api('POST', `/api/v1/tickets/${issue.identifier}/findings/nope`, { status: 'dismissed' })).status).toBe(404);
    expect((await decide(h, issue.identifier, { decision: 'approve' })).status).toBe(200);
    await waitForState(h, issue.identifier, 'Done');
    // A landed ticket's report is dropped: nothing is left for it to gate.
    await expect.poll(() => h!.engine.store.reviewer.getReport(issue.identifier), WAIT).toEqual({ ok: true, value: null });
  });

  it('with the gate on, holds an approval while the reviewer is still reading', async () => {
    openai = await FakeOpenAIServer.start();
    openai.setDefaultReply({ kind: 'delayed', ms: 2_000, reply: { kind: 'findings', findings: [] } });
    h = await startReviewEngine({ review: reviewer(openai, true), env: { REVIEWER_KEY: openai.apiKey } });
    const harness = h;
    const issue = await ticketInReview(h, 'Say hello');
    await expect.poll(async () => (await reviews(harness)).reviews[0]?.reviewer?.status, WAIT).toBe('running');
    const early = await decide(h, issue.identifier, { decision: 'approve' });
    expect(early.status).toBe(409);
    expect(early.json.error?.code).toBe('reviewer_running');
    await expect.poll(async () => (await reviews(harness)).reviews[0]?.reviewer?.status, WAIT).toBe('done');
    expect((await decide(h, issue.identifier, { decision: 'approve' })).status).toBe(200);
  });

  it('shows a reviewer that is down as failed and leaves the decision to the person', async () => {
    openai = await FakeOpenAIServer.start();
    openai.setDefaultReply({ kind: 'error', status: 503, message: 'overloaded' });
    h = await startReviewEngine({ review: reviewer(openai, true), env: { REVIEWER_KEY: openai.apiKey } });
    const harness = h;
    const issue = await ticketInReview(h, 'Say hello');
    await expect.poll(async () => (await reviews(harness)).reviews[0]?.reviewer?.status, WAIT).toBe('failed');
    expect((await reviews(h)).reviews[0]!.reviewer?.error).toContain('503');
    expect((await decide(h, issue.identifier, { decision: 'approve' })).status).toBe(200);
  });

  it('auto-lands without a person and samples every landing into the audit queue at sample_rate 1', async () => {
    h = await startReviewEngine({ review: 'auto_land: true\nsample_rate: 1' });
    const repo = h.repo!;
    const created = await h.api<{ identifier: string }>('POST', '/api/v1/tickets', { title: 'Say hello' });
    await waitForState(h, created.json.identifier, 'Done');
    expect((await git(path.join(repo), 'show', 'main:src/hello.txt')).trim()).toBe('hello from turn 1');
    const harness = h;
    await expect.poll(async () => (await reviews(harness)).audits.length, WAIT).toBe(1);
    const audit = (await reviews(h)).audits[0]!;
    expect(audit).toMatchObject({ identifier: created.json.identifier, status: 'open', landed_commit: (await git(repo, 'rev-parse', 'main')).trim() });
    // The audit reads exactly what landed.
    const landed = await h.api<TicketDiff>('GET', `/api/v1/audits/${audit.id}/diff`);
    expect(landed.status).toBe(200);
    expect(landed.json.files.map((f) => f.path)).toEqual(['src/hello.txt']);
    expect(landed.json).toMatchObject({ base: audit.base_before, base_ref: 'main', head: audit.landed_commit, dirty: false });
    expect(landed.json.patch).toContain('+hello from turn 1');
    expect((await h.api<TicketDiff>('GET', `/api/v1/audits/${audit.id}/diff?path=src/hello.txt`)).json.files).toHaveLength(1);
    expect((await h.api('GET', `/api/v1/audits/${audit.id}/diff?path=nope.txt`)).status).toBe(404);
    expect((await h.api('GET', '/api/v1/audits/999/diff')).status).toBe(404);
    const read = await h.api('POST', `/api/v1/audits/${audit.id}`, { status: 'done' });
    expect(read.status).toBe(200);
    expect((await reviews(h)).audits).toEqual([]);
    expect((await h.api('POST', '/api/v1/audits/999', { status: 'done' })).status).toBe(404);
  });

  it('auto-lands with no audit at sample_rate 0, and keeps a ticket with P0 findings in the inbox when gated', async () => {
    openai = await FakeOpenAIServer.start();
    openai.setDefaultReply({ kind: 'findings', findings: [] });
    openai.reply({ kind: 'findings', findings: [p0Finding({ title: 'Drops the users table' })] });
    h = await startReviewEngine({ review: `auto_land: true\nsample_rate: 0\n${reviewer(openai, true)}`, env: { REVIEWER_KEY: openai.apiKey } });
    const first = await h.api<{ identifier: string }>('POST', '/api/v1/tickets', { title: 'Risky change' });
    const harness = h;
    await waitForState(h, first.json.identifier, 'Human Review');
    await expect.poll(async () => (await reviews(harness)).reviews[0]?.reviewer?.findings.map((f) => f.title), WAIT).toEqual(['Drops the users table']);
    await new Promise((r) => setTimeout(r, 500));
    expect((await h.ticket(first.json.identifier)).state).toBe('Human Review');

    const second = await h.api<{ identifier: string }>('POST', '/api/v1/tickets', { title: 'Safe change' });
    await waitForState(h, second.json.identifier, 'Done');
    expect((await reviews(h)).audits).toEqual([]);
  });
});
