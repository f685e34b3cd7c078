import type { Frame, Page } from 'playwright-core';

/**
 * What the page records, per frame, through the renderer's `__BATON_TERMINAL_PROBE__` hook (called
 * once xterm has parsed a batch). Times are epoch ms with sub-ms precision (timeOrigin + now), the
 * same clock the stamp agent writes, so agent → screen latency is a plain difference.
 */
export interface ProbeState {
  /** Per stamp: when it was written, parsed, and the next animation frame (when it is drawn). */
  stamps: Array<{ stamp: number; parsedAt: number; frameAt: number }>;
  /** First snapshot parsed per terminal id. */
  snapshots: Record<string, number>;
  /** Chars of live output parsed, per terminal id. */
  chars: Record<string, number>;
  /** The keystroke being timed: set by the benchmark, completed by keydown and the echo. */
  key: { ch: string; downAt: number | null; parsedAt: number | null; frameAt: number | null } | null;
}

/** Installed with addInitScript, so it is in place (in every frame) before the app starts. */
export function installProbe(): void {
  const now = () => performance.timeOrigin + performance.now();
  const state: ProbeState = { stamps: [], snapshots: {}, chars: {}, key: null };
  const carry: Record<string, string> = {};
  const w = window as unknown as { __bench: ProbeState; __BATON_TERMINAL_PROBE__: (id: string, data: string, kind: string) => void };
  w.__bench = state;
  window.addEventListener(
    'keydown',
    () => {
      if (state.key && state.key.downAt === null) state.key.downAt = now();
    },
    true,
  );
  w.__BATON_TERMINAL_PROBE__ = (id, data, kind) => {
    const at = now();
    if (kind === 'snapshot') {
      state.snapshots[id] ??= at;
      return;
    }
    state.chars[id] = (state.chars[id] ?? 0) + data.length;
    const lines = ((carry[id] ?? '') + data).split('\n');
    carry[id] = (lines.pop() ?? '').slice(-200);
    const found: number[] = [];
    for (const line of lines) {
      const m = /STAMP (\d+\.\d+)/.exec(line);
      if (m) found.push(Number(m[1]));
    }
    const key = state.key;
    const echoed = key !== null && key.downAt !== null && key.parsedAt === null && data.includes(key.ch);
    if (echoed) key.parsedAt = at;
    if (found.length === 0 && !echoed) return;
    requestAnimationFrame(() => {
      const frameAt = now();
      for (const stamp of found) state.stamps.push({ stamp, parsedAt: at, frameAt });
      if (echoed) key.frameAt = frameAt;
    });
  };
}

/** `BENCH_UI_RENDERER=dom`: no WebGL contexts, so xterm draws with its DOM renderer. */
export function blockWebgl(): void {
  const original = HTMLCanvasElement.prototype.getContext;
  HTMLCanvasElement.prototype.getContext = function (this: HTMLCanvasElement, type: string, ...rest: unknown[]) {
    if (type === 'webgl2' || type === 'webgl') return null;
    return (original as (...args: unknown[]) => RenderingContext | null).call(this, type, ...rest);
  } as typeof original;
}

export function readProbe(target: Page | Frame): Promise<ProbeState> {
  return target.evaluate(() => (window as unknown as { __bench: ProbeState }).__bench);
}

export function resetStamps(target: Page | Frame): Promise<void> {
  return target.evaluate(() => {
    (window as unknown as { __bench: ProbeState }).__bench.stamps = [];
  });
}

/** Replaces the page's content with one same-origin iframe per ticket view: one renderer, one main thread. */
export async function showTickets(page: Page, baseUrl: string, identifiers: readonly string[]): Promise<Frame[]> {
  await page.evaluate(
    ({ baseUrl, identifiers }) => {
      document.documentElement.innerHTML = '<body style="margin:0;display:flex;flex-wrap:wrap;background:#000"></body>';
      const width = identifiers.length <= 2 ? 50 : 25;
      for (const id of identifiers) {
        const frame = document.createElement('iframe');
        frame.name = id;
        frame.src = `${baseUrl}/#/ticket/${id}`;
        frame.style.cssText = `width:${width}vw;height:${identifiers.length <= 4 ? 100 : 50}vh;border:0`;
        document.body.appendChild(frame);
      }
    },
    { baseUrl, identifiers },
  );
  const frames: Frame[] = [];
  for (const id of identifiers) {
    const deadline = Date.now() + 30_000;
    let frame = page.frame({ name: id });
    while (!frame && Date.now() < deadline) {
      await new Promise((resolve) => setTimeout(resolve, 50));
      frame = page.frame({ name: id });
    }
    if (!frame) throw new Error(`frame for ${id} did not appear`);
    frames.push(frame);
  }
  return frames;
}
