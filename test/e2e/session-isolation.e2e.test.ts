import { chromium } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CHROMIUM_ARGS, chromiumPath, E2E, uncaughtErrors } from './e2e-harness.js';
import { HeaderRecorder, type RecordedRequest } from './header-recorder.js';

// Regression (issue 7, H1): the browser session was an HttpOnly cookie for 127.0.0.1, and cookies
// ignore ports, so every other web server on 127.0.0.1 the user visited received the token and
// could replay it (e.g. open an operator shell). Now the page keeps the token in sessionStorage and
// sends it as a header to its own origin only; these tests look at it from the other server's side.

let e2e: E2E;
let recorder: HeaderRecorder;
beforeAll(async () => {
  e2e = await E2E.start();
  recorder = await HeaderRecorder.start(e2e.baseUrl);
});
afterAll(async () => {
  await recorder?.close();
  await e2e?.stop();
});

/** Every header value and the URL of a request, as one string to search for the token. */
const everything = (r: RecordedRequest) => `${r.url}\n${JSON.stringify(r.headers)}`;

describe('the browser session and other local servers', () => {
  it('never gives another local server anything that authenticates against the engine', async () => {
    // bypassCSP lets the engine's own page reach the other server the way a page with a weaker
    // policy (or a script that got in) would: the token must stay put without the CSP's help.
    const context = await e2e.browser.newContext({ bypassCSP: true, viewport: { width: 1400, height: 860 } });
    const page = await context.newPage();
    await page.goto(`${e2e.baseUrl}/?token=${e2e.token}#/`);
    await page.getByTestId('board').waitFor();
    await expect.poll(() => page.getByTestId('connection-banner').count()).toBe(0);

    // Signed in: the token left the address bar and lives in this tab's sessionStorage, not in a cookie.
    expect(page.url()).toBe(`${e2e.baseUrl}/#/`);
    expect(await page.evaluate(() => window.sessionStorage.getItem('baton.token'))).toBe(e2e.token);
    expect(await context.cookies()).toEqual([]);

    // The logged-in page fetches from, and embeds, the other server.
    await page.evaluate((other) => {
      void fetch(`${other}/fetch`, { credentials: 'include' });
      const img = document.createElement('img');
      img.src = `${other}/img`;
      document.body.appendChild(img);
      const frame = document.createElement('iframe');
      frame.src = `${other}/frame`;
      document.body.appendChild(frame);
    }, recorder.origin);
    await Promise.all(['/fetch', '/img', '/frame'].map((p) => recorder.waitFor(p)));

    // The user opens the other server in another tab; its page goes after the engine.
    const other = await context.newPage();
    await other.goto(`${recorder.origin}/page`);
    await Promise.all(['/img-on-page', '/report?fetch=', '/report?post=', '/report?ws='].map((p) => recorder.waitFor(p)));
    expect(recorder.requests.map((r) => r.url)).not.toContain('/report?ws=open');
    expect(recorder.requests.map((r) => r.url)).not.toContain('/report?fetch=200');

    // Finally the logged-in page follows a link there (a top-level navigation, with its Referer rules).
    await page.evaluate((target) => {
      const a = document.createElement('a');
      a.href = target;
      a.textContent = 'elsewhere';
      document.body.appendChild(a);
      a.click();
    }, `${recorder.origin}/nav`);
    await recorder.waitFor('/nav');

    // Nothing the other server received carries the token: no cookie, no header, no referrer, no URL.
    expect(recorder.requests.length).toBeGreaterThanOrEqual(9);
    for (const request of recorder.requests) {
      expect(everything(request), request.url).not.toContain(e2e.token);
      expect(request.headers.cookie, request.url).toBeUndefined();
      expect(request.headers.authorization, request.url).toBeUndefined();
    }

    // Whatever it did receive, replayed against the engine (without its own Origin), gets 401.
    for (const request of recorder.requests) {
      const headers = Object.fromEntries(
        Object.entries(request.headers).filter(([name, value]) => typeof value === 'string' && !['host', 'origin', 'connection', 'content-length'].includes(name)),
      ) as Record<string, string>;
      const replay = await fetch(`${e2e.baseUrl}/api/v1/state`, { headers });
      expect(replay.status, request.url).toBe(401);
    }
    expect(uncaughtErrors(page)).toEqual([]);
    await context.close();
  });

  it('says how to get in when a tab is opened without the token, and calls nothing', async () => {
    const page = await e2e.browser.newPage();
    const requests: string[] = [];
    page.on('request', (r) => requests.push(new URL(r.url()).pathname));
    await page.goto(`${e2e.baseUrl}/#/board`);
    expect(await page.getByTestId('token-needed').textContent()).toContain('baton serve');
    expect(requests.filter((p) => p.startsWith('/api/'))).toEqual([]);
    await page.close();
  });

  it('refuses a page and the API reached under another host name (DNS rebinding)', async () => {
    const port = new URL(e2e.baseUrl).port;
    // Chromium resolves evil.example to 127.0.0.1, as a rebinding attacker's DNS would.
    const browser = await chromium.launch({ executablePath: chromiumPath(), args: [...CHROMIUM_ARGS, '--host-resolver-rules=MAP evil.example 127.0.0.1', '--no-proxy-server'] });
    try {
      const page = await browser.newPage();
      const response = await page.goto(`http://evil.example:${port}/?token=${e2e.token}`);
      expect(response?.status()).toBe(403);
      expect(JSON.parse(await response!.text())).toMatchObject({ error: { code: 'forbidden_host' } });
      const api = await page.evaluate(async (token) => {
        const res = await fetch('/api/v1/state', { headers: { authorization: `Bearer ${token}` } });
        return { status: res.status, body: await res.text() };
      }, e2e.token);
      expect(api.status).toBe(403);
      expect(api.body).toContain('forbidden_host');
    } finally {
      await browser.close();
    }
  });
});
