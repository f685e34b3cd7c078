import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E } from './e2e-harness.js';
import { openPage, screenText, tickName, writeTickScenario } from './ticket-e2e-helpers.js';

/**
 * The ticket view in Chromium against `baton serve`: the run terminal live and after a reload, the
 * trace and its jump into the terminal, and a ticket that disappears while open. WebGL is switched
 * off in these pages so xterm draws with its DOM renderer, whose text the test reads (this is also
 * the fallback path of a browser without WebGL).
 */
const TICKS = 40;
/** 40 ticks 250 ms apart after a 1.5 s lead: a run of about 11.5 s, long enough to watch and reload. */
const STREAM = { ticks: TICKS, intervalMs: 250, linesPerTick: 3, leadMs: 1_500 };
const WAIT = { timeout: 30_000, interval: 100 };

let e2e: E2E;
let scenarioDir: string;

beforeAll(async () => {
  scenarioDir = await mkdtemp(path.join(os.tmpdir(), 'baton-e2e-scenario-'));
  e2e = await E2E.start({ scenario: await writeTickScenario(scenarioDir, 'ticks', STREAM) });
});

afterAll(async () => {
  await e2e?.stop();
  await rm(scenarioDir, { recursive: true, force: true });
});

/** The last tick number on screen (0 when none). */
const lastTick = (text: string) => Math.max(0, ...[...text.matchAll(/tick-(\d\d)/g)].map((m) => Number(m[1])));

