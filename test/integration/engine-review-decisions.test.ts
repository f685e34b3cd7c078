import { access, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketDiff } from '../../shared/api/review-schemas.js';
import type { EngineHarness } from './engine-harness.js';
import { agentMessages, decide, mergeQueue, reviews, startReviewEngine, ticketInReview, WAIT, waitForRunsEnded, waitForState } from './engine-review-kit.js';
import { git, gitCode } from './workspace-helpers.js';

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const exists = (p: string) => access(p).then(() => true, () => false);

// A handoff, checks on a fresh copy and a landing each start login shells: tens of seconds under load.
describe('review decisions on a real engine, repository and agent', { timeout: 90_000 }, () => {
  it('lists a handed-off ticket with its diff, approves it, lands it on main and cleans up', async () => {
    h = await startReviewEngine({ review: 'checks: test -f src/hello.txt' });
    const harness = h;
    const issue = await ticketInReview(h, 'Say hello');
    const repo = h.repo!;
    const worktree = path.join(h.dir, 'workspaces', issue.identifier);

    await expect.poll(async () => (await reviews(harness)).reviews[0]?.checks?.status, WAIT).toBe('passed');
    const inbox = await reviews(h);
    expect(inbox.handoff_state).toBe('Human Review');
    expect(inbox.reviews).toHaveLength(1);
    const item = inbox.reviews[0]!;
    expect(item.issue.identifier).toBe(issue.identifier);
    expect(item.diff).toMatchObject({ dirty: true, base_ref: 'main', head_ref: `baton/${issue.identifier}`, additions: 1, deletions: 0 });
    expect(item.diff?.files).toEqual([{ path: 'src/hello.txt', old_path: null, status: 'added', additions: 1, deletions: 0, binary: false, patch_omitted: false }]);
    expect(item.final_message).toContain('Wrote src/hello.txt');
    expect(item.attempts).toBe(1);
    expect(item.tokens.total_tokens).toBe(1_900);
    expect(item.entered_review_at).not.toBeNull();

    const diff = await h.api<TicketDiff>('GET', `/api/v1/tickets/${issue.identifier}/diff`);
    expect(diff.status).toBe(200);
    expect(diff.json.patch).toContain('+hello from turn 1');
    expect(diff.json.base).toBe((await git(repo, 'rev-parse', 'main')).trim());

    const approved = await decide(h, issue.identifier, { decision: 'approve' });
    expect(approved.status).toBe(200);
    expect(approved.json).toMatchObject({ identifier: issue.identifier, decision: 'approve', state: 'Merging' });
    expect(approved.json.landing_id).toEqual(expect.any(Number));

    await waitForState(h, issue.identifier, 'Done');
    expect(await readFile(path.join(repo, 'src', 'hello.txt'), 'utf8')).toBe('hello from turn 1\n');
    expect((await git(repo, 'log', '-1', '--format=%s')).trim()).toBe(`Merge ${issue.identifier}: Say hello`);
    expect((await git(repo, 'log', '-1', '--format=%s', 'HEAD^2')).trim()).toBe(`${issue.identifier}: Say hello`);
    expect((await git(repo, 'status', '--porcelain')).trim()).toBe('');
    await expect.poll(() => exists(worktree), WAIT).toBe(false);
    // The branch goes right after its worktree, in the same cleanup step.
    await expect.poll(() => gitCode(repo, 'rev-parse', '--verify', '--quiet', `refs/heads/baton/${issue.identifier}`), WAIT).not.toBe(0);
    // The landing only read the worktree; what it removed is exactly what landed, so nothing needed a snapshot.
    expect(await git(repo, 'for-each-ref', 'refs/baton/')).toBe('');
    await expect.poll(async () => (await mergeQueue(harness)).entries, WAIT).toEqual([]);
    const queue = await mergeQueue(h);
    expect(queue.recent[0]).toMatchObject({ identifier: issue.identifier, status: 'landed', landed_commit: (await git(repo, 'rev-parse', 'main')).trim() });
    expect((await reviews(h)).reviews).toEqual([]);

    // The ticket is no longer in review: a second approval is refused and changes nothing.
    const again = await decide(h, issue.identifier, { decision: 'approve' });
    expect(again.status).toBe(409);
    expect(again.json.error?.code).toBe('not_in_review');
  });

  it('sends request-changes comments to the agent in its next prompt, through the tracker and back to review', async () => {
    h = await startReviewEngine();
    const issue = await ticketInReview(h, 'Say hello');
    const comments = [{ path: 'src/hello.txt', line: 1, body: 'Say hello to the world, not to the turn.' }];
    const res = await decide(h, issue.identifier, { decision: 'request_changes', summary: 'Close, but the greeting is wrong.', comments });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ decision: 'request_changes', state: 'Rework', landing_id: null });

    await waitForRunsEnded(h, issue.identifier, 2);
    await waitForState(h, issue.identifier, 'Human Review');
    const [first, second] = await agentMessages(h, issue.identifier);
    expect(first).not.toContain('Review feedback');
    expect(second).toContain('## Review feedback (round 1)');
    expect(second).toContain('Close, but the greeting is wrong.');
    expect(second).toContain('`src/hello.txt:1`: Say hello to the world, not to the turn.');

    const item = (await reviews(h)).reviews[0]!;
    expect(item.attempts).toBe(2);
    expect(item.feedback).toEqual([expect.objectContaining({ round: 1, source: 'review', decision: 'request_changes', summary: 'Close, but the greeting is wrong.', comments })]);
    // People reading the tracker see the same feedback as a comment on the ticket.
    const thread = await h.engine.tracker.writer!.listComments(issue.identifier);
    const bodies = thread.ok ? thread.value.map((c) => c.body) : [];
    expect(bodies.some((b) => b.includes('Close, but the greeting is wrong.') && b.includes('src/hello.txt:1'))).toBe(true);
  });

  it('restart saves the attempt under refs/baton/snapshots and recreates the worktree from main', async () => {
    h = await startReviewEngine({ parkRework: true });
    const issue = await ticketInReview(h, 'Say hello');
    const repo = h.repo!;
    const worktree = path.join(h.dir, 'workspaces', issue.identifier);
    expect(await exists(path.join(worktree, 'src', 'hello.txt'))).toBe(true);

    const res = await decide(h, issue.identifier, { decision: 'restart', summary: 'Wrong approach: start over.' });
    expect(res.status).toBe(200);
    expect(res.json.state).toBe('Rework');
    const ref = res.json.snapshot_ref!;
    expect(ref).toMatch(new RegExp(`^refs/baton/snapshots/${issue.identifier}/\\d+$`));
    expect((await git(repo, 'show', `${ref}:src/hello.txt`)).trim()).toBe('hello from turn 1');

    // A fresh worktree of main on the ticket's branch, with nothing of the discarded attempt.
    expect(await exists(path.join(worktree, 'src', 'hello.txt'))).toBe(false);
    expect((await git(worktree, 'status', '--porcelain')).trim()).toBe('');
    expect((await git(worktree, 'rev-parse', 'HEAD')).trim()).toBe((await git(repo, 'rev-parse', 'main')).trim());
    expect((await git(worktree, 'rev-parse', '--abbrev-ref', 'HEAD')).trim()).toBe(`baton/${issue.identifier}`);
    expect((await reviews(h)).reviews).toEqual([]); // in Rework now, not in the inbox
    const saved = h.engine.store.reviews.listFeedback(issue.identifier);
    expect(saved.ok && saved.value.map((f) => [f.decision, f.summary])).toEqual([['restart', `Wrong approach: start over.\n\nThe discarded attempt is saved at ${ref}.`]]);
  });

  it('shows which other tickets in flight touch the same files, in the inbox and in the landing queue', async () => {
    h = await startReviewEngine({ parkRework: true, review: 'checks: sleep 2' });
    const one = await ticketInReview(h, 'Say hello');
    const two = await ticketInReview(h, 'Say hello too');
    const items = (await reviews(h)).reviews;
    // Both add src/hello.txt: the same lines (an add/add conflict), not just the same file.
    expect(items.map((i) => [i.issue.identifier, i.overlaps])).toEqual([
      [one.identifier, [{ identifier: two.identifier, files: ['src/hello.txt'], conflicts: ['src/hello.txt'] }]],
      [two.identifier, [{ identifier: one.identifier, files: ['src/hello.txt'], conflicts: ['src/hello.txt'] }]],
    ]);
    expect((await decide(h, one.identifier, { decision: 'approve' })).status).toBe(200);
    const harness = h;
    await expect.poll(async () => (await mergeQueue(harness)).entries[0]?.overlaps, WAIT).toEqual([{ identifier: two.identifier, files: ['src/hello.txt'], conflicts: ['src/hello.txt'] }]);
  });

  it('refuses decisions on tickets that are not in review, and a second concurrent approval', async () => {
    h = await startReviewEngine({ parkRework: true });
    const idle = await h.api<{ identifier: string }>('POST', '/api/v1/tickets', { title: 'Not started', state: 'Backlog' });
    const notInReview = await decide(h, idle.json.identifier, { decision: 'approve' });
    expect(notInReview.status).toBe(409);
    expect(notInReview.json.error).toMatchObject({ code: 'not_in_review', message: expect.stringContaining('Backlog') });
    expect((await decide(h, 'BAT-999', { decision: 'approve' })).status).toBe(404);
    expect((await decide(h, idle.json.identifier, { decision: 'request_changes', summary: '  ' })).status).toBe(400);

    const issue = await ticketInReview(h, 'Say hello');
    const [a, b] = await Promise.all([decide(h, issue.identifier, { decision: 'approve' }), decide(h, issue.identifier, { decision: 'approve' })]);
    expect([a.status, b.status].sort()).toEqual([200, 409]);
    expect([a, b].find((r) => r.status === 409)?.json.error?.code).toBe('already_approved');
    await waitForState(h, issue.identifier, 'Done');
    const harness = h;
    // Done comes just before the entry is closed (the worktree is removed in between).
    await expect.poll(async () => (await mergeQueue(harness)).entries, WAIT).toEqual([]);
    expect((await mergeQueue(h)).recent.filter((e) => e.identifier === issue.identifier).map((e) => e.status)).toEqual(['landed']);
  });
});
