import type { Page } from 'playwright-core';
import type { E2E } from './e2e-harness.js';

/** A notification the page tried to show, as the fake Notification API recorded it. */
export interface ShownNotification {
  title: string;
  body: string;
  tag: string;
}

/**
 * Replaces the browser's Notification API before any page script runs: headless Chromium shows
 * nothing, so the fake records what would be shown, grants permission when asked (and remembers
 * the grant across reloads, like a browser does), and lets a test "click" a notification.
 */
const FAKE_NOTIFICATIONS = `
  window.__notes = [];
  class FakeNotification {
    static get permission() { return localStorage.getItem('fake-permission') || 'default'; }
    static async requestPermission() { localStorage.setItem('fake-permission', 'granted'); return 'granted'; }
    constructor(title, options) { this.title = title; this.body = options.body; this.tag = options.tag; this.onclick = null; window.__notes.push(this); }
    close() {}
  }
  Object.defineProperty(window, 'Notification', { value: FakeNotification, configurable: true, writable: true });
`;

const errors = new WeakMap<Page, string[]>();

/** Uncaught exceptions of a page opened by `pageWithNotifications`. */
export function pageErrors(page: Page): string[] {
  return errors.get(page) ?? [];
}

/** A page with the fake Notification API, signed in like `E2E.page()`. */
export async function pageWithNotifications(e2e: E2E, hash = '#/'): Promise<Page> {
  const page = await e2e.browser.newPage({ viewport: { width: 1400, height: 860 } });
  const seen: string[] = [];
  errors.set(page, seen);
  page.on('pageerror', (e) => seen.push(e.message));
  await page.addInitScript(FAKE_NOTIFICATIONS);
  await page.goto(`${e2e.baseUrl}/?token=${e2e.token}${hash}`);
  return page;
}

export function shownNotifications(page: Page): Promise<ShownNotification[]> {
  return page.evaluate(() =>
    ((window as unknown as { __notes: ShownNotification[] }).__notes ?? []).map((n) => ({ title: n.title, body: n.body, tag: n.tag })),
  );
}

/** Clicks the i-th recorded notification (runs its onclick, as the OS would). */
export function clickNotification(page: Page, index: number): Promise<void> {
  return page.evaluate((i) => {
    const notes = (window as unknown as { __notes: Array<{ onclick: (() => void) | null }> }).__notes;
    notes[i]?.onclick?.();
  }, index);
}
