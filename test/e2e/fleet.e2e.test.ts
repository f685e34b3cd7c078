import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E } from './e2e-harness.js';
import { engineState } from './board-helpers.js';
import { clickNotification, pageErrors, pageWithNotifications, shownNotifications } from './fleet-helpers.js';

const WAIT = { timeout: 30_000, interval: 100 };

let e2e: E2E;
beforeAll(async () => {
  e2e = await E2E.start({ scenario: 'happy' });
});
afterAll(async () => {
  await e2e?.stop();
});

describe('fleet header in Chromium', () => {
  it('shows the fleet live: review count, tokens, the rate-limit gauge, the chart; notifies a review once', async () => {
    const page = await pageWithNotifications(e2e);
    await page.getByTestId('board').waitFor();
    expect(await page.getByTestId('stat-running').textContent()).toBe('0 running');
    expect(await page.getByTestId('rate-gauge').count()).toBe(0);
    // The engine sampled at start: the chart has its history from the first load (a flat zero line).
    await expect.poll(() => page.getByTestId('chart-running').getAttribute('d'), WAIT).toMatch(/^M[\d.]+,28( H[\d.]+)* H160$/);

    // Notifications are off in a browser until the person turns them on (no prompt on load).
    const toggle = page.getByTestId('notify-toggle');
    expect(await toggle.getAttribute('aria-pressed')).toBe('false');
    await toggle.click();
    await expect.poll(() => toggle.getAttribute('aria-pressed')).toBe('true');

    await e2e.api('POST', '/api/v1/tickets', { title: 'Say hello' });
    await expect.poll(() => engineState(e2e, 'BAT-1'), WAIT).toBe('Human Review');
    await expect.poll(() => page.getByTestId('stat-review').textContent(), WAIT).toBe('1 in review');
    await expect.poll(() => page.getByTestId('gauge-primary').getAttribute('data-percent'), WAIT).toBe('25');
    expect(await page.getByTestId('gauge-primary').getAttribute('title')).toMatch(/^Primary \(5h window\): 25% used, resets in (59m|1h) /);
    expect(await page.getByTestId('gauge-secondary').getAttribute('title')).toMatch(/^Secondary \(7d window\): 10% used/);
    expect(await page.getByTestId('stat-tokens').textContent()).not.toBe('0 tokens today');
    expect(await page.getByTestId('fleet-header').getAttribute('data-trouble')).toBe('');
    // The run's tokens show as a rate in the chart.
    await expect.poll(() => page.getByTestId('chart-rate').count(), WAIT).toBe(1);

    await expect.poll(() => shownNotifications(page), WAIT).toEqual([
      { title: 'BAT-1 is ready for review', body: 'Say hello', tag: expect.stringMatching(/^review:BAT-1:/) as unknown as string },
    ]);
    await clickNotification(page, 0);
    await expect.poll(() => new URL(page.url()).hash).toBe('#/review/BAT-1');

    // After a reload the review is old news; the chart's history comes back from the engine.
    await page.reload();
    await expect.poll(() => page.getByTestId('stat-review').textContent(), WAIT).toBe('1 in review');
    expect(await page.getByTestId('notify-toggle').getAttribute('aria-pressed')).toBe('true');
    await expect.poll(() => page.getByTestId('chart-running').getAttribute('d'), WAIT).toMatch(/^M[\d.]+,28/);
    expect(await shownNotifications(page)).toEqual([]);
    expect(pageErrors(page)).toEqual([]);
    await page.close();
  });
});