describe('ticket view in Chromium', () => {
  it('shows the running ticket terminal live, and again after a page reload', async () => {
    await e2e.api('POST', '/api/v1/tickets', { title: 'Stream ticks', labels: ['e2e'] });
    const { page, errors } = await openPage(e2e, '#/ticket/BAT-1', { noWebgl: true });
    await page.getByTestId('ticket-view').waitFor();
    expect(await page.getByTestId('ticket-state').textContent()).not.toBe('');
    await expect.poll(() => screenText(page).then(lastTick), WAIT).toBeGreaterThanOrEqual(3);
    const before = lastTick(await screenText(page));
    // More ticks arrive without any reload: the screen is live.
    await expect.poll(() => screenText(page).then(lastTick), WAIT).toBeGreaterThan(before + 2);
    expect(await page.getByTestId('run-panel').textContent()).toContain('Running');
    expect(await page.locator('.terminal-status').textContent()).toContain('read-only transcript');

    const seen = lastTick(await screenText(page));
    await page.reload();
    await page.getByTestId('ticket-view').waitFor();
    // The restored screen has at least what was there before the reload, then keeps going.
    await expect.poll(() => screenText(page).then(lastTick), WAIT).toBeGreaterThanOrEqual(seen);
    await expect.poll(() => screenText(page).then(lastTick), WAIT).toBe(TICKS);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('lists the run in the trace, and a click on an event scrolls the terminal to it', async () => {
    // Opened before the run starts, so all output arrives live and is marked line by line.
    await e2e.api('POST', '/api/v1/tickets', { title: 'Trace me', state: 'Backlog' });
    const { page, errors } = await openPage(e2e, '#/ticket/BAT-2', { noWebgl: true });
    await page.getByTestId('ticket-view').waitFor();
    await e2e.api('PATCH', '/api/v1/tickets/BAT-2', { state: 'Todo' });
    await page.locator('.terminal-pane').waitFor(WAIT);
    await expect.poll(() => screenText(page).then(lastTick), WAIT).toBe(TICKS);
    await expect.poll(async () => Number((await page.getByTestId('trace-count').textContent())?.match(/\d+/)?.[0] ?? 0), WAIT).toBeGreaterThan(TICKS);
    // The screen shows the end of the run, not its beginning.
    expect(await screenText(page)).not.toContain(tickName(5));

    await page.getByTestId('trace-scroll').evaluate((el) => (el.scrollTop = 0));
    const row = page.locator('.trace-row[data-kind="message"]', { hasText: tickName(5) });
    await row.getByRole('button', { name: 'Show in terminal' }).click();
    await expect.poll(() => screenText(page), WAIT).toContain(tickName(5));
    expect(await screenText(page)).not.toContain(tickName(TICKS));
    expect(await page.getByTestId('terminal-notice').count()).toBe(0);

    // A page opened after the run has only the engine's restored screen for that output: it says so.
    const late = await openPage(e2e, '#/ticket/BAT-2', { noWebgl: true });
    await expect.poll(() => screenText(late.page).then(lastTick), WAIT).toBe(TICKS);
    await late.page.getByTestId('trace-scroll').evaluate((el) => (el.scrollTop = 0));
    await late.page.locator('.trace-row[data-kind="message"]', { hasText: tickName(5) }).getByRole('button', { name: 'Show in terminal' }).click();
    await expect.poll(() => late.page.getByTestId('terminal-notice').textContent(), WAIT).toContain('restored screen');
    await expect.poll(() => screenText(late.page), WAIT).toContain(tickName(1));
    expect([...errors, ...late.errors]).toEqual([]);
    await late.page.close();
    await page.close();
  });

  it('lists a trace of 100,000 events with only the visible rows in the page', async () => {
    await e2e.api('POST', '/api/v1/tickets', { title: 'Long history', state: 'Backlog' });
    const issue = (await e2e.api<{ id: string }>('GET', '/api/v1/tickets/BAT-3')).json;
    // Written straight into the engine's store, with seqs far above the engine's own counter.
    const db = new Database(path.join(e2e.dir, '.baton', 'state.db'));
    db.exec('PRAGMA busy_timeout = 5000');
    const insert = db.prepare('INSERT INTO trace_events (seq, issue_id, issue_identifier, run_id, session_id, at, kind, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    db.exec('BEGIN');
    for (let i = 1; i <= 100_000; i++) {
      const command = i % 10 === 0;
      insert.run(10_000_000 + i, issue.id, 'BAT-3', 'run-x', null, new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), command ? 'command' : 'message',
        command ? `$ make step-${i} → 0` : `event ${i}`, JSON.stringify(command ? { command: `make step-${i}`, exit_code: 0, output: `ok ${i}` } : { text: `event ${i}` }));
    }
    db.exec('COMMIT');
    db.close();

    const { page, errors } = await openPage(e2e, '#/ticket/BAT-3', { noWebgl: true });
    await expect.poll(() => page.getByTestId('trace-count').textContent(), { timeout: 60_000, interval: 200 }).toBe('100000 events');
    expect(await page.locator('.trace-row').count()).toBeLessThan(100);
    expect(await page.locator('.trace-row').last().textContent()).toContain('step-100000');
    await page.getByTestId('trace-scroll').evaluate((el) => (el.scrollTop = 0));
    await page.locator('.trace-row', { hasText: 'event 1' }).first().waitFor();
    // Filtering 100,000 events by kind, then opening one command's details.
    await page.getByRole('button', { name: 'Messages' }).click();
    expect(await page.getByTestId('trace-count').textContent()).toBe('10000 of 100000 events');
    const first = page.locator('.trace-row[data-kind="command"]').first();
    await first.getByRole('button', { name: 'Show details' }).click();
    expect(await first.locator('.trace-pre').textContent()).toBe('ok 10');
    expect(await page.locator('.trace-row').count()).toBeLessThan(100);
    expect(errors).toEqual([]);
    await page.close();
  });

  it('says so when the open ticket is deleted from the tracker', async () => {
    await e2e.api('POST', '/api/v1/tickets', { title: 'Doomed' });
    const { page, errors } = await openPage(e2e, '#/ticket/BAT-4', { noWebgl: true });
    await expect.poll(() => screenText(page).then(lastTick), WAIT).toBeGreaterThanOrEqual(1);
    // Deleted behind Baton's back, as in another tool; the engine stops the run at its next reconcile.
    const db = new Database(path.join(e2e.dir, '.baton', 'tickets.db'));
    db.exec('PRAGMA busy_timeout = 5000');
    db.prepare('DELETE FROM issues WHERE identifier = ?').run('BAT-4');
    db.close();
    await page.getByTestId('ticket-gone').waitFor(WAIT);
    expect(await page.getByTestId('ticket-gone').textContent()).toContain('deleted or moved out of the tracker');
    // What was recorded stays readable.
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Doomed');
    expect(errors).toEqual([]);
    await page.close();
  });
});
