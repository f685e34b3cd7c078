import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { E2E } from './e2e-harness.js';

// The built renderer in Chromium with a stand-in for Electron's preload (window.baton), the way
// Electron main shows it: the first-run screen when main gave no engine, the control room with an
// engine status banner when it did. The page is served by a real engine, under its real CSP.

let e2e: E2E;
beforeAll(async () => {
  e2e = await E2E.start();
});
afterAll(async () => {
  await e2e?.stop();
});

const FAKE_BRIDGE = `function (engine) {
  var calls = [];
  var listeners = new Set();
  var status = { state: 'idle' };
  window.__bridgeCalls = calls;
  window.__pushStatus = function (s) { status = s; listeners.forEach(function (l) { l(s); }); };
  function action(name, result) {
    return function () { calls.push([name].concat(Array.prototype.slice.call(arguments))); return Promise.resolve(result); };
  }
  window.baton = {
    engine: engine,
    notify: action('notify', undefined),
    openPath: action('openPath', { ok: true }),
    chooseWorkflow: action('chooseWorkflow', null),
    openExternal: action('openExternal', { ok: true }),
    onEngineStatus: function (l) { listeners.add(l); l(status); return function () { listeners.delete(l); }; },
    recentWorkflows: action('recentWorkflows', ['/home/me/src/api/WORKFLOW.md']),
    openRecent: action('openRecent', { ok: true }),
    createFromTemplate: action('createFromTemplate', { ok: false, error: '/tmp/x is not a git repository (no .git)' }),
    startDemo: action('startDemo', { ok: true }),
    restartEngine: action('restartEngine', { ok: true }),
  };
}`;

/**
 * Installs a fake bridge before any page script; calls are recorded in window.__bridgeCalls. The
 * bridge names the engine's URL only: Electron main adds the token to the window's requests, which
 * the extra header stands in for here.
 */
async function pageWithBridge(engine: { url: string } | null): Promise<{ page: Page; errors: string[] }> {
  const page = await e2e.browser.newPage({
    viewport: { width: 1200, height: 800 },
    ...(engine ? { extraHTTPHeaders: { authorization: `Bearer ${e2e.token}` } } : {}),
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  // A string, not a function: the test transform would add helpers the page does not have.
  await page.addInitScript(`(${FAKE_BRIDGE})(${JSON.stringify(engine)})`);
  return { page, errors };
}

const calls = (page: Page) => page.evaluate(() => (window as unknown as { __bridgeCalls: unknown[][] }).__bridgeCalls.map((c) => c[0]));

describe('Electron first run in Chromium', () => {
  it('shows the first-run screen without an engine, and starts nothing itself', async () => {
    const { page, errors } = await pageWithBridge(null);
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${e2e.baseUrl}/`);
    await page.getByTestId('first-run').waitFor();
    expect(await page.getByTestId('board').count()).toBe(0);
    await page.getByTestId('first-run-recent').waitFor();
    expect(await page.getByTestId('first-run-recent').textContent()).toContain('api');
    // No API client or socket in this mode: the page never calls the engine's API.
    expect(requests.filter((p) => p.startsWith('/api/'))).toEqual([]);

    await page.getByTestId('first-run-demo').click();
    await expect.poll(() => calls(page)).toContain('startDemo');
    await page.getByTestId('first-run-template').click();
    await expect.poll(() => page.getByTestId('first-run-error').textContent()).toContain('not a git repository');

    await page.evaluate(() => (window as unknown as { __pushStatus: (s: unknown) => void }).__pushStatus({ state: 'stopped', target: '/home/me/src/api/WORKFLOW.md', reason: 'the engine exited with code 1 before it was ready', stderrTail: 'baton: cannot start: bad YAML' }));
    expect(await page.getByTestId('first-run-status').textContent()).toContain('Engine stopped');
    expect(await page.getByTestId('engine-stderr').textContent()).toBe('baton: cannot start: bad YAML');
    await page.getByTestId('first-run-restart').click();
    await expect.poll(() => calls(page)).toContain('restartEngine');
    expect(errors).toEqual([]);
    await page.close();
  });

  it('shows the control room with the engine from the bridge, and a banner while the engine restarts', async () => {
    const { page, errors } = await pageWithBridge({ url: e2e.baseUrl });
    await page.goto(`${e2e.baseUrl}/`);
    await page.getByTestId('board').waitFor();
    await expect.poll(() => page.getByTestId('connection-banner').count()).toBe(0);
    expect(await page.getByTestId('first-run').count()).toBe(0);
    expect(await page.evaluate(() => JSON.stringify((window as unknown as { baton: { engine: unknown } }).baton.engine) + window.sessionStorage.length)).toBe(`${JSON.stringify({ url: e2e.baseUrl })}0`);
    expect(await page.getByTestId('engine-status-banner').count()).toBe(0);
    await page.evaluate(() => (window as unknown as { __pushStatus: (s: unknown) => void }).__pushStatus({ state: 'restarting', target: '/r/WORKFLOW.md', restarts: 1, maxRestarts: 5, retryInMs: 500, stderrTail: 'Segmentation fault' }));
    expect(await page.getByTestId('engine-status-banner').textContent()).toContain('Engine restarting (restart 1 of 5');
    expect(errors).toEqual([]);
    await page.close();
  });
});
