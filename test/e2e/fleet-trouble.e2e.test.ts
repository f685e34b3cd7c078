import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E } from './e2e-harness.js';
import { pageErrors, pageWithNotifications, shownNotifications } from './fleet-helpers.js';

const WAIT = { timeout: 45_000, interval: 100 };

let e2e: E2E;
beforeAll(async () => {
  e2e = await E2E.start({ scenario: 'failed-turn' });
});
afterAll(async () => {
  await e2e?.stop();
});

describe('fleet header in Chromium: a failing run', () => {
  it('turns the retry count red and notifies each failed attempt once', async () => {
    const page = await pageWithNotifications(e2e);
    await page.getByTestId('board').waitFor();
    await page.getByTestId('notify-toggle').click();
    await expect.poll(() => page.getByTestId('notify-toggle').getAttribute('aria-pressed')).toBe('true');

    await e2e.api('POST', '/api/v1/tickets', { title: 'Runs out of quota' });
    const retrying = page.getByTestId('stat-retrying');
    await expect.poll(() => retrying.textContent(), WAIT).toBe('1 retrying');
    expect(await retrying.getAttribute('class')).toContain('trouble');
    expect(await page.getByTestId('fleet-header').getAttribute('data-trouble')).toContain('retrying');
    await expect.poll(() => shownNotifications(page), WAIT).toEqual([
      { title: 'BAT-1 failed (attempt 1)', body: expect.stringContaining('usage limit') as unknown as string, tag: 'failure:BAT-1:1' },
    ]);

    // The retry (10 s later) fails again: one more notification, none repeated in between.
    await expect.poll(async () => (await shownNotifications(page)).map((n) => n.tag), WAIT).toEqual(['failure:BAT-1:1', 'failure:BAT-1:2']);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
