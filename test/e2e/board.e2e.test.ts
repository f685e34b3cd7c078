import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E, uncaughtErrors } from './e2e-harness.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await E2E.start({ scenario: 'happy' });
});
afterAll(async () => {
  await e2e?.stop();
});

describe('board in Chromium against baton serve', () => {
  it('renders one column per state in workflow order with the tickets and their counts', async () => {
    await e2e.api('POST', '/api/v1/tickets', { title: 'Parked idea', state: 'Backlog', labels: ['someday'] });
    const page = await e2e.page();
    // Columns come from the workflow, which arrives with the first load.
    await page.getByTestId('column-Cancelled').waitFor();
    const titles = await page.locator('.board-column .column-title').allTextContents();
    expect(titles.map((t) => t.replace(/\s*\d+$/, ''))).toEqual(['Todo', 'In Progress', 'Rework', 'Human Review', 'Merging', 'Done', 'Cancelled', 'Backlog']);
    const backlog = page.getByTestId('column-Backlog');
    await expect.poll(() => backlog.getByTestId('card-BAT-1').textContent()).toContain('Parked idea');
    expect(await backlog.locator('.column-count').textContent()).toBe('1');
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });

  it('shows a ticket created through the API live, and its run moving it to Human Review', async () => {
    const page = await e2e.page();
    await page.getByTestId('board').waitFor();
    await e2e.api('POST', '/api/v1/tickets', { title: 'Say hello' });
    await page.getByTestId('column-Human Review').getByTestId('card-BAT-2').waitFor({ timeout: 20_000 });
    expect(await page.getByTestId('stat-review').textContent()).toContain('1');
    await page.close();
  });
});
