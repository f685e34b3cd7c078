import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E, uncaughtErrors } from './e2e-harness.js';
import { WIDE_VIEWPORT, cardIds, createTicket, dragTo, engineState } from './board-helpers.js';

let e2e: E2E;
beforeAll(async () => {
  e2e = await E2E.start({ scenario: 'happy' });
});
afterAll(async () => {
  await e2e?.stop();
});

// Backlog and Human Review are neither active nor terminal: the orchestrator leaves these tickets
// alone, so only the test moves them.
describe('board drag and drop against baton serve', () => {
  it('dragging a card to another column changes the ticket state in the engine', async () => {
    const ticket = await createTicket(e2e, { title: 'Drag me', state: 'Backlog' });
    const page = await e2e.page();
    await page.setViewportSize(WIDE_VIEWPORT);
    const card = page.getByTestId('column-Backlog').getByTestId(`card-${ticket.identifier}`);
    await card.waitFor();
    await dragTo(page, card, page.getByTestId('column-Human Review'));
    await page.getByTestId('column-Human Review').getByTestId(`card-${ticket.identifier}`).waitFor();
    await expect.poll(() => engineState(e2e, ticket.identifier)).toBe('Human Review');
    expect(await cardIds(page.getByTestId('column-Backlog'))).not.toContain(ticket.identifier);
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });

  it('moves the card at once, before the engine answers', async () => {
    const ticket = await createTicket(e2e, { title: 'Optimistic', state: 'Backlog' });
    const page = await e2e.page();
    await page.setViewportSize(WIDE_VIEWPORT);
    let release!: () => void;
    const answered = new Promise<void>((r) => (release = r));
    await page.route(`**/api/v1/tickets/${ticket.identifier}`, async (route) => {
      await answered;
      await route.continue();
    });
    const card = page.getByTestId('column-Backlog').getByTestId(`card-${ticket.identifier}`);
    await card.waitFor();
    await dragTo(page, card, page.getByTestId('column-Human Review'));
    const moved = page.getByTestId('column-Human Review').getByTestId(`card-${ticket.identifier}`);
    await moved.waitFor();
    expect(await moved.getAttribute('aria-busy')).toBe('true');
    expect(await engineState(e2e, ticket.identifier)).toBe('Backlog');
    release();
    await expect.poll(() => engineState(e2e, ticket.identifier)).toBe('Human Review');
    await expect.poll(() => moved.getAttribute('aria-busy')).toBe(null);
    await page.close();
  });

  it('returns a refused move to its column and shows the engine reason in a toast', async () => {
    const ticket = await createTicket(e2e, { title: 'Refuse me', state: 'Backlog' });
    const page = await e2e.page();
    await page.setViewportSize(WIDE_VIEWPORT);
    await page.route(`**/api/v1/tickets/${ticket.identifier}`, (route) =>
      route.request().method() === 'PATCH'
        ? route.fulfill({
            status: 409,
            contentType: 'application/json',
            body: JSON.stringify({ error: { code: 'tracker_read_only', message: 'the tracker cannot be written' } }),
          })
        : route.continue(),
    );
    const card = page.getByTestId('column-Backlog').getByTestId(`card-${ticket.identifier}`);
    await card.waitFor();
    await dragTo(page, card, page.getByTestId('column-Human Review'));
    const toast = page.locator('[data-sonner-toast]', { hasText: `Could not move ${ticket.identifier}` });
    await toast.waitFor();
    expect(await toast.textContent()).toContain('the tracker cannot be written (tracker_read_only)');
    await page.getByTestId('column-Backlog').getByTestId(`card-${ticket.identifier}`).waitFor();
    expect(await cardIds(page.getByTestId('column-Human Review'))).not.toContain(ticket.identifier);
    expect(await engineState(e2e, ticket.identifier)).toBe('Backlog');
    await page.close();
  });

  it('returns the card when the engine cannot be reached, and says so', async () => {
    const ticket = await createTicket(e2e, { title: 'Network down', state: 'Backlog' });
    const page = await e2e.page();
    await page.setViewportSize(WIDE_VIEWPORT);
    await page.route(`**/api/v1/tickets/${ticket.identifier}`, (route) => (route.request().method() === 'PATCH' ? route.abort('connectionrefused') : route.continue()));
    const card = page.getByTestId('column-Backlog').getByTestId(`card-${ticket.identifier}`);
    await card.waitFor();
    await dragTo(page, card, page.getByTestId('column-Human Review'));
    await page.locator('[data-sonner-toast]', { hasText: 'network_error' }).waitFor();
    await page.getByTestId('column-Backlog').getByTestId(`card-${ticket.identifier}`).waitFor();
    expect(await engineState(e2e, ticket.identifier)).toBe('Backlog');
    await page.close();
  });

  it('moves a card with the keyboard: Space, arrow to the next column, Space', async () => {
    const ticket = await createTicket(e2e, { title: 'Keyboard mover', state: 'Merging' });
    const page = await e2e.page();
    await page.setViewportSize(WIDE_VIEWPORT);
    const card = page.getByTestId('column-Merging').getByTestId(`card-${ticket.identifier}`);
    await card.waitFor();
    await card.focus();
    await page.keyboard.press('Space');
    await page.getByTestId('drag-overlay').waitFor();
    // dnd-kit starts listening for the arrows on the next task after the pick-up, as a person's
    // next key press would be; two frames later it surely listens.
    await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
    await page.keyboard.press('ArrowRight');
    // The drop target is worked out after the move is rendered: drop once the column says it is over.
    await page.locator('[data-testid="column-Done"].is-over').waitFor();
    await page.keyboard.press('Space');
    // Merging (the landing queue's column) is followed by Done in the workflow order.
    await expect.poll(() => engineState(e2e, ticket.identifier)).toBe('Done');
    await page.getByTestId('column-Done').getByTestId(`card-${ticket.identifier}`).waitFor();
    await page.close();
  });
});
