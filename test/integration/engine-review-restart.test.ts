import { readFile, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { EngineHarness } from './engine-harness.js';
import { decide, mergeQueue, reviews, startReviewEngine, ticketInReview, WAIT, waitForState } from './engine-review-kit.js';
import { git } from './workspace-helpers.js';

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  // Newest first: a reopened engine must stop before the first harness removes the directory.
  for (const h of harnesses.reverse()) await h.dispose();
  harnesses.length = 0;
});

// A handoff, checks on a fresh copy and a landing each start login shells: tens of seconds under load.
describe('the review loop across an engine restart', { timeout: 90_000 }, () => {
  it('prepares tickets already waiting in review and lands tickets already in Merging', async () => {
    const h = await startReviewEngine({ parkRework: true });
    harnesses.push(h);
    const waiting = await ticketInReview(h, 'Waiting in review');
    const approved = await ticketInReview(h, 'Approved before the restart');
    // Approved, then the engine stops before its queue gets to it: only the tracker knows.
    const moved = await h.engine.tracker.writer!.updateIssue(approved.identifier, { state: 'Merging' });
    expect(moved.ok).toBe(true);
    await h.engine.dispose();

    // The restarted engine also has checks configured now: the waiting ticket gets them.
    const text = await readFile(h.workflowPath, 'utf8');
    await writeFile(h.workflowPath, text.replace(/^---\n/, '---\nreview:\n  checks: "echo checked after restart"\n'));
    const again = await h.reopen();
    harnesses.push(again);
    await expect.poll(async () => (await reviews(again)).reviews.find((r) => r.issue.identifier === waiting.identifier)?.checks?.status, WAIT).toBe('passed');
    expect((await reviews(again)).reviews.find((r) => r.issue.identifier === waiting.identifier)?.checks?.output_tail).toContain('checked after restart');

    await waitForState(again, approved.identifier, 'Done');
    await expect.poll(async () => (await mergeQueue(again)).recent.map((e) => [e.identifier, e.status]), WAIT).toEqual([[approved.identifier, 'landed']]);
    expect((await git(again.repo!, 'log', '-1', '--format=%s')).trim()).toBe(`Merge ${approved.identifier}: Approved before the restart`);
    // The waiting ticket is still a decision away.
    expect((await decide(again, waiting.identifier, { decision: 'approve' })).status).toBe(200);
  });
});
