// Benchmark 2: trace events into SQLite through the engine's Store/TraceStore (group commit: 1,000
// events or 50 ms per transaction, WAL, synchronous=NORMAL).
//   burst  append N events as fast as the loop allows (1,000 per turn), until the last is committed
//   paced  the design load, 10,000 events/s in 10 ms ticks, with the store's own timer flushing
//
//   node dist/bench/trace-events.js
//   BENCH_TRACE_EVENTS=500000 BENCH_TRACE_PACED_S=10 node dist/bench/trace-events.js
import os from 'node:os';
import path from 'node:path';
import Database from 'libsql';
import { systemClock } from '../electron/engine/lib/clock.js';
import { silentLogger } from '../electron/engine/lib/logger.js';
import { Store } from '../electron/engine/store/store.js';
import { envNumber } from './lib/env-options.js';
import { LoadMeter, type LoadSample } from './lib/load-meter.js';
import { describeMachine } from './lib/machine.js';
import { sleep, tempDir } from './lib/paths.js';
import { fixed } from './lib/table.js';
import { makeTraceEvent, rowBytes } from './traces/trace-event-factory.js';

/** DESIGN.md: ≥ 10,000 events/s into SQLite. */
const TARGET_EVENTS_PER_S = 10_000;
/** Events appended per turn of the event loop in the burst: one group commit's worth. */
const BURST_SLICE = 1_000;
/** Paced mode tick: 100 events every 10 ms is 10,000/s arriving in small bunches, as from many agents. */
const PACE_TICK_MS = 10;

const total = envNumber('BENCH_TRACE_EVENTS', 200_000);
const pacedRate = envNumber('BENCH_TRACE_PACED_RATE', TARGET_EVENTS_PER_S);
const pacedMs = envNumber('BENCH_TRACE_PACED_S', 5) * 1000;

interface Run {
  load: LoadSample;
  /** Events appended. */
  events: number;
  /** Wall time spent inside TraceStore.flush (the SQLite transactions), ms. */
  flushMs: number;
}

interface Outcome extends Run {
  /** Rows in the file afterwards, counted through a separate connection. */
  stored: number;
  lastError: string | null;
}

async function withStore(name: string, fn: (store: Store) => Promise<Omit<Run, 'flushMs'>>): Promise<Outcome> {
  const tmp = await tempDir(`traces-${name}`);
  const dbPath = path.join(tmp.path, 'state.db');
  try {
    const opened = Store.open({ path: dbPath, clock: systemClock, logger: silentLogger() });
    if (!opened.ok) throw new Error(opened.error.message);
    const store = opened.value;
    let run: Run;
    let lastError: string | null;
    const flushTime = timeFlushes(store);
    try {
      run = { ...(await fn(store)), flushMs: flushTime() };
      lastError = store.traces.lastError?.message ?? null;
    } finally {
      store.dispose();
    }
    const check = new Database(dbPath, { readonly: true });
    const stored = Number((check.prepare('SELECT COUNT(*) FROM trace_events').raw(true).get() as unknown[])[0]);
    check.close();
    return { ...run, stored, lastError };
  } finally {
    await tmp.cleanup();
  }
}

/**
 * Wraps the store's flush to time the SQLite side alone; what is left of the engine-thread time
 * is append() itself (numbering, JSON.stringify, queueing). Benchmark-only instrumentation.
 */
function timeFlushes(store: Store): () => number {
  const traces = store.traces;
  const flush = traces.flush.bind(traces);
  let ms = 0;
  traces.flush = () => {
    const started = performance.now();
    try {
      return flush();
    } finally {
      ms += performance.now() - started;
    }
  };
  return () => ms;
}

async function burst(store: Store): Promise<Omit<Run, 'flushMs'>> {
  const at = new Date().toISOString();
  const meter = new LoadMeter();
  meter.start();
  for (let n = 0; n < total; n += BURST_SLICE) {
    for (let k = n; k < Math.min(total, n + BURST_SLICE); k++) store.traces.append(makeTraceEvent(k, at));
    await new Promise((resolve) => setImmediate(resolve));
  }
  const flushed = store.traces.flush();
  if (!flushed.ok) throw new Error(flushed.error.message);
  return { load: meter.stop(), events: total };
}

async function paced(store: Store): Promise<Omit<Run, 'flushMs'>> {
  const perTick = Math.round((pacedRate * PACE_TICK_MS) / 1000);
  const meter = new LoadMeter();
  meter.start();
  const started = Date.now();
  let n = 0;
  for (let tick = 1; Date.now() - started < pacedMs; tick++) {
    const at = new Date().toISOString();
    for (let k = 0; k < perTick; k++) store.traces.append(makeTraceEvent(n++, at));
    await sleep(Math.max(0, started + tick * PACE_TICK_MS - Date.now()));
  }
  // The last events wait for the store's own 50 ms timer, as they would in the engine.
  while (store.traces.queuedCount > 0) await sleep(5);
  return { load: meter.stop(), events: n };
}

console.log(`# trace-events: ${await describeMachine()}`);
console.log(`# database under ${os.tmpdir()} (WAL, synchronous=NORMAL); ~${rowBytes(makeTraceEvent(0, new Date().toISOString()))} bytes per row`);

const b = await withStore('burst', burst);
const burstRate = total / (b.load.wallMs / 1000);
console.log(
  `traces mode=burst events=${total} stored=${b.stored} wall_s=${fixed(b.load.wallMs / 1000, 2)} events_per_s=${fixed(burstRate, 0)} ` +
    `cpu_us_per_event=${fixed((b.load.cpuMs * 1000) / total, 2)} sqlite_us_per_event=${fixed((b.flushMs * 1000) / total, 2)} engine_cpu_pct=${fixed(b.load.cpuPercent)} ` +
    `lag_p99_ms=${fixed(b.load.lagP99Ms, 1)} lag_max_ms=${fixed(b.load.lagMaxMs, 1)} last_error=${b.lastError ?? 'none'}`,
);
const p = await withStore('paced', paced);
console.log(
  `traces mode=paced target_events_per_s=${pacedRate} events=${p.events} stored=${p.stored} wall_s=${fixed(p.load.wallMs / 1000, 2)} ` +
    `events_per_s=${fixed(p.events / (p.load.wallMs / 1000), 0)} engine_cpu_pct=${fixed(p.load.cpuPercent)} cpu_us_per_event=${fixed((p.load.cpuMs * 1000) / Math.max(1, p.events), 2)} ` +
    `sqlite_us_per_event=${fixed((p.flushMs * 1000) / Math.max(1, p.events), 2)} ` +
    `lag_p50_ms=${fixed(p.load.lagP50Ms, 2)} lag_p99_ms=${fixed(p.load.lagP99Ms, 1)} lag_max_ms=${fixed(p.load.lagMaxMs, 1)} last_error=${p.lastError ?? 'none'}`,
);
const lost = total - b.stored + (p.events - p.stored);
console.log(
  `traces verdict: ${burstRate >= TARGET_EVENTS_PER_S ? 'met' : 'MISSED'} (${fixed(burstRate, 0)} events/s sustained vs ≥ ${TARGET_EVENTS_PER_S}); ` +
    `design load costs ${fixed(p.load.cpuPercent)} % of a core; events not stored: ${lost}`,
);
