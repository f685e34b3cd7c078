// Benchmark 1b: where the engine's terminal CPU goes. The same load as terminal-streams (N ptys at
// 50 KB/s each, fed by the feeder) through three growing stages of the output path:
//   pty     node-pty reading only (PtyProcess, output counted and dropped)
//   screen  + TerminalSession without raw log (headless xterm screen copy, fed in bulk every ~250 ms;
//           no viewers, so no 8 ms batching)
//   full    + raw log (what every engine session does; no viewers)
//
//   node dist/bench/terminal-breakdown.js
//   BENCH_BREAKDOWN_SESSIONS=50 BENCH_BREAKDOWN_WINDOW_S=10 node dist/bench/terminal-breakdown.js
//   BENCH_FEED_EVERY_MS=100 node dist/bench/terminal-breakdown.js   (same bytes in 5× fewer reads)
// It ends with the floor of the screen copy: the same bytes parsed by xterm in bulk.
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { PtyProcess } from '../electron/engine/terminals/pty-process.js';
import { TerminalSession } from '../electron/engine/terminals/terminal-session.js';
import type { TerminalSink } from '../electron/engine/terminals/terminal-sink.js';
import { envNumber } from './lib/env-options.js';
import { LoadMeter, type LoadSample } from './lib/load-meter.js';
import { describeMachine } from './lib/machine.js';
import { sleep, tempDir } from './lib/paths.js';
import { fixed, formatTable } from './lib/table.js';
import { bulkParseMbPerCpuSecond } from './terminals/bulk-parse.js';
import { FeederProducer } from './terminals/feeder-producer.js';

type Stage = 'pty' | 'screen' | 'full';

const sessions = envNumber('BENCH_BREAKDOWN_SESSIONS', 100);
const windowMs = envNumber('BENCH_BREAKDOWN_WINDOW_S', 5) * 1000;
const rate = envNumber('BENCH_RATE', 50 * 1024);
const staggerMs = envNumber('BENCH_STAGGER_MS', 20);
/** How often each stream writes: 20 ms as the fake agent; 100 ms shows the cost per read vs per byte. */
const writeEveryMs = envNumber('BENCH_FEED_EVERY_MS', 20);
const startupMs = envNumber('BENCH_STARTUP_S', Math.max(10, sessions * 0.3)) * 1000;
/** Streaming before the window opens (see terminal-round.ts); 0 as in the first results. */
const warmupMs = envNumber('BENCH_WARMUP_S', 0) * 1000;

interface StageResult {
  stage: Stage;
  load: LoadSample;
  chunksPerS: number;
  mbPerS: number;
}

async function runStage(stage: Stage): Promise<StageResult> {
  const tmp = await tempDir(`breakdown-${stage}`);
  const logDir = path.join(tmp.path, 'sessions');
  await mkdir(logDir);
  const procs: PtyProcess[] = [];
  const terminals: TerminalSession[] = [];
  const received = Array.from({ length: sessions }, () => 0);
  let chunks = 0;
  let feeder: FeederProducer | null = null;
  try {
    feeder = await FeederProducer.create(tmp.path, sessions, rate, writeEveryMs);
    for (let i = 0; i < sessions; i++) {
      let sink: TerminalSink | undefined;
      if (stage !== 'pty') {
        const terminal = new TerminalSession({ id: `s${i}`, cols: 120, rows: 32, rawLogDir: stage === 'full' ? logDir : null });
        terminals.push(terminal);
        sink = terminal;
      }
      const spawned = PtyProcess.spawn({ command: feeder.session(i).command, cwd: tmp.path, env: { ...process.env } as Record<string, string>, cols: 120, rows: 32, sink });
      if (!spawned.ok) throw new Error(spawned.error.message);
      spawned.value.onData((data) => {
        chunks++;
        received[i] = (received[i] ?? 0) + data.length;
      });
      procs.push(spawned.value);
      await sleep(staggerMs);
    }
    await feeder.begin(Date.now() + startupMs, () => received.every((n) => n > 4096));
    await sleep(warmupMs);
    const meter = new LoadMeter();
    const chunksBefore = chunks;
    const bytesBefore = received.reduce((a, b) => a + b, 0);
    meter.start();
    await sleep(windowMs);
    const load = meter.stop();
    const seconds = load.wallMs / 1000;
    const result = { stage, load, chunksPerS: (chunks - chunksBefore) / seconds, mbPerS: (received.reduce((a, b) => a + b, 0) - bytesBefore) / 1e6 / seconds };
    await feeder.end();
    await Promise.all(procs.map((p) => Promise.race([p.exited, sleep(10_000)])));
    return result;
  } finally {
    await Promise.all(procs.map((p) => p.dispose()));
    await feeder?.dispose();
    await Promise.all(terminals.map((t) => t.dispose()));
    await tmp.cleanup();
  }
}

console.log(`# terminal-breakdown: ${await describeMachine()}`);
console.log(`# ${sessions} sessions × ${fixed(rate / 1024, 0)} KiB/s, window ${windowMs / 1000} s after ${warmupMs / 1000} s of warm-up, feeder + cat producers writing every ${writeEveryMs} ms`);
const results: StageResult[] = [];
for (const stage of ['pty', 'screen', 'full'] as const) {
  const r = await runStage(stage);
  results.push(r);
  console.log(
    `breakdown stage=${r.stage} sessions=${sessions} mb_per_s=${fixed(r.mbPerS, 2)} chunks_per_s=${fixed(r.chunksPerS, 0)} engine_cpu_pct=${fixed(r.load.cpuPercent)} ` +
      `lag_p50_ms=${fixed(r.load.lagP50Ms, 2)} lag_p99_ms=${fixed(r.load.lagP99Ms, 2)} lag_max_ms=${fixed(r.load.lagMaxMs, 1)}`,
  );
}
console.log('');
console.log(
  formatTable(
    ['stage', 'MB/s', 'pty reads/s', 'engine CPU %', 'added CPU %', 'µs CPU per read', 'lag p99 ms'],
    results.map((r, i) => [
      r.stage,
      fixed(r.mbPerS, 2),
      fixed(r.chunksPerS, 0),
      fixed(r.load.cpuPercent),
      fixed(r.load.cpuPercent - (i > 0 ? (results[i - 1]?.load.cpuPercent ?? 0) : 0)),
      fixed((r.load.cpuMs * 1000) / Math.max(1, r.chunksPerS * (r.load.wallMs / 1000)), 0),
      fixed(r.load.lagP99Ms, 2),
    ]),
  ),
);
const parseRate = await bulkParseMbPerCpuSecond(sessions, 64 * 1024 * 1024);
const full = results.at(-1);
console.log(
  `breakdown bulk_parse_mb_per_cpu_s=${fixed(parseRate, 1)} ` +
    `screen_copy_floor_pct_at_${fixed(full?.mbPerS ?? 0, 2)}_mb_per_s=${fixed(((full?.mbPerS ?? 0) / parseRate) * 100)}`,
);
