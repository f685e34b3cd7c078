// Benchmark 1: engine CPU and event-loop lag with 10/50/100 pty agents streaming 50 KB/s each, and
// proof that no byte is lost on the way from the agent to the raw log and the headless screen copy.
//
//   node dist/bench/terminal-streams.js
//   BENCH_SESSIONS=100 BENCH_WINDOW_S=30 node dist/bench/terminal-streams.js
import { envList, envNumber } from './lib/env-options.js';
import { describeMachine } from './lib/machine.js';
import { fixed, formatTable } from './lib/table.js';
import { runRound, type RoundResult } from './terminals/terminal-round.js';

/** DESIGN.md: 100 sessions × 50 KB/s → engine CPU < 15 % of a core, lag p99 < 50 ms, no byte lost. */
const TARGET_CPU_PERCENT = 15;
const TARGET_LAG_P99_MS = 50;

const sessionCounts = envList('BENCH_SESSIONS', [10, 50, 100]);
const windowMs = envNumber('BENCH_WINDOW_S', 10) * 1000;
const rate = envNumber('BENCH_RATE', 50 * 1024);
/** ≥ 10 ms between spawns (performance-and-reliability.md §0): 100 sessions start over 2 s. */
const staggerMs = envNumber('BENCH_STAGGER_MS', 20);
/** Four terminals on screen: a typical split layout. */
const visible = envNumber('BENCH_VISIBLE', 4);
/** `feeder` (default): one feeder process + `cat` per pty; `agent`: one fake-pty-agent (Node) per pty. */
const producer = process.env.BENCH_PRODUCER === 'agent' ? 'agent' : 'feeder';
/** Streaming before the window opens; 0 measures from the first lines on, as the first results did. */
const warmupMs = envNumber('BENCH_WARMUP_S', 0) * 1000;

console.log(`# terminal-streams: ${await describeMachine()}`);
console.log(`# producer: ${producer === 'agent' ? 'one fake-pty-agent (node) per session' : 'one feeder process, `cat <fifo>` in each pty'}`);
console.log(`# each session streams ${fixed(rate / 1024, 0)} KiB/s; window ${windowMs / 1000} s once all stream (after ${warmupMs / 1000} s of warm-up); ${visible} visible acking viewers; spawns ${staggerMs} ms apart`);

const results: RoundResult[] = [];
for (const sessions of sessionCounts) {
  // A login shell costs ~0.1 s of CPU here (profile scripts), plus Node for a fake agent: 100 of
  // them take seconds to start on 2 cores. The feeder starts as soon as all are up; fake agents
  // must be told up front how long to stream, so for them this is also dead time.
  const startupAllowanceMs = envNumber('BENCH_STARTUP_S', Math.max(10, sessions * 0.3)) * 1000;
  const r = await runRound({ sessions, windowMs, staggerMs, rateBytesPerS: rate, visible, startupAllowanceMs, producer, warmupMs });
  results.push(r);
  const w = r.window;
  console.log(
    `terminals sessions=${r.sessions} window_s=${fixed(w.wallMs / 1000, 1)} mb_per_s=${fixed(r.mbPerS, 2)} ` +
      `engine_cpu_pct=${fixed(w.cpuPercent)} lag_p50_ms=${fixed(w.lagP50Ms, 2)} lag_p99_ms=${fixed(w.lagP99Ms, 2)} lag_max_ms=${fixed(w.lagMaxMs, 1)} ` +
      `rss_mb=${fixed(w.rssMb, 0)} machine_cpu_pct=${r.machineCpuPercent === null ? '-' : fixed(r.machineCpuPercent, 0)} ` +
      `viewer_batches_per_s=${fixed(r.viewerBatchesPerS, 0)} viewer_resets=${r.viewerResets} ` +
      `startup_s=${fixed(r.startup.wallMs / 1000, 1)} startup_lag_max_ms=${fixed(r.startup.lagMaxMs, 0)} not_streaming=${r.notStreaming} ` +
      `produced_bytes=${r.produced} lost_bytes=${r.lost} path_mismatches=${r.pathMismatches} failed_runs=${r.failedRuns.length} ` +
      `producer_max_backlog_bytes=${r.maxBacklog ?? '-'}`,
  );
  for (const failure of r.failedRuns.slice(0, 5)) console.log(`  failed run: ${failure}`);
}

console.log('');
console.log(
  formatTable(
    ['sessions', 'MB/s', 'engine CPU %', 'lag p50 ms', 'lag p99 ms', 'lag max ms', 'bytes lost', 'machine CPU %'],
    results.map((r) => [
      String(r.sessions),
      fixed(r.mbPerS, 2),
      fixed(r.window.cpuPercent),
      fixed(r.window.lagP50Ms, 2),
      fixed(r.window.lagP99Ms, 2),
      fixed(r.window.lagMaxMs, 1),
      `${r.lost} of ${r.produced}`,
      r.machineCpuPercent === null ? '-' : fixed(r.machineCpuPercent, 0),
    ]),
  ),
);
const largest = results.at(-1);
if (largest) {
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  console.log(
    `terminals verdict at ${largest.sessions} sessions: cpu ${met(largest.window.cpuPercent < TARGET_CPU_PERCENT)} (< ${TARGET_CPU_PERCENT} %), ` +
      `lag p99 ${met(largest.window.lagP99Ms < TARGET_LAG_P99_MS)} (< ${TARGET_LAG_P99_MS} ms), ` +
      `no byte lost ${met(largest.lost === 0 && largest.pathMismatches === 0 && largest.failedRuns.length === 0)}`,
  );
}
