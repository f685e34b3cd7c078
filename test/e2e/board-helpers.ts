import type { Locator, Page } from 'playwright-core';
import type { Issue } from '../../shared/domain/issue.js';
import type { E2E } from './e2e-harness.js';

/** Wide enough for all eight default columns (272 px each) to be on screen at once. */
export const WIDE_VIEWPORT = { width: 2400, height: 900 };

/** Creates a ticket through the API and returns it. */
export async function createTicket(e2e: E2E, body: Record<string, unknown>): Promise<Issue> {
  const res = await e2e.api<Issue>('POST', '/api/v1/tickets', body);
  if (res.status !== 201) throw new Error(`create failed: ${res.status} ${JSON.stringify(res.json)}`);
  return res.json;
}

/** The ticket's state as the engine has it now. */
export async function engineState(e2e: E2E, identifier: string): Promise<string | undefined> {
  const res = await e2e.api<{ tickets: Issue[] }>('GET', '/api/v1/tickets');
  return res.json.tickets.find((t) => t.identifier === identifier)?.state;
}

/**
 * Drags with real mouse events in small steps: dnd-kit's pointer sensor starts a drag only after
 * the pointer has travelled a few pixels with the button down, and tracks every move after that.
 */
export async function dragTo(page: Page, card: Locator, target: Locator): Promise<void> {
  const from = await card.boundingBox();
  const to = await target.boundingBox();
  if (!from || !to) throw new Error('card or target is not on screen');
  const x = from.x + from.width / 2;
  const y = from.y + Math.min(20, from.height / 2);
  await page.mouse.move(x, y);
  await page.mouse.down();
  await page.mouse.move(x + 8, y + 8, { steps: 4 });
  await page.mouse.move(to.x + to.width / 2, to.y + 120, { steps: 12 });
  await page.mouse.up();
}

/** Identifiers of the cards a column shows (mounted ones: enough for small boards). */
export async function cardIds(column: Locator): Promise<string[]> {
  return column.locator('[data-card-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.cardId ?? ''));
}
