// `npm run bench`: every benchmark, one after another, each in its own Node process so that one's
// heap, JIT state and leftover work cannot colour the next one's CPU and lag figures.
// Nothing is written into the repository: benchmarks work in OS temp dirs and print to stdout.
//
//   npm run bench                               all of them
//   BENCH_ONLY=traces,worktrees npm run bench   a subset (names below)
import { spawn } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { describeMachine } from './lib/machine.js';

const BENCHMARKS: Array<{ name: string; file: string }> = [
  { name: 'terminals', file: 'terminal-streams.js' },
  { name: 'breakdown', file: 'terminal-breakdown.js' },
  { name: 'traces', file: 'trace-events.js' },
  { name: 'worktrees', file: 'worktrees.js' },
  { name: 'review', file: 'review.js' },
  { name: 'terminals-ui', file: 'terminals-ui.js' },
  { name: 'board', file: 'board/board-bench.js' },
  { name: 'workflow', file: 'workflow-parse.js' },
  { name: 'api', file: 'api-frameworks.js' },
];

/** A benchmark that has not finished by then is stuck, not slow: stop it and report the failure. */
const BENCH_TIMEOUT_MS = 15 * 60_000;

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.env.BENCH_ONLY?.split(',').map((s) => s.trim()).filter((s) => s !== '');

function runOne(file: string): Promise<number | string> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [path.join(here, file)], { stdio: 'inherit' });
    const timer = setTimeout(() => {
      if (child.pid !== undefined) child.kill('SIGKILL');
    }, BENCH_TIMEOUT_MS);
    child.once('error', (e) => resolve(e.message));
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      resolve(code ?? `signal ${signal ?? '?'}`);
    });
  });
}

console.log(`# baton benchmarks, ${new Date().toISOString()}`);
console.log(`# ${await describeMachine()}`);
const failed: string[] = [];
for (const bench of BENCHMARKS) {
  if (only && !only.includes(bench.name)) continue;
  console.log(`\n## ${bench.name}`);
  const started = performance.now();
  const outcome = await runOne(bench.file);
  console.log(`## ${bench.name} finished in ${((performance.now() - started) / 1000).toFixed(1)} s${outcome === 0 ? '' : ` — FAILED (${outcome})`}`);
  if (outcome !== 0) failed.push(bench.name);
}
if (failed.length > 0) {
  console.log(`\nfailed: ${failed.join(', ')}`);
  process.exitCode = 1;
}
