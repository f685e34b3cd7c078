import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E, uncaughtErrors } from './e2e-harness.js';
import { cardIds, createTicket } from './board-helpers.js';

/** Enough cards that a column holds many screens of them: virtualization must show. */
const BACKLOG = 300;
const REVIEW = 60;

let e2e: E2E;
beforeAll(async () => {
  e2e = await E2E.start({ scenario: 'happy' });
  // Neither state is active: the orchestrator leaves these tickets alone.
  for (let i = 0; i < BACKLOG; i++) await createTicket(e2e, { title: `Backlog item ${i + 1}`, state: 'Backlog' });
  for (let i = 0; i < REVIEW; i++) await createTicket(e2e, { title: `Review item ${i + 1}`, state: 'Human Review' });
});
afterAll(async () => {
  await e2e?.stop();
});

describe('virtualized board columns', () => {
  it('mounts only the cards in view, counts all, and scrolls each column on its own', async () => {
    const page = await e2e.page();
    const backlog = page.getByTestId('column-Backlog');
    await backlog.getByTestId('card-BAT-1').waitFor();
    expect(await backlog.locator('.column-count').textContent()).toBe(String(BACKLOG));
    const mounted = await page.locator('.board [data-card-id]').count();
    expect(mounted).toBeGreaterThan(5);
    expect(mounted).toBeLessThan(60);

    const review = page.getByTestId('column-scroll-Human Review');
    const reviewTop = await cardIds(page.getByTestId('column-Human Review'));
    await page.getByTestId('column-scroll-Backlog').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await backlog.getByTestId(`card-BAT-${BACKLOG}`).waitFor();
    expect(await backlog.getByTestId('card-BAT-1').count()).toBe(0);
    expect(await review.evaluate((el) => el.scrollTop)).toBe(0);
    expect(await cardIds(page.getByTestId('column-Human Review'))).toEqual(reviewTop);
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });

  it('keeps the dragged card mounted while its column scrolls away from it', async () => {
    const page = await e2e.page();
    const card = page.getByTestId('column-Human Review').getByTestId(`card-BAT-${BACKLOG + 1}`);
    await card.waitFor();
    const box = (await card.boundingBox())!;
    await page.mouse.move(box.x + box.width / 2, box.y + 20);
    await page.mouse.down();
    await page.mouse.move(box.x + box.width / 2 + 10, box.y + 30, { steps: 4 });
    await page.getByTestId('drag-overlay').waitFor();
    await page.getByTestId('column-scroll-Human Review').evaluate((el) => (el.scrollTop = el.scrollHeight));
    await page.getByTestId(`card-BAT-${BACKLOG + REVIEW}`).waitFor();
    expect(await card.getAttribute('class')).toContain('is-drag-source');
    await page.keyboard.press('Escape');
    await page.mouse.up();
    await page.getByTestId('drag-overlay').waitFor({ state: 'detached' });
    await page.close();
  });
});
