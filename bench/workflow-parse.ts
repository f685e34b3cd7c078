// Benchmark 7: WORKFLOW.md parsing (issue 7 M1). How long YAML and Liquid take on large input, and
// how long the engine's event loop is held while a reload evaluates such a file: parsing runs on
// the parse worker, so only reading, splitting and building the config stay on the loop.
//   inline  liquid.parse / yaml parseDocument on this thread: what a reload used to block for
//   worker  evaluateWorkflow (the store's reload path) through the WorkflowParser, wall time
//   held    the longest piece of that evaluation that runs on the event loop: splitting the text,
//           taking the parsed front matter off the worker (a structured clone), building the
//           config. Each is timed alone, best of 5, so a loaded machine's scheduling does not count.
//   lag     the event-loop delay seen during the evaluation (monitorEventLoopDelay): held time
//           plus whatever the OS scheduler added; on a busy 2-core box the second dominates.
//
//   node dist/bench/workflow-parse.js
//   BENCH_WF_SIZES_KB=16,64,256,1024 node dist/bench/workflow-parse.js
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { Liquid } from 'liquidjs';
import { parseDocument } from 'yaml';
import { systemClock } from '../electron/engine/lib/clock.js';
import { buildServiceConfig } from '../electron/engine/workflow/config.js';
import { evaluateWorkflow, WORKFLOW_MAX_BYTES } from '../electron/engine/workflow/evaluate-workflow.js';
import { definitionOf, splitWorkflowText } from '../electron/engine/workflow/loader.js';
import { WorkflowParser } from '../electron/engine/workflow/parser/workflow-parser.js';
import { envList } from './lib/env-options.js';
import { describeMachine } from './lib/machine.js';
import { fixed, formatTable } from './lib/table.js';

/** DESIGN.md: "The main thread of no process blocks"; issue 7 asks for no more than a few ms. */
const TARGET_LOOP_MS = 5;

// 63 KB and 1000 KB: just under the front matter's and the file's limits.
const sizesKb = envList('BENCH_WF_SIZES_KB', [16, 63, 256, 1000]);

/** The file's shapes: a long prompt of plain text, dense `{{ }}` outputs (liquidjs's slowest), many `{% if %}` tags, and front matter with many keys (yaml's slowest). */
const SHAPES: Record<string, (bytes: number) => string> = {
  prose: (n) => `---\nagent:\n  max_turns: 5\n---\n${'A line of instructions for the agent.\n'.repeat(Math.floor(n / 38))}`,
  outputs: (n) => `---\nagent:\n  max_turns: 5\n---\n${'{{ issue.title }} '.repeat(Math.floor(n / 18))}`,
  ifs: (n) => `---\nagent:\n  max_turns: 5\n---\n${'{% if attempt %}x{% endif %}'.repeat(Math.floor(n / 28))}`,
  yaml_keys: (n) => `---\n${keys(n)}\n---\nWork on {{ issue.identifier }}.`,
};

/** `n` bytes of YAML keys (the front matter's own limit refuses more than 64 KiB). */
function keys(n: number): string {
  const lines: string[] = [];
  for (let i = 0, bytes = 0; bytes < n - 40; i++) {
    const line = `extra_key_${i}: value number ${i}`;
    lines.push(line);
    bytes += line.length + 1;
  }
  return lines.join('\n');
}

/** Best of `runs`: scheduling noise only ever adds time. */
function bestMs(fn: () => void, runs = 5): number {
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    fn();
    best = Math.min(best, performance.now() - started);
  }
  return best;
}

/** Parse time on this thread, and the longest piece of the worker path that stays on it. */
function onThisThread(text: string): { inlineMs: number; heldMs: number } {
  const split = splitWorkflowText(text, '/bench/WORKFLOW.md');
  if (!split.ok) throw new Error(split.error.message);
  const started = performance.now();
  const yaml = parseDocument(split.value.frontMatter ?? '').toJS() as unknown;
  try {
    new Liquid({ strictVariables: true, strictFilters: true }).parse(split.value.prompt);
  } catch {
    // Only the time matters here.
  }
  const inlineMs = performance.now() - started;
  const splitMs = bestMs(() => splitWorkflowText(text, '/bench/WORKFLOW.md'));
  const cloneMs = bestMs(() => structuredClone(yaml));
  const definition = definitionOf(split.value, { ok: true, value: yaml }, '/bench/WORKFLOW.md');
  const configMs = definition.ok ? bestMs(() => buildServiceConfig(definition.value, {})) : 0;
  return { inlineMs, heldMs: Math.max(splitMs, cloneMs, configMs) };
}

async function viaWorker(parser: WorkflowParser, text: string): Promise<{ wallMs: number; lagMs: number; ok: string }> {
  const histogram = monitorEventLoopDelay({ resolution: 1 });
  histogram.enable();
  const started = performance.now();
  const result = await evaluateWorkflow(text, '/bench/WORKFLOW.md', { env: {}, clock: systemClock, parser });
  const wallMs = performance.now() - started;
  histogram.disable();
  // The histogram counts the 1 ms sampling period itself; what is left is time the loop was held.
  const lagMs = Math.max(0, histogram.max / 1e6 - 1);
  return { wallMs, lagMs, ok: result.ok ? 'ok' : result.error.code };
}

console.log(`# workflow parsing, ${await describeMachine()}`);
console.log(`# file limit ${WORKFLOW_MAX_BYTES} bytes; loop target < ${TARGET_LOOP_MS} ms`);
const parser = new WorkflowParser({ timeoutMs: 120_000 });
const rows: string[][] = [];
let worstHeld = 0;
try {
  // Start the worker and warm both libraries, so the first row does not carry their start-up.
  await evaluateWorkflow(SHAPES.prose!(1024), '/bench/WORKFLOW.md', { env: {}, clock: systemClock, parser });
  onThisThread(SHAPES.prose!(1024));
  for (const [shape, make] of Object.entries(SHAPES)) {
    for (const kb of sizesKb) {
      const text = make(kb * 1024);
      const worker = await viaWorker(parser, text);
      // A refused file is only split and measured: nothing is parsed, on either thread.
      const refused = worker.ok === 'workflow_too_large';
      const { inlineMs, heldMs } = refused ? { inlineMs: NaN, heldMs: bestMs(() => splitWorkflowText(text, '/bench/WORKFLOW.md')) } : onThisThread(text);
      worstHeld = Math.max(worstHeld, heldMs);
      console.log(`shape=${shape} kb=${kb} inline_ms=${fixed(inlineMs)} worker_wall_ms=${fixed(worker.wallMs)} held_ms=${fixed(heldMs, 2)} lag_ms=${fixed(worker.lagMs)} result=${worker.ok}`);
      rows.push([shape, String(kb), fixed(inlineMs), fixed(worker.wallMs), fixed(heldMs, 2), fixed(worker.lagMs), worker.ok]);
    }
  }
} finally {
  parser.dispose();
}
console.log(formatTable(['shape', 'KB', 'inline ms', 'worker wall ms', 'held ms', 'lag ms', 'result'], rows));
console.log(`verdict: longest event-loop hold ${fixed(worstHeld, 2)} ms (target < ${TARGET_LOOP_MS} ms) — ${worstHeld < TARGET_LOOP_MS ? 'met' : 'missed'}`);
