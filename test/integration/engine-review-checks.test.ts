import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { CheckResult } from '../../shared/api/review-schemas.js';
import type { EngineHarness } from './engine-harness.js';
import { decide, reviews, startReviewEngine, ticketInReview, WAIT, waitForRunsEnded, waitForState } from './engine-review-kit.js';
import { git } from './workspace-helpers.js';

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

function latestCheck(harness: EngineHarness, identifier: string): CheckResult | null {
  const check = harness.engine.store.reviews.latestCheck(identifier);
  return check.ok ? check.value : null;
}

async function waitForCheck(harness: EngineHarness, identifier: string, matches: (c: CheckResult) => boolean): Promise<CheckResult> {
  await expect.poll(() => {
    const check = latestCheck(harness, identifier);
    return check !== null && matches(check);
  }, WAIT).toBe(true);
  return latestCheck(harness, identifier)!;
}

async function filesIn(dir: string): Promise<string[]> {
  return (await readdir(dir)).sort();
}

/** Check copies left in the workspace root (none may outlive their check). */
async function checkCopies(harness: EngineHarness): Promise<string[]> {
  return (await readdir(path.join(harness.dir, 'workspaces'))).filter((n) => n.startsWith('.baton-check-'));
}

const SLOW_CHECK = 'checks: sleep 4';

/*
 * Issue 7, P0: a pre-review check removed "untracked files it left behind" from the ticket's
 * worktree when it ended, which deleted the files the agent's next run (after request changes or
 * restart) had created meanwhile. Checks now run on a disposable copy, and a check whose ticket
 * leaves review is cancelled.
 */
describe('pre-review checks never touch the work of the next run', { timeout: 90_000 }, () => {
  it('request changes while the check runs: the check is cancelled, and every file of both runs is kept', async () => {
    h = await startReviewEngine({ review: SLOW_CHECK, scenario: 'new-file-each-run' });
    const harness = h;
    const issue = await ticketInReview(h, 'Make files');
    const id = issue.identifier;
    const worktree = path.join(h.dir, 'workspaces', id);
    const running = await waitForCheck(h, id, (c) => c.status === 'running' && c.terminal_id !== null);
    expect(running.tree).not.toBeNull();
    // The terminal exists first (so the UI can show the copy being made); then the copy.
    await expect.poll(() => checkCopies(harness), WAIT).toHaveLength(1);

    const res = await decide(h, id, { decision: 'request_changes', summary: 'Once more, please.' });
    expect(res.status).toBe(200);
    const cancelled = await waitForCheck(harness, id, (c) => c.status === 'cancelled');
    expect(cancelled.output_tail).toContain(`Cancelled: ${id} left review`);
    expect(cancelled.terminal_id).toBe(running.terminal_id);

    await waitForRunsEnded(h, id, 2);
    await waitForState(h, id, 'Human Review');
    const second = await waitForCheck(harness, id, (c) => c.status === 'passed');
    expect(second.terminal_id).not.toBe(running.terminal_id);

    const src = await filesIn(path.join(worktree, 'src'));
    expect(src.filter((f) => f.startsWith('new-'))).toHaveLength(2);
    expect(src).toEqual(expect.arrayContaining(['hello.txt', 'rework.txt']));
    expect(await readFile(path.join(worktree, 'src', 'rework.txt'), 'utf8')).toBe('again\n');
    await expect.poll(() => checkCopies(harness), WAIT).toEqual([]);
    expect(await git(h.repo!, 'worktree', 'list', '--porcelain')).not.toContain('.baton-check-');

    // The check that passed is the one on the work as it is now.
    const item = (await reviews(h)).reviews.find((r) => r.issue.identifier === id)!;
    expect(item.checks?.status).toBe('passed');
    expect(item.checks?.tree).toBe(item.diff?.tree);
    expect(item.checks_stale).toBe(false);
  });

  it('restart while the check runs: the check is cancelled, and the fresh attempt keeps its new files', async () => {
    h = await startReviewEngine({ review: SLOW_CHECK, scenario: 'new-file-each-run' });
    const harness = h;
    const issue = await ticketInReview(h, 'Make files');
    const id = issue.identifier;
    const worktree = path.join(h.dir, 'workspaces', id);
    const firstFiles = (await filesIn(path.join(worktree, 'src'))).filter((f) => f.startsWith('new-'));
    await waitForCheck(h, id, (c) => c.status === 'running' && c.terminal_id !== null);

    const res = await decide(h, id, { decision: 'restart', summary: 'Start over.' });
    expect(res.status).toBe(200);
    await waitForCheck(harness, id, (c) => c.status === 'cancelled');
    await waitForRunsEnded(h, id, 2);
    await waitForState(h, id, 'Human Review');
    await waitForCheck(harness, id, (c) => c.status === 'passed');

    const src = await filesIn(path.join(worktree, 'src'));
    const fresh = src.filter((f) => f.startsWith('new-'));
    expect(fresh).toHaveLength(1);
    expect(fresh).not.toEqual(firstFiles);
    expect(src).toContain('hello.txt');
    // The first attempt's work is in its snapshot, not in the fresh worktree.
    const snapshot = await git(h.repo!, 'ls-tree', '-r', '--name-only', `refs/baton/snapshots/${id}/1`);
    expect(snapshot.split('\n')).toEqual(expect.arrayContaining([`src/${firstFiles[0]}`, 'src/hello.txt']));
    await expect.poll(() => checkCopies(harness), WAIT).toEqual([]);
  });

  it('marks a check stale once the work changed after it ran, and current again after a re-run', async () => {
    h = await startReviewEngine({ review: 'checks: test -f src/hello.txt' });
    const harness = h;
    const issue = await ticketInReview(h, 'Say hello');
    const id = issue.identifier;
    await waitForCheck(h, id, (c) => c.status === 'passed');
    let item = (await reviews(h)).reviews[0]!;
    expect(item.checks_stale).toBe(false);
    expect(item.checks?.head).toBe(item.diff?.head);

    // Someone edits the worktree by hand while the ticket waits for review.
    await writeFile(path.join(h.dir, 'workspaces', id, 'src', 'hello.txt'), 'edited by hand\n');
    item = (await reviews(h)).reviews[0]!;
    expect(item.checks?.status).toBe('passed');
    expect(item.checks_stale).toBe(true);

    const again = await h.api('POST', `/api/v1/tickets/${id}/checks`);
    expect(again.status).toBe(202);
    await expect.poll(async () => {
      const now = (await reviews(harness)).reviews[0]!;
      return now.checks?.status === 'passed' && !now.checks_stale;
    }, WAIT).toBe(true);
  });
});
