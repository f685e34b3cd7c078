import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewsResponse } from '../../shared/api/review-schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import { git } from '../integration/workspace-helpers.js';
import { E2E, uncaughtErrors } from './e2e-harness.js';

const WAIT = { timeout: 30_000, interval: 100 };

let e2e: E2E;
beforeAll(async () => {
  // Rework is not an active state here: reworked tickets stay parked, so the test sees exactly what it sent.
  e2e = await E2E.start({ scenario: 'happy', git: true, frontMatter: 'tracker:\n  active_states: [Todo, In Progress]' });
});
afterAll(async () => {
  await e2e?.stop();
});

async function state(identifier: string): Promise<string> {
  return (await e2e.api<Issue>('GET', `/api/v1/tickets/${identifier}`)).json.state;
}

describe('review inbox in Chromium against baton serve', () => {
  it('lists completed tickets, shows the diff, takes an inline comment and decisions from the keyboard', async () => {
    await e2e.api('POST', '/api/v1/tickets', { title: 'Say hello' });
    await e2e.api('POST', '/api/v1/tickets', { title: 'Say hello again' });
    await expect.poll(async () => [await state('BAT-1'), await state('BAT-2')], WAIT).toEqual(['Human Review', 'Human Review']);

    const page = await e2e.page('#/review');
    const first = page.getByTestId('review-row-BAT-1');
    await first.waitFor();
    await page.getByTestId('review-row-BAT-2').waitFor();
    // Both runs ended at about the same time, so either may be the oldest: pick BAT-1 by hand.
    await first.locator('button').click();
    await expect.poll(() => first.getAttribute('aria-current'), WAIT).toBe('true');
    // Both add src/hello.txt: one folded line saying they change the same lines, grouped by file.
    expect(await first.getByTestId('review-overlap').textContent()).toBe('⚠ same lines as BAT-2 in src/hello.txt');
    const overlaps = page.getByTestId('detail-overlaps');
    expect(await overlaps.getAttribute('open')).toBeNull();
    await page.getByTestId('detail-overlaps-summary').click();
    expect(await overlaps.getByTestId('overlap-file').allTextContents()).toEqual(['src/hello.txt same lines as BAT-2']);
    // The diff of the selected ticket: its file in the tree and its line in the hunk.
    const file = page.getByTestId('diff-file').filter({ hasText: 'src/hello.txt' });
    await file.waitFor({ timeout: 20_000 });
    await expect.poll(() => file.textContent(), WAIT).toContain('hello from turn 1');
    expect(await page.getByTestId('diff-tree-file').allTextContents()).toEqual([expect.stringContaining('hello.txt')]);

    // An inline comment on the added line, typed and submitted from the keyboard.
    await file.getByTestId('diff-line-gutter').first().click();
    const form = page.getByTestId('diff-comment-form');
    await form.locator('textarea').fill('Greet the world instead.');
    await form.locator('textarea').press('Control+Enter');
    await page.getByTestId('diff-comment').filter({ hasText: 'Greet the world instead.' }).waitFor();

    // r opens the request-changes form with the draft comment attached; Ctrl+Enter sends it.
    await page.locator('body').click({ position: { x: 5, y: 5 } });
    await page.keyboard.press('r');
    const summary = page.getByTestId('summary-input');
    await summary.waitFor();
    await summary.fill('Close: one change needed.');
    await summary.press('Control+Enter');
    await expect.poll(() => state('BAT-1'), WAIT).toBe('Rework');

    // The selection moved on to BAT-2: `a` approves it and the landing queue puts it on main.
    await expect.poll(() => page.getByTestId('review-row-BAT-2').getAttribute('aria-current'), WAIT).toBe('true');
    await page.keyboard.press('a');
    await expect.poll(() => state('BAT-2'), WAIT).toBe('Done');
    const repo = path.join(e2e.dir, 'repo');
    expect((await git(repo, 'log', '-1', '--format=%s')).trim()).toBe('Merge BAT-2: Say hello again');

    // The comment reached the engine with its file and line: bring BAT-1 back to review and look.
    await e2e.api('PATCH', '/api/v1/tickets/BAT-1', { state: 'Human Review' });
    const inbox = (await e2e.api<ReviewsResponse>('GET', '/api/v1/reviews')).json;
    expect(inbox.reviews.map((r) => r.issue.identifier)).toEqual(['BAT-1']);
    expect(inbox.reviews[0]!.feedback).toEqual([
      expect.objectContaining({ decision: 'request_changes', summary: 'Close: one change needed.', comments: [{ path: 'src/hello.txt', line: 1, body: 'Greet the world instead.' }] }),
    ]);
    await page.getByTestId('review-empty').or(page.getByTestId('review-row-BAT-1')).waitFor();
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });

  it('shows the landing queue with the landed ticket', async () => {
    const page = await e2e.page('#/landing');
    await page.getByTestId('landing-queue').waitFor();
    await expect.poll(() => page.getByTestId('landing-recent').textContent(), WAIT).toContain('BAT-2');
    expect(await page.getByTestId('landing-strategy').textContent()).toBe('merge');
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });
});
