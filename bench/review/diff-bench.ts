import type { Result } from '../../electron/engine/lib/result.js';
import type { DiffPort } from '../../electron/engine/review/review-ports.js';
import { fixed } from '../lib/table.js';
import { bigChange, typicalChange } from './bench-git.js';
import type { GitCounter } from './git-counter.js';
import type { ReviewRig } from './review-rig.js';
import { measure, timingFields, type Measured } from './timing.js';

export const BIG_FILE = 'src/generated/big-table.ts';

export interface DiffRow {
  ticket: string;
  op: string;
  m: Measured<unknown>;
  /** Bytes of the JSON response; null for changedFiles, which no route serializes alone. */
  bytes: number | null;
  files: number;
}

/** The part of a result a route would send: the summary, the file list (not where they were read). */
async function part<T, U>(call: Promise<Result<T>>, pick: (value: T) => U): Promise<Result<U>> {
  const r = await call;
  return r.ok ? { ok: true, value: pick(r.value) } : r;
}

/** What the API route does with a result: serialize it on the engine's thread. */
function responseOf(r: Result<unknown>): { bytes: number; files: number } {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  const files = Array.isArray(r.value) ? r.value.length : ((r.value as { files?: unknown[] }).files?.length ?? 0);
  return { bytes: Buffer.byteLength(JSON.stringify(r.value)), files };
}

async function row(counter: GitCounter, ticket: string, op: string, runs: number, call: () => Promise<Result<unknown>>, serialized = true): Promise<DiffRow> {
  counter.reset();
  const m = await measure(runs, async () => responseOf(await call()));
  const out: DiffRow = { ticket, op, m, bytes: serialized ? m.last.bytes : null, files: m.last.files };
  console.log(`review diff ticket=${ticket} op=${op} files=${out.files} bytes=${out.bytes ?? '-'} ${timingFields(m)} ${counter.describe(runs)}`);
  return out;
}

/**
 * Part 1: the diff view's requests on a large change (one 50,000-line file and 400 small ones,
 * committed and uncommitted) and on a typical ticket, each `runs` times, through the ticket-
 * addressed port the API uses. The tickets sit in Backlog: a diff does not depend on the state,
 * and it keeps them out of the inbox measured next.
 */
export async function diffBench(rig: ReviewRig, port: DiffPort, counter: GitCounter, runs: number, bigLines: number): Promise<DiffRow[]> {
  const big = await rig.ticket('Large generated change', 'Backlog');
  const built = performance.now();
  await bigChange(big.worktree, bigLines);
  const typical = await rig.ticket('Typical change', 'Backlog');
  await typicalChange(typical.worktree, 'typical', 0);
  console.log(`# diff: changes written and committed in ${fixed((performance.now() - built) / 1000, 1)} s; ${runs} runs of each request`);
  const b = big.issue.identifier;
  const t = typical.issue.identifier;
  return [
    await row(counter, 'big', 'diff', runs, () => port.diff(b)),
    await row(counter, 'big', 'summary', runs, () => part(port.summary(b), (v) => v.summary)),
    await row(counter, 'big', 'changedFiles', runs, () => part(port.changedFiles(b), (v) => v.files), false),
    await row(counter, 'big', `diff(path=${BIG_FILE})`, runs, () => port.diff(b, BIG_FILE)),
    await row(counter, 'typical', 'diff', runs, () => port.diff(t)),
    await row(counter, 'typical', 'summary', runs, () => part(port.summary(t), (v) => v.summary)),
    await row(counter, 'typical', 'changedFiles', runs, () => part(port.changedFiles(t), (v) => v.files), false),
  ];
}
