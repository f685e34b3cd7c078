import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { E2E, uncaughtErrors } from './e2e-harness.js';
import { engineState } from './board-helpers.js';

/** Generous: the machine is shared; polls return as soon as the condition holds. */
const WAIT = { timeout: 30_000, interval: 100 };

let e2e: E2E;
beforeAll(async () => {
  e2e = await E2E.start({ scenario: 'approval', codex: 'approval_policy: on-request\napproval_timeout_ms: 300000' });
});
afterAll(async () => {
  await e2e?.stop();
});

/** Waits for a queued request not seen before and returns its card. */
async function nextRequest(page: Page, seen: Set<string>): Promise<{ id: string; item: Locator }> {
  let id: string | undefined;
  await expect
    .poll(async () => {
      const ids = await page.locator('[data-testid^="request-"]').evaluateAll((els) => els.map((e) => e.getAttribute('data-testid')!.slice('request-'.length)));
      id = ids.find((x) => !seen.has(x));
      return id !== undefined;
    }, WAIT)
    .toBe(true);
  seen.add(id!);
  return { id: id!, item: page.getByTestId(`request-${id!}`) };
}

describe('operator queue in Chromium: approvals (approval_policy: on-request)', () => {
  it('answers each approval from the queue and the run continues to Human Review', async () => {
    const queue = await e2e.page('#/queue');
    const board = await e2e.page('#/');
    await queue.getByTestId('operator-queue').waitFor();
    await e2e.api('POST', '/api/v1/tickets', { title: 'Needs approvals' });
    const seen = new Set<string>();

    // 1. v2 command approval: what is asked, where, why; the header badge and the card say so.
    const first = await nextRequest(queue, seen);
    expect(await first.item.getByTestId('detail-command').textContent()).toContain('npm install');
    expect(await first.item.getByTestId('detail-reason').textContent()).toContain('needs network access');
    expect(await first.item.getByTestId('detail-cwd').textContent()).toContain('BAT-1');
    expect(await first.item.getByTestId('countdown').textContent()).toMatch(/^[45]:\d\d left$/);
    expect(await queue.getByTestId('stat-waiting').textContent()).toBe('1 waiting');
    await expect.poll(() => board.getByTestId('status-BAT-1').getAttribute('data-status'), WAIT).toBe('waiting');
    expect(await board.getByTestId('stat-waiting').textContent()).toBe('1 waiting');
    await first.item.getByTestId('decision-accept').click();
    await first.item.waitFor({ state: 'detached', timeout: WAIT.timeout });

    // 2–5: v2 file change (codex names its files in the preceding item; the engine copies them
    // onto the request), legacy exec, legacy patch, permissions.
    const expected: Array<[string, string]> = [
      ['detail-paths', 'approved.txt'],
      ['detail-command', 'make deploy'],
      ['detail-paths', 'patched.txt'],
      ['detail-permissions', 'network: enabled'],
    ];
    for (const [testId, text] of expected) {
      const { item } = await nextRequest(queue, seen);
      await expect.poll(() => item.getByTestId(testId).textContent(), WAIT).toContain(text);
      await item.getByTestId('decision-accept').click();
      await item.waitFor({ state: 'detached', timeout: WAIT.timeout });
    }

    await expect.poll(() => engineState(e2e, 'BAT-1'), WAIT).toBe('Human Review');
    await expect.poll(() => queue.getByTestId('stat-waiting').textContent(), WAIT).toBe('0 waiting');
    expect(await queue.getByText('Nothing is waiting.').isVisible()).toBe(true);
    const events = (await e2e.api<{ events: TraceEvent[] }>('GET', '/api/v1/tickets/BAT-1/events?limit=1000')).json.events;
    expect(events.filter((e) => e.data.event === 'approval_answered').map((e) => e.data.decision)).toEqual(['accept', 'accept', 'approved', 'approved', 'accept']);
    expect(uncaughtErrors(queue)).toEqual([]);
    expect(uncaughtErrors(board)).toEqual([]);
    await queue.close();
    await board.close();
  });
});
