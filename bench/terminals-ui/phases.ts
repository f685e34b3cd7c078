import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import pty from 'node-pty';
import type { Browser, Frame, Page } from 'playwright-core';
import { SystemCpu } from '../lib/machine.js';
import { sleep } from '../lib/paths.js';
import { blockWebgl, installProbe, readProbe, resetStamps, showTickets, type ProbeState } from './page-probe.js';
import type { Served } from './serve.js';
import { summarize, type Summary } from './stats.js';

const now = () => performance.timeOrigin + performance.now();

export async function waitUntil(check: () => Promise<boolean>, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(50);
  }
}

/**
 * A page signed in to the engine (the token in its tab's sessionStorage, which same-origin iframes
 * share), with the probe in every frame it will load. With `framing`, the app's HTML document is
 * fetched through Playwright without its `frame-ancestors 'none'` CSP and `X-Frame-Options: DENY`,
 * so several ticket views can share one renderer as same-origin iframes (the app's scripts and
 * sockets are untouched).
 */
export async function signedInPage(browser: Browser, engine: Served, hash = '#/', framing = false): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1600, height: 900 } });
  await page.addInitScript(installProbe);
  if (process.env.BENCH_UI_RENDERER === 'dom') await page.addInitScript(blockWebgl);
  if (framing) {
    await page.route(
      (url) => url.origin === engine.baseUrl && url.pathname === '/',
      async (route) => {
        const response = await route.fetch();
        const headers = { ...response.headers() };
        delete headers['content-security-policy'];
        delete headers['x-frame-options'];
        await route.fulfill({ response, headers });
      },
    );
  }
  await page.goto(`${engine.baseUrl}/?token=${engine.token}${hash}`);
  return page;
}

export interface Latency {
  screen: Summary;
  parsed: Summary;
}

/** Stamp → next frame after parse ("on screen"), and stamp → parsed, over one window. */
export async function measureLatency(frame: Frame, windowMs: number): Promise<Latency> {
  await resetStamps(frame);
  await sleep(windowMs);
  const { stamps } = await readProbe(frame);
  return { screen: summarize(stamps.map((s) => s.frameAt - s.stamp)), parsed: summarize(stamps.map((s) => s.parsedAt - s.stamp)) };
}

/** Two ticket views side by side in one renderer: the stamp terminal and the (gated) flood terminal. */
export async function openLatencyPage(browser: Browser, engine: Served): Promise<{ page: Page; stampFrame: Frame; floodFrame: Frame }> {
  const page = await signedInPage(browser, engine, '#/', true);
  await page.goto(`${engine.baseUrl}/api/v1/state`);
  const [stampFrame, floodFrame] = (await showTickets(page, engine.baseUrl, ['BAT-1', 'BAT-2'])) as [Frame, Frame];
  await waitUntil(async () => (await readProbe(stampFrame)).stamps.length > 20, 30_000, 'stamps on screen');
  return { page, stampFrame, floodFrame };
}

export interface Echo {
  screen: Summary;
  parsed: Summary;
  /** The pty's own echo, node-pty to bash and back, without Baton. */
  baseline: Summary;
  misses: number;
}

