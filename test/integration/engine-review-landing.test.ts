import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineHarness } from './engine-harness.js';
import { decide, mergeQueue, reviews, startReviewEngine, ticketInReview, WAIT, waitForState, writeScenario } from './engine-review-kit.js';
import { git, gitCode, tempDir } from './workspace-helpers.js';

let h: EngineHarness | null = null;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.dispose();
  h = null;
  for (const c of cleanups.splice(0)) await c();
});

// A handoff, checks on a fresh copy and a landing each start login shells: tens of seconds under load.
describe('landing failures come back to the agent as Rework with the reason', { timeout: 90_000 }, () => {
  it('a conflict with main sends the ticket to Rework naming the file; main and the worktree are untouched', async () => {
    const scratch = await tempDir('review-scenario');
    cleanups.push(scratch.cleanup);
    const scenario = await writeScenario(scratch.dir, 'readme', { 'README.md': 'hello from the agent\n' });
    h = await startReviewEngine({ scenario, parkRework: true });
    const repo = h.repo!;
    const issue = await ticketInReview(h, 'Reword the README');
    // Someone lands a different README on main while the ticket waits for review.
    await writeFile(path.join(repo, 'README.md'), 'hello from main\n');
    await git(repo, 'commit', '-qam', 'main: reword README');
    const mainBefore = (await git(repo, 'rev-parse', 'main')).trim();

    expect((await decide(h, issue.identifier, { decision: 'approve' })).status).toBe(200);
    await waitForState(h, issue.identifier, 'Rework');
    const harness = h;
    await expect.poll(async () => (await mergeQueue(harness)).recent[0]?.status, WAIT).toBe('failed');
    const entry = (await mergeQueue(h)).recent[0]!;
    expect(entry.error).toContain('README.md');
    expect((await git(repo, 'rev-parse', 'main')).trim()).toBe(mainBefore);
    expect(await readFile(path.join(repo, 'README.md'), 'utf8')).toBe('hello from main\n');
    const worktree = path.join(h.dir, 'workspaces', issue.identifier);
    expect(await readFile(path.join(worktree, 'README.md'), 'utf8')).toBe('hello from the agent\n');
    // The landing only read the worktree (it merged in a copy): the agent's edit is still uncommitted
    // there, on the ticket's branch, with no merge left open.
    expect((await git(worktree, 'status', '--porcelain')).trim()).toBe('M README.md');
    expect((await git(worktree, 'log', '-1', '--format=%s')).trim()).toBe('initial');
    expect(await gitCode(worktree, 'rev-parse', '--verify', '--quiet', 'MERGE_HEAD')).not.toBe(0);

    const feedback = h.engine.store.reviews.listFeedback(issue.identifier);
    expect(feedback.ok && feedback.value).toEqual([expect.objectContaining({ source: 'landing', decision: 'request_changes', round: 1, summary: expect.stringContaining('README.md') })]);
  });

  it('a failing check sends the ticket to Rework with the output; main does not move', async () => {
    h = await startReviewEngine({ parkRework: true, review: 'checks: "echo CHECK-SAYS-NO; exit 3"' });
    const repo = h.repo!;
    const issue = await ticketInReview(h, 'Say hello');
    const harness = h;
    // The same check ran when the ticket entered review, so the inbox already showed the failure.
    await expect.poll(async () => (await reviews(harness)).reviews[0]?.checks, WAIT).toMatchObject({ status: 'failed', exit_code: 3, output_tail: expect.stringContaining('CHECK-SAYS-NO') });
    const mainBefore = (await git(repo, 'rev-parse', 'main')).trim();

    expect((await decide(h, issue.identifier, { decision: 'approve' })).status).toBe(200);
    await waitForState(h, issue.identifier, 'Rework');
    expect((await git(repo, 'rev-parse', 'main')).trim()).toBe(mainBefore);
    await expect.poll(async () => (await mergeQueue(harness)).recent[0]?.status, WAIT).toBe('failed');
    const feedback = h.engine.store.reviews.listFeedback(issue.identifier);
    expect(feedback.ok && feedback.value.at(-1)).toMatchObject({ source: 'landing', summary: expect.stringContaining('CHECK-SAYS-NO') });
  });

  it('runs the checks again on request, on the worktree as it is now; refuses when none are configured', async () => {
    h = await startReviewEngine({ parkRework: true, review: 'checks: test -f ok.flag' });
    const issue = await ticketInReview(h, 'Say hello');
    const harness = h;
    await expect.poll(async () => (await reviews(harness)).reviews[0]?.checks?.status, WAIT).toBe('failed');
    await writeFile(path.join(h.dir, 'workspaces', issue.identifier, 'ok.flag'), '');
    const again = await h.api('POST', `/api/v1/tickets/${issue.identifier}/checks`, {});
    expect(again.status).toBe(202);
    await expect.poll(async () => (await reviews(harness)).reviews[0]?.checks?.status, WAIT).toBe('passed');
    expect((await h.api('POST', '/api/v1/tickets/BAT-99/checks', {})).status).toBe(404);
  });

  it('answers 409 checks_not_configured without review.checks', async () => {
    h = await startReviewEngine({ parkRework: true });
    const created = await h.api<{ identifier: string }>('POST', '/api/v1/tickets', { title: 'Idle', state: 'Backlog' });
    const res = await h.api<{ error: { code: string } }>('POST', `/api/v1/tickets/${created.json.identifier}/checks`, {});
    expect(res.status).toBe(409);
    expect(res.json.error.code).toBe('checks_not_configured');
  });
});
