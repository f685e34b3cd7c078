import path from 'node:path';
import { systemClock } from '../../electron/engine/lib/clock.js';
import { LocalTracker } from '../../electron/engine/tracker/local/local-tracker.js';
import { DEFAULTS } from '../../electron/engine/workflow/config-defaults.js';

/**
 * Share of tickets per state: a long backlog and a long Done column (the columns that grow in real
 * use), a busy Todo, a few in review. The largest column holds 40 % of all tickets.
 */
const STATE_WEIGHTS: Array<[string, number]> = [
  ['Backlog', 0.4],
  ['Todo', 0.15],
  ['In Progress', 0.05],
  ['Human Review', 0.1],
  ['Rework', 0.03],
  ['Merging', 0.02],
  ['Done', 0.2],
  ['Cancelled', 0.05],
];
const LABELS = ['bug', 'ui', 'api', 'docs', 'perf', 'security', 'infra', 'tests'];
const WORDS = ['fix', 'login', 'redirect', 'export', 'dashboard', 'flaky', 'cache', 'timeout', 'billing', 'search', 'upload', 'retry', 'render', 'token', 'migration', 'webhook'];

/** Deterministic pseudo-random numbers (mulberry32), so every run seeds the same board. */
function random(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface SeedResult {
  perState: Record<string, number>;
  ms: number;
}

/**
 * Writes `count` tickets into the local tracker's database beside WORKFLOW.md (its default
 * place), before the engine starts: the board then loads them all on its first fetch.
 */
export async function seedTickets(workflowDir: string, count: number): Promise<SeedResult> {
  const started = performance.now();
  const opened = LocalTracker.open({
    path: path.join(workflowDir, DEFAULTS.localDbPath),
    prefix: DEFAULTS.localPrefix,
    clock: systemClock,
    settings: () => ({ states: [...DEFAULTS.localStates], active_states: [...DEFAULTS.localActiveStates], terminal_states: [...DEFAULTS.localTerminalStates] }),
  });
  if (!opened.ok) throw new Error(opened.error.message);
  const tracker = opened.value;
  const rnd = random(42);
  const perState: Record<string, number> = {};
  try {
    for (let i = 0; i < count; i++) {
      const state = pickState(rnd());
      const words = Array.from({ length: 3 + Math.floor(rnd() * 6) }, () => WORDS[Math.floor(rnd() * WORDS.length)]!);
      const labels = LABELS.filter(() => rnd() < 0.18);
      const created = await tracker.createIssue({
        title: `${words.join(' ')} #${i + 1}`,
        description: `${words.join(' ')}. `.repeat(1 + Math.floor(rnd() * 6)),
        priority: Math.floor(rnd() * 5),
        labels,
        state,
      });
      if (!created.ok) throw new Error(created.error.message);
      perState[state] = (perState[state] ?? 0) + 1;
    }
  } finally {
    tracker.dispose();
  }
  return { perState, ms: performance.now() - started };
}

function pickState(r: number): string {
  let acc = 0;
  for (const [state, weight] of STATE_WEIGHTS) {
    acc += weight;
    if (r < acc) return state;
  }
  return STATE_WEIGHTS[0]![0];
}
