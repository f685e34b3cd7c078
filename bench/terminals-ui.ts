// Benchmark: terminals in the real renderer (Chromium) against `baton serve`. Pty agents print
// timestamps; the page notes when xterm has parsed each one and the frame after, so output → screen
// latency is measured end to end (agent → pty → engine → WebSocket → xterm → frame), idle and while
// another terminal on the same page floods. Then keystroke → echo in an operator shell, and how long
// a reloaded window takes until every terminal on it shows its restored screen.
//
//   node dist/bench/terminals-ui.js            (after `npm run build`; needs Chromium)
//   BENCH_UI_WINDOW_S=20 BENCH_UI_SESSIONS=8 node dist/bench/terminals-ui.js
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { chromium } from 'playwright-core';
import { findBenchChromium } from './lib/chromium.js';
import { envNumber } from './lib/env-options.js';
import { describeMachine, SystemCpu } from './lib/machine.js';
import { repoRoot, sleep, tempDir } from './lib/paths.js';
import { fixed, formatTable } from './lib/table.js';
import { readProbe } from './terminals-ui/page-probe.js';
import { measureEcho, measureLatency, measureReload, openLatencyPage, waitUntil } from './terminals-ui/phases.js';
import { serve } from './terminals-ui/serve.js';
import { summarize, type Summary } from './terminals-ui/stats.js';

/** DESIGN.md targets. */
const TARGET_SCREEN_P95_MS = 50;
const TARGET_FLOOD_P95_MS = 100;
const TARGET_ECHO_ADDED_P50_MS = 16;
const TARGET_RELOAD_MS = 2_000;

const windowMs = envNumber('BENCH_UI_WINDOW_S', 10) * 1000;
/** Live terminals for the reload round: 8 is the WebGL budget, a full screen of terminals. */
const sessions = Math.max(2, envNumber('BENCH_UI_SESSIONS', 8));
const keys = envNumber('BENCH_UI_KEYS', 40);
const reloads = envNumber('BENCH_UI_RELOADS', 3);
/** The flood runs a little longer than the window it is measured in. */
const floodSeconds = Math.ceil(windowMs / 1000) + 3;

const root = repoRoot();
const agentScript = path.join(root, 'dist', 'bench', 'terminals-ui', 'stamp-agent.js');
if (!existsSync(path.join(root, 'dist', 'renderer', 'index.html')) || !existsSync(agentScript)) {
  console.log('terminals-ui skipped: the renderer or the benchmark is not built (run `npm run build`).');
  process.exit(0);
}
const browserFound = await findBenchChromium(root);
if (!browserFound.ok) {
  console.log(`terminals-ui skipped: ${browserFound.message}.`);
  process.exit(0);
}
const executablePath = browserFound.path;

console.log(`# terminals-ui: ${await describeMachine()}`);
console.log(`# ${sessions} pty sessions printing a timestamp every 20 ms; windows of ${windowMs / 1000} s; flood = 64 KiB writes as fast as the pty takes them`);

const tmp = await tempDir('terminals-ui');
const gate = path.join(tmp.path, 'flood.go');
const engine = await serve(root, tmp.path, agentScript, { BENCH_FLOOD_GATE: gate });
const browser = await chromium.launch({
  executablePath,
  args: [
    ...['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--disable-dev-shm-usage'],
    // A document fulfilled by Playwright (the framing route in phases.ts) has no IP address space,
    // so Local Network Access would refuse its frames' WebSocket to the loopback engine.
    '--disable-features=LocalNetworkAccessChecks',
  ],
});
/** Engine and whole-machine CPU (% of one core) while `fn` runs. */
async function load<T>(fn: () => Promise<T>): Promise<{ result: T; text: string }> {
  const machine = new SystemCpu();
  await machine.start();
  const engineBefore = await engine.cpuSeconds();
  const started = performance.now();
  const result = await fn();
  const seconds = (performance.now() - started) / 1000;
  const engineAfter = await engine.cpuSeconds();
  const machinePct = await machine.stop();
  const enginePct = engineBefore === null || engineAfter === null ? NaN : ((engineAfter - engineBefore) / seconds) * 100;
  return { result, text: `engine_cpu_pct=${fixed(enginePct, 0)} machine_cpu_pct=${machinePct === null ? '-' : fixed(machinePct, 0)}` };
}
const line = (name: string, s: Summary) => `${name}_p50_ms=${fixed(s.p50)} ${name}_p95_ms=${fixed(s.p95)} ${name}_p99_ms=${fixed(s.p99)} ${name}_max_ms=${fixed(s.max)} ${name}_n=${s.n}`;

