import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../shared/domain/issue.js';
import { E2E, uncaughtErrors } from './e2e-harness.js';
import { WIDE_VIEWPORT, cardIds, createTicket, engineState } from './board-helpers.js';

let e2e: E2E;
let alpha: Issue;
let beta: Issue;
let gamma: Issue;
beforeAll(async () => {
  e2e = await E2E.start({ scenario: 'happy' });
  // Not in an active state: the orchestrator leaves them where the tests put them.
  alpha = await createTicket(e2e, { title: 'Alpha login redirect', state: 'Backlog', labels: ['bug'] });
  beta = await createTicket(e2e, { title: 'Beta dashboard', description: 'mentions the LOGIN page', state: 'Backlog', labels: ['ui'] });
  gamma = await createTicket(e2e, { title: 'Gamma export', state: 'Human Review', labels: ['bug'] });
});
afterAll(async () => {
  await e2e?.stop();
});

async function boardPage() {
  const page = await e2e.page();
  await page.setViewportSize(WIDE_VIEWPORT);
  await page.getByTestId(`card-${gamma.identifier}`).waitFor();
  return page;
}

describe('board search, create dialog, keyboard and palette against baton serve', () => {
  it('search filters cards by title or description, the label filter narrows, and filters survive a reload', async () => {
    const page = await boardPage();
    await page.keyboard.press('/');
    await page.keyboard.type('login');
    await expect.poll(() => cardIds(page.getByTestId('board'))).toEqual([alpha.identifier, beta.identifier]);
    expect(await page.getByTestId('filter-count').textContent()).toBe('2 of 3 tickets');
    expect(await page.getByTestId('column-Backlog').locator('.column-count').textContent()).toBe('2 of 2');
    await page.getByTestId('filter-label').selectOption('ui');
    await expect.poll(() => cardIds(page.getByTestId('board'))).toEqual([beta.identifier]);
    await page.reload();
    await page.getByTestId('board').waitFor();
    await expect.poll(() => cardIds(page.getByTestId('board'))).toEqual([beta.identifier]);
    expect(await page.getByTestId('board-search').inputValue()).toBe('login');
    await page.getByTestId('filter-clear').click();
    await expect.poll(async () => (await cardIds(page.getByTestId('board'))).length).toBe(3);
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });

  it('the create dialog shows the engine refusal, then creates the ticket, which appears on the board', async () => {
    const page = await boardPage();
    await page.keyboard.press('c');
    const dialog = page.getByTestId('create-dialog');
    await dialog.getByTestId('create-title').waitFor();
    // Longer than the API's 1,000-character limit: the engine refuses, the dialog stays open.
    await dialog.getByTestId('create-title').fill('x'.repeat(1_001));
    await dialog.getByTestId('create-submit').click();
    const error = dialog.getByTestId('create-error');
    await error.waitFor();
    expect(await error.textContent()).toContain('invalid_request');
    await dialog.getByTestId('create-title').fill('Made in the dialog');
    await dialog.getByTestId('create-labels').fill('Docs, ui');
    await dialog.getByTestId('create-state').selectOption('Backlog');
    await dialog.getByTestId('create-submit').click();
    await page.getByTestId('column-Backlog').locator('[data-card-id]', { hasText: 'Made in the dialog' }).waitFor();
    // The WebSocket may show the card before the POST's answer closes the dialog.
    await expect.poll(() => dialog.isVisible()).toBe(false);
    const tickets = (await e2e.api<{ tickets: Issue[] }>('GET', '/api/v1/tickets')).json.tickets;
    const made = tickets.find((t) => t.title === 'Made in the dialog');
    expect(made).toMatchObject({ state: 'Backlog', labels: ['docs', 'ui'] });
    await page.close();
  });

  it('arrow keys and h/j/k/l move focus between cards and columns; Enter opens the ticket', async () => {
    const page = await boardPage();
    const focused = () => page.evaluate(() => (document.activeElement as HTMLElement | null)?.dataset.cardId ?? null);
    await page.getByTestId(`card-${gamma.identifier}`).focus();
    await page.keyboard.press('h');
    // Backlog is the first column; from Human Review, left skips the empty In Progress and Todo.
    await expect.poll(focused).toBe(alpha.identifier);
    await page.keyboard.press('j');
    await expect.poll(focused).toBe(beta.identifier);
    await page.keyboard.press('ArrowUp');
    await expect.poll(focused).toBe(alpha.identifier);
    await page.keyboard.press('l');
    await expect.poll(focused).toBe(gamma.identifier);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/ticket/${gamma.identifier}`);
    await page.close();
  });

  it('the command palette goes to a ticket, refreshes, and moves the focused ticket', async () => {
    const page = await boardPage();
    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill(beta.title);
    await page.keyboard.press('Enter');
    await expect.poll(() => page.evaluate(() => location.hash)).toBe(`#/ticket/${beta.identifier}`);

    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('refresh');
    await page.keyboard.press('Enter');
    await page.locator('[data-sonner-toast]', { hasText: 'Refresh queued' }).waitFor();

    // On the ticket view, "move" acts on the open ticket.
    await page.keyboard.press('Control+k');
    await page.getByTestId('palette-input').fill('move');
    await page.keyboard.press('Enter');
    await page.getByTestId('palette-input').fill('Cancelled');
    await page.keyboard.press('Enter');
    await expect.poll(() => engineState(e2e, beta.identifier)).toBe('Cancelled');
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });
});
