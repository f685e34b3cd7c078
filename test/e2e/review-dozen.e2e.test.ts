import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewsResponse } from '../../shared/api/review-schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import { git } from '../integration/workspace-helpers.js';
import { E2E, uncaughtErrors } from './e2e-harness.js';

const WAIT = { timeout: 60_000, interval: 100 };
const TICKETS = 12;

let e2e: E2E;
beforeAll(async () => {
  // Rework is not an active state here: reworked tickets stay parked, so the end state is exactly what the decisions left.
  e2e = await E2E.start({ scenario: 'per-ticket', git: true, frontMatter: 'tracker:\n  active_states: [Todo, In Progress]\nagent:\n  max_concurrent_agents: 12' });
});
afterAll(async () => {
  await e2e?.stop();
});

async function tickets(): Promise<Issue[]> {
  return (await e2e.api<{ tickets: Issue[] }>('GET', '/api/v1/tickets')).json.tickets;
}

/** What the engineer decides for the n-th ticket they look at: mostly approvals, some of each other. */
function plan(n: number): 'approve' | 'request_changes' | 'restart' {
  if (n === 2 || n === 7) return 'request_changes';
  if (n === 4 || n === 10) return 'restart';
  return 'approve';
}

describe('clearing a review inbox of a dozen tickets from the keyboard', () => {
  it('approves, requests changes and restarts with keys only, and every ticket ends where it should', async () => {
    for (let i = 1; i <= TICKETS; i++) await e2e.api('POST', '/api/v1/tickets', { title: `Say hello ${i}` });
    await expect.poll(async () => (await tickets()).filter((t) => t.state === 'Human Review').length, WAIT).toBe(TICKETS);

    const page = await e2e.page('#/review');
    await page.getByTestId('review-list').waitFor();
    await expect.poll(() => page.locator('[data-testid^="review-row-"]').count(), WAIT).toBe(TICKETS);
    const decided = new Map<string, ReturnType<typeof plan>>();
    for (let n = 0; n < TICKETS; n++) {
      const selected = page.locator('[data-testid^="review-row-"][aria-current="true"]');
      await expect.poll(async () => {
        const id = (await selected.getAttribute('data-testid').catch(() => null))?.replace('review-row-', '');
        return id !== undefined && id !== null && !decided.has(id);
      }, WAIT).toBe(true);
      const id = (await selected.getAttribute('data-testid'))!.replace('review-row-', '');
      // The diff is on screen before deciding: a person reads before they press a key.
      await page.getByTestId('diff-file').filter({ hasText: `work/${id}.txt` }).waitFor({ timeout: 20_000 });
      const decision = plan(n);
      decided.set(id, decision);
      if (decision === 'approve') {
        await page.keyboard.press('a');
      } else if (decision === 'request_changes') {
        await page.keyboard.press('r');
        await page.keyboard.type(`Please greet the world in ${id}.`);
        await page.keyboard.press('Control+Enter');
      } else {
        await page.keyboard.press('Shift+R');
        await page.getByTestId('restart-confirm').waitFor();
        await page.keyboard.press('Enter');
      }
      await page.getByTestId(`review-row-${id}`).waitFor({ state: 'detached', timeout: WAIT.timeout });
    }
    await page.getByTestId('review-empty').waitFor({ timeout: WAIT.timeout });

    const approved = [...decided].filter(([, d]) => d === 'approve').map(([id]) => id);
    const reworked = [...decided].filter(([, d]) => d !== 'approve').map(([id]) => id);
    await expect.poll(async () => (await tickets()).filter((t) => t.state === 'Done').map((t) => t.identifier).sort(), WAIT).toEqual([...approved].sort());
    expect((await tickets()).filter((t) => reworked.includes(t.identifier)).map((t) => `${t.identifier}:${t.state}:${decided.get(t.identifier)}`).sort()).toEqual(reworked.map((id) => `${id}:Rework:${decided.get(id)}`).sort());

    const repo = path.join(e2e.dir, 'repo');
    const merges = (await git(repo, 'log', '--first-parent', '--merges', '--format=%s', 'main')).trim().split('\n');
    expect(merges.map((m) => m.replace(/^Merge (\S+): .*$/, '$1')).sort()).toEqual([...approved].sort());
    expect((await git(repo, 'status', '--porcelain')).trim()).toBe('');
    // The last landing moves its ticket to Done just before its worktree goes: wait for that too.
    const worktrees = async () => (await git(repo, 'worktree', 'list', '--porcelain')).split('\n').filter((l) => l.startsWith('branch ')).map((l) => l.replace('branch refs/heads/', '')).sort();
    await expect.poll(worktrees, WAIT).toEqual(['main', ...reworked.map((id) => `baton/${id}`)].sort());
    for (const [id, d] of decided) {
      const snapshots = (await git(repo, 'for-each-ref', '--format=%(refname)', `refs/baton/snapshots/${id}/`)).trim();
      expect(snapshots !== '', `${id} (${d}) snapshot`).toBe(d === 'restart');
    }

    // The requested changes reached the engine as feedback rounds, each with its own text.
    for (const id of reworked) await e2e.api('PATCH', `/api/v1/tickets/${id}`, { state: 'Human Review' });
    const inbox = (await e2e.api<ReviewsResponse>('GET', '/api/v1/reviews')).json;
    for (const item of inbox.reviews) {
      const expected = decided.get(item.issue.identifier);
      expect(item.feedback.map((f) => f.decision)).toEqual([expected]);
      if (expected === 'request_changes') expect(item.feedback[0]!.summary).toBe(`Please greet the world in ${item.issue.identifier}.`);
    }
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  }, 240_000);
});
