import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewsResponse } from '../../shared/api/review-schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import { E2E, uncaughtErrors } from './e2e-harness.js';

const WAIT = { timeout: 30_000, interval: 100 };

let e2e: E2E;
beforeAll(async () => {
  // Every ticket lands by itself and every landing is sampled for an audit.
  e2e = await E2E.start({ scenario: 'happy', git: true, frontMatter: 'review:\n  auto_land: true\n  sample_rate: 1' });
});
afterAll(async () => {
  await e2e?.stop();
});

async function state(identifier: string): Promise<string> {
  return (await e2e.api<Issue>('GET', `/api/v1/tickets/${identifier}`)).json.state;
}

async function openAudits(): Promise<ReviewsResponse['audits']> {
  return (await e2e.api<ReviewsResponse>('GET', '/api/v1/reviews')).json.audits.filter((a) => a.status === 'open');
}

describe('audits in Chromium against baton serve', () => {
  it('the board loads without the review views; the inbox loads them on first visit', async () => {
    const page = await e2e.page('#/');
    const scripts: string[] = [];
    page.on('request', (r) => {
      if (r.resourceType() === 'script') scripts.push(new URL(r.url()).pathname);
    });
    await page.getByTestId('board').waitFor();
    expect(scripts.filter((s) => /ReviewInbox|LandingQueue/.test(s))).toEqual([]);
    await page.getByTestId('nav-review').click();
    await page.getByTestId('review-inbox').waitFor();
    expect(scripts.some((s) => /\/assets\/ReviewInbox-[\w-]+\.js$/.test(s))).toBe(true);
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });

  it('opens a sampled landing, shows what landed read-only, survives a reload, and marks it read', async () => {
    await e2e.api('POST', '/api/v1/tickets', { title: 'Say hello' });
    await expect.poll(() => state('BAT-1'), WAIT).toBe('Done');
    await expect.poll(async () => (await openAudits()).map((a) => a.identifier), WAIT).toEqual(['BAT-1']);
    const [audit] = await openAudits();

    const page = await e2e.page('#/review');
    const row = page.getByTestId(`audit-${audit!.id}`);
    await row.getByTestId('audit-open').click();
    const detail = page.getByTestId('audit-detail');
    await detail.waitFor();
    expect(await detail.getByTestId('audit-ticket-link').getAttribute('href')).toBe('#/ticket/BAT-1');
    expect(await detail.getByTestId('audit-commit').textContent()).toBe(audit!.landed_commit.slice(0, 8));
    const file = detail.getByTestId('diff-file').filter({ hasText: 'src/hello.txt' });
    await file.waitFor({ timeout: 20_000 });
    await expect.poll(() => file.textContent(), WAIT).toContain('hello from turn 1');
    // Read-only: nothing to comment with.
    expect(await detail.getByTestId('diff-line-gutter').count()).toBe(0);
    await expect.poll(() => page.evaluate(() => window.location.hash), WAIT).toBe(`#/review/audit/${audit!.id}`);

    // The URL brings the same audit back after a reload.
    await page.reload();
    await page.getByTestId('audit-detail').filter({ hasText: 'hello from turn 1' }).waitFor({ timeout: 20_000 });

    await page.getByTestId('audit-mark-read').click();
    await page.getByTestId(`audit-${audit!.id}`).waitFor({ state: 'detached' });
    await page.getByTestId('audit-detail').waitFor({ state: 'detached' });
    expect(await openAudits()).toEqual([]);
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });
});