try {
  await engine.api('POST', '/api/v1/tickets', { title: 'mode=stamp' });
  await engine.api('POST', '/api/v1/tickets', { title: `mode=flood seconds=${floodSeconds}` });
  for (let i = 3; i <= sessions; i++) await engine.api('POST', '/api/v1/tickets', { title: 'mode=stamp' });
  const identifiers = Array.from({ length: sessions }, (_, i) => `BAT-${i + 1}`);
  await waitUntil(
    async () => (await engine.api<{ running: Array<{ terminal_id: string | null }> }>('GET', '/api/v1/state')).running.filter((r) => r.terminal_id).length >= sessions,
    60_000,
    'every session to start',
  );

  const { page, stampFrame, floodFrame } = await openLatencyPage(browser, engine);
  const webgl = ((await stampFrame.locator('.terminal-status').textContent()) ?? '').includes('WebGL');
  const idleLoad = await load(() => measureLatency(stampFrame, windowMs));
  const idle = idleLoad.result;
  console.log(`latency_idle ${line('screen', idle.screen)} ${line('parsed', idle.parsed)} webgl=${webgl} ${idleLoad.text}`);

  await writeFile(gate, 'go');
  await sleep(500);
  const floodBefore = Object.values((await readProbe(floodFrame)).chars).reduce((a, b) => a + b, 0);
  const floodLoad = await load(() => measureLatency(stampFrame, windowMs));
  const flood = floodLoad.result;
  const floodChars = Object.values((await readProbe(floodFrame)).chars).reduce((a, b) => a + b, 0) - floodBefore;
  console.log(`latency_flood ${line('screen', flood.screen)} ${line('parsed', flood.parsed)} flood_view_mb_per_s=${fixed(floodChars / (windowMs / 1000) / 1e6, 2)} ${floodLoad.text}`);
  await page.close();
  await sleep(Math.max(0, floodSeconds * 1000 - windowMs) + 1_000);

  const echo = await measureEcho(browser, engine, tmp.path, keys);
  const added = echo.screen.p50 - echo.baseline.p50;
  console.log(`echo ${line('screen', echo.screen)} ${line('parsed', echo.parsed)} ${line('pty_only', echo.baseline)} added_p50_ms=${fixed(added)} misses=${echo.misses}`);

  const reload = await measureReload(browser, engine, identifiers, reloads);
  const single = await measureReload(browser, engine, ['BAT-1'], reloads);
  const many = summarize(reload.rounds);
  const one = summarize(single.rounds);
  const cpu = (r: typeof reload) => r.machineCpu.map((c) => (c === null ? '-' : fixed(c, 0))).join(',');
  console.log(`reload views=${identifiers.length} rounds_ms=${reload.rounds.map((t) => fixed(t, 0)).join(',')} max_ms=${fixed(many.max, 0)} machine_cpu_pct=${cpu(reload)}`);
  console.log(`reload views=1 rounds_ms=${single.rounds.map((t) => fixed(t, 0)).join(',')} max_ms=${fixed(one.max, 0)} machine_cpu_pct=${cpu(single)}`);

  console.log('');
  const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(
    formatTable(
      ['measure', 'p50 ms', 'p95 ms', 'max ms', 'target', 'verdict'],
      [
        ['output → screen, idle', fixed(idle.screen.p50), fixed(idle.screen.p95), fixed(idle.screen.max), `p95 < ${TARGET_SCREEN_P95_MS}`, verdict(idle.screen.p95 < TARGET_SCREEN_P95_MS)],
        ['output → screen, other view flooding', fixed(flood.screen.p50), fixed(flood.screen.p95), fixed(flood.screen.max), `p95 < ${TARGET_FLOOD_P95_MS}`, verdict(flood.screen.p95 < TARGET_FLOOD_P95_MS)],
        ['keystroke → echo (total)', fixed(echo.screen.p50), fixed(echo.screen.p95), fixed(echo.screen.max), '', ''],
        ['keystroke → echo, pty alone', fixed(echo.baseline.p50), fixed(echo.baseline.p95), fixed(echo.baseline.max), '', ''],
        ['keystroke → echo, added by Baton', fixed(added), '', '', `p50 < ${TARGET_ECHO_ADDED_P50_MS}`, verdict(added < TARGET_ECHO_ADDED_P50_MS)],
        [`reload → ${identifiers.length} views restored`, fixed(many.p50, 0), '', fixed(many.max, 0), `< ${TARGET_RELOAD_MS}`, verdict(many.max < TARGET_RELOAD_MS)],
        ['reload → 1 view restored', fixed(one.p50, 0), '', fixed(one.max, 0), `< ${TARGET_RELOAD_MS}`, verdict(one.max < TARGET_RELOAD_MS)],
      ],
    ),
  );
} finally {
  await browser.close().catch(() => undefined);
  await engine.stop();
  await tmp.cleanup();
}