/** Keystroke → echo on screen in an operator shell, against the same shell's echo without Baton. */
export async function measureEcho(browser: Browser, engine: Served, workdir: string, keys: number): Promise<Echo> {
  const baseline = await ptyEcho(workdir, keys);
  const page = await signedInPage(browser, engine, '#/ticket/BAT-1');
  await page.getByTestId('open-shell').click();
  const pane = page.locator('.terminal-pane[data-testid^="terminal-shell-"]');
  await pane.waitFor({ timeout: 30_000 });
  await waitUntil(async () => (await pane.getAttribute('data-phase')) === 'live', 30_000, 'the shell');
  await pane.locator('.terminal-screen').click();
  await sleep(1_000); // the login shell's prompt
  const screen: number[] = [];
  const parsed: number[] = [];
  let misses = 0;
  const letters = 'abcdefghijklmnopqrstuvwxyz';
  for (let i = 0; i < keys; i++) {
    if (i > 0 && i % 20 === 0) await page.keyboard.press('Control+U'); // keep the line short
    const ch = letters[i % letters.length]!;
    await page.evaluate((c) => ((window as unknown as { __bench: ProbeState }).__bench.key = { ch: c, downAt: null, parsedAt: null, frameAt: null }), ch);
    await page.keyboard.press(ch);
    const done = await waitUntil(async () => (await readProbe(page)).key?.frameAt != null, 2_000, 'echo').then(() => true, () => false);
    const key = (await readProbe(page)).key;
    if (!done || !key || key.downAt === null || key.frameAt === null || key.parsedAt === null) {
      misses++;
      continue;
    }
    screen.push(key.frameAt - key.downAt);
    parsed.push(key.parsedAt - key.downAt);
    await sleep(30);
  }
  await page.close();
  return { screen: summarize(screen), parsed: summarize(parsed), baseline: summarize(baseline), misses };
}

/** Write one char to `bash -l` in a pty and time its echo: what a terminal costs without Baton. */
async function ptyEcho(workdir: string, keys: number): Promise<number[]> {
  const cwd = path.join(workdir, 'baseline');
  await mkdir(cwd, { recursive: true });
  const shell = pty.spawn('bash', ['-l'], { name: 'xterm-256color', cols: 120, rows: 30, cwd, env: process.env as Record<string, string> });
  let waiting: { ch: string; resolve: () => void } | null = null;
  shell.onData((data) => {
    if (waiting && data.includes(waiting.ch)) {
      const w = waiting;
      waiting = null;
      w.resolve();
    }
  });
  await sleep(1_000);
  const times: number[] = [];
  for (let i = 0; i < keys; i++) {
    const ch = 'abcdefghijklmnopqrstuvwxyz'[i % 26]!;
    const t0 = now();
    await new Promise<void>((resolve) => {
      waiting = { ch, resolve };
      shell.write(ch);
    });
    times.push(now() - t0);
    await sleep(10);
  }
  shell.kill('SIGKILL');
  return times;
}

export interface Reload {
  /** Reload → every terminal's restored screen parsed, ms, per round. */
  rounds: number[];
  /** Whole-machine CPU (% of one core) during each round: a busy box explains an outlier. */
  machineCpu: Array<number | null>;
}

/**
 * A window showing `identifiers.length` ticket views (same-origin iframes, one renderer) is
 * reloaded; the time runs until every view's terminal has its screen restored from the engine.
 */
export async function measureReload(browser: Browser, engine: Served, identifiers: readonly string[], rounds: number): Promise<Reload> {
  const framed = identifiers.length > 1;
  const page = await signedInPage(browser, engine, framed ? '#/' : `#/ticket/${identifiers[0]}`, framed);
  const open = async (): Promise<Frame[]> => {
    if (!framed) {
      await page.reload();
      return [page.mainFrame()];
    }
    await page.goto(`${engine.baseUrl}/api/v1/state`);
    return showTickets(page, engine.baseUrl, identifiers);
  };
  const restoredAt = async (frames: Frame[]): Promise<number> => {
    let latest = 0;
    await waitUntil(
      async () => {
        const states = await Promise.all(frames.map((f) => readProbe(f).catch(() => null)));
        const firsts = states.map((s) => (s ? Math.min(...Object.values(s.snapshots)) : Infinity));
        latest = Math.max(...firsts);
        return Number.isFinite(latest);
      },
      60_000,
      'every view to restore its terminal',
    );
    return latest;
  };
  await restoredAt(framed ? await open() : [page.mainFrame()]);
  const times: number[] = [];
  const machineCpu: Array<number | null> = [];
  for (let r = 0; r < rounds; r++) {
    await sleep(1_000);
    const machine = new SystemCpu();
    await machine.start();
    const started = now();
    const frames = await open();
    times.push((await restoredAt(frames)) - started);
    machineCpu.push(await machine.stop());
  }
  await page.close();
  return { rounds: times, machineCpu };
}
