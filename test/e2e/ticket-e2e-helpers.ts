import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Page } from 'playwright-core';
import type { E2E } from './e2e-harness.js';

/**
 * Helpers shared by the ticket and terminal browser tests: a fake-codex scenario that streams
 * numbered ticks slowly, pages opened with init scripts, and ways to read what a terminal shows.
 */

export interface TickOptions {
  ticks: number;
  intervalMs: number;
  /** Lines per tick message (the first is `tick-NN`), so the transcript outgrows the screen. */
  linesPerTick?: number;
  /** Quiet time before the first tick, so a viewer can attach before any output. */
  leadMs?: number;
}

export const tickName = (n: number) => `tick-${String(n).padStart(2, '0')}`;

/** Writes a scenario that streams `ticks` agent messages `intervalMs` apart, then completes. */
export async function writeTickScenario(dir: string, name: string, options: TickOptions): Promise<string> {
  const steps: unknown[] = [{ sleep: options.leadMs ?? 0 }];
  for (let n = 1; n <= options.ticks; n++) {
    const filler = Array.from({ length: (options.linesPerTick ?? 1) - 1 }, (_, i) => `  detail ${i + 1} of ${tickName(n)}`);
    steps.push({ message: [tickName(n), ...filler].join('\n') }, { sleep: options.intervalMs });
  }
  const file = path.join(dir, `${name}.json`);
  await writeFile(file, JSON.stringify({ description: `${options.ticks} ticks ${options.intervalMs} ms apart`, threadId: `thr_${name}`, turns: [steps] }));
  return file;
}

export interface PageOptions {
  /** Make WebGL unavailable, so xterm uses its DOM renderer (whose text the test can read). */
  noWebgl?: boolean;
  /** Record every snapshot and live batch after xterm parsed it (works with any renderer). */
  probe?: boolean;
}

/** Like `E2E.page()`, but with init scripts installed before the app loads; collects page errors. */
export async function openPage(e2e: E2E, hash: string, options: PageOptions = {}): Promise<{ page: Page; errors: string[] }> {
  const page = await e2e.browser.newPage({ viewport: { width: 1400, height: 860 } });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(e.message));
  if (options.noWebgl) {
    await page.addInitScript(() => {
      const original = HTMLCanvasElement.prototype.getContext;
      HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
        if (type === 'webgl2' || type === 'webgl') return null;
        return (original as (...args: unknown[]) => RenderingContext | null).call(this, type, ...rest);
      } as typeof original;
    });
  }
  if (options.probe) {
    await page.addInitScript(() => {
      const w = window as unknown as { __probe: string[]; __BATON_TERMINAL_PROBE__: (id: string, data: string) => void };
      w.__probe = [];
      w.__BATON_TERMINAL_PROBE__ = (_id, data) => void w.__probe.push(data);
    });
  }
  await page.goto(`${e2e.baseUrl}/?token=${e2e.token}${hash}`);
  return { page, errors };
}

/** The rows the terminal pane shows now, as text (DOM renderer only). */
export async function screenText(page: Page): Promise<string> {
  const rows = page.locator('.terminal-pane .xterm-rows');
  if ((await rows.count()) === 0) return '';
  return (await rows.innerText()).replace(/\u00a0/g, ' ');
}

/** Everything the probe saw, joined. */
export async function probedText(page: Page): Promise<string> {
  return page.evaluate(() => (window as unknown as { __probe: string[] }).__probe.join(''));
}
