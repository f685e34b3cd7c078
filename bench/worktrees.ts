// Benchmark 3: 8 git worktrees created at once through WorkspaceManager (git mode, the engine's
// per-repository lock), on a synthetic repository, over several rounds; then removed at once.
//
//   node dist/bench/worktrees.js
//   BENCH_WT_FILES=30000 BENCH_WT_ROUNDS=3 BENCH_WT_CONCURRENT=8 node dist/bench/worktrees.js
import path from 'node:path';
import { HookRunner } from '../electron/engine/workspace/hooks.js';
import { KeyedMutex } from '../electron/engine/lib/keyed-mutex.js';
import { silentLogger } from '../electron/engine/lib/logger.js';
import { WorkspaceManager } from '../electron/engine/workspace/workspace-manager.js';
import { envNumber } from './lib/env-options.js';
import { LoadMeter } from './lib/load-meter.js';
import { describeMachine } from './lib/machine.js';
import { tempDir } from './lib/paths.js';
import { fixed } from './lib/table.js';
import { benchConfig } from './worktrees/bench-config.js';
import { isClean, makeRepo, trackedFiles } from './worktrees/synthetic-repo.js';

const files = envNumber('BENCH_WT_FILES', 5_000);
const rounds = envNumber('BENCH_WT_ROUNDS', 5);
const concurrent = envNumber('BENCH_WT_CONCURRENT', 8);

const percentile = (values: number[], p: number) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor((p / 100) * values.length))] ?? NaN;

console.log(`# worktrees: ${await describeMachine()}`);
const tmp = await tempDir('worktrees');
const logger = silentLogger();
const hooks = new HookRunner({ logger });
let manager: WorkspaceManager | null = null;
try {
  const built = performance.now();
  const repo = await makeRepo(tmp.path, files);
  console.log(`# repository of ${files} files built in ${fixed((performance.now() - built) / 1000, 1)} s; ${rounds} rounds × ${concurrent} concurrent creations`);
  const config = benchConfig(path.join(tmp.path, 'workspaces'), repo);
  manager = new WorkspaceManager({ config: () => config, hooks, logger, secretVarNames: () => [], repoMutex: new KeyedMutex() });
  const ws = manager;

  let createFailures = 0;
  let removeFailures = 0;
  let incomplete = 0;
  const roundMs: number[] = [];
  const eachMs: number[] = [];
  for (let round = 1; round <= rounds; round++) {
    const ids = Array.from({ length: concurrent }, (_, i) => `BENCH-${round}-${i}`);
    const meter = new LoadMeter();
    meter.start();
    const created = await Promise.all(
      ids.map(async (id) => {
        const started = performance.now();
        const result = await ws.ensure(id);
        eachMs.push(performance.now() - started);
        return result;
      }),
    );
    const load = meter.stop();
    roundMs.push(load.wallMs);
    const errors = created.flatMap((r) => (r.ok ? [] : [`${r.error.code}: ${r.error.message}`]));
    createFailures += errors.length;
    for (const r of created) {
      if (r.ok && (!r.value.createdNow || (await trackedFiles(r.value.path)) !== files || !(await isClean(r.value.path)))) incomplete++;
    }
    const removeStarted = performance.now();
    const removed = await Promise.all(ids.map((id) => ws.remove(id)));
    const removeMs = performance.now() - removeStarted;
    const removeErrors = removed.flatMap((r) => (r.ok ? [] : [`${r.error.code}: ${r.error.message}`]));
    removeFailures += removeErrors.length;
    console.log(
      `worktrees round=${round} concurrent=${concurrent} files=${files} create_failures=${errors.length} create_wall_s=${fixed(load.wallMs / 1000, 2)} ` +
        `engine_cpu_pct=${fixed(load.cpuPercent)} lag_max_ms=${fixed(load.lagMaxMs, 1)} remove_failures=${removeErrors.length} remove_wall_s=${fixed(removeMs / 1000, 2)}`,
    );
    for (const e of [...errors, ...removeErrors].slice(0, 3)) console.log(`  ${e}`);
  }
  const attempts = rounds * concurrent;
  console.log(
    `worktrees total attempts=${attempts} create_failures=${createFailures} incomplete_checkouts=${incomplete} remove_failures=${removeFailures} ` +
      `round_wall_s_median=${fixed(percentile(roundMs, 50) / 1000, 2)} round_wall_s_max=${fixed(Math.max(...roundMs) / 1000, 2)} ` +
      `per_worktree_s_p50=${fixed(percentile(eachMs, 50) / 1000, 2)} per_worktree_s_max=${fixed(Math.max(...eachMs) / 1000, 2)}`,
  );
  console.log(`worktrees verdict: zero failures ${createFailures + incomplete === 0 ? 'met' : 'MISSED'} (${createFailures + incomplete} of ${attempts})`);
} finally {
  await manager?.dispose();
  await hooks.dispose();
  await tmp.cleanup();
}
