import { fixed, formatTable } from '../lib/table.js';
import { BIG_FILE, type DiffRow } from './diff-bench.js';
import type { InboxResult } from './inbox-bench.js';
import type { LandingResult } from './landing-bench.js';

/*
 * What a person would notice (DESIGN.md sets no number for the review loop): the 50,000-line diff
 * answers well under a second; the inbox of a dozen tickets loads in under a second; landings go
 * a few per second when there is no check; and the engine's loop never stalls meanwhile (the
 * < 50 ms lag p99 DESIGN.md holds the engine to under 100 streaming sessions).
 */
const DIFF_TARGET_MS = 500;
const INBOX_TARGET_MS = 1_000;
const LANDING_TARGET_MS = 500;
const LAG_TARGET_MS = 50;

const verdict = (ok: boolean) => (ok ? 'met' : 'MISSED');

/** The two summary tables and the verdict line. */
export function printReport(diffRows: DiffRow[], inbox: InboxResult, landings: LandingResult[]): void {
  console.log('');
  console.log(
    formatTable(
      ['ticket', 'request', 'files', 'bytes', 'median ms', 'first ms', 'lag p99 ms'],
      [
        ...diffRows.map((r) => [r.ticket, r.op.replace(BIG_FILE, 'big file'), String(r.files), r.bytes === null ? '-' : String(r.bytes), fixed(r.m.medianMs), fixed(r.m.times[0] ?? NaN), fixed(r.m.lagP99Ms)]),
        [`${inbox.tickets} tickets`, 'inbox git work', '-', '-', fixed(inbox.git.medianMs), fixed(inbox.git.times[0] ?? NaN), fixed(inbox.git.lagP99Ms)],
        [`${inbox.tickets} tickets`, 'summaries only', '-', '-', fixed(inbox.summaries.medianMs), fixed(inbox.summaries.times[0] ?? NaN), fixed(inbox.summaries.lagP99Ms)],
        [`${inbox.tickets} tickets`, 'inbox list()', String(inbox.list.last.reviews), String(inbox.list.last.bytes), fixed(inbox.list.medianMs), fixed(inbox.list.times[0] ?? NaN), fixed(inbox.list.lagP99Ms)],
        [`${inbox.tickets} tickets`, 'inbox list(), one file shared by all', String(inbox.shared.last.reviews), String(inbox.shared.last.bytes), fixed(inbox.shared.medianMs), fixed(inbox.shared.times[0] ?? NaN), fixed(inbox.shared.lagP99Ms)],
      ],
    ),
  );
  console.log('');
  console.log(
    formatTable(
      ['landing', 'checks', 'landed', 'wall s', 'per s', 'median ms', 'p95 ms', 'lag p99 ms'],
      landings.map((r) => [r.strategy, r.checks ?? 'none', `${r.landed}/${r.tickets}`, fixed(r.wallMs / 1000, 2), fixed((r.landed * 1000) / r.wallMs, 2), fixed(r.medianMs, 0), fixed(r.p95Ms, 0), fixed(r.lagP99Ms)]),
    ),
  );
  const bigDiff = diffRows.find((r) => r.ticket === 'big' && r.op === 'diff');
  const bigFile = diffRows.find((r) => r.ticket === 'big' && r.op.startsWith('diff(path'));
  const unchecked = landings.filter((r) => r.checks === null);
  const lags = [...diffRows.map((r) => r.m.lagP99Ms), inbox.git.lagP99Ms, inbox.list.lagP99Ms, ...landings.map((r) => r.lagP99Ms)];
  const failed = landings.reduce((n, r) => n + r.tickets - r.landed, 0);
  const ms = (v: number | undefined) => fixed(v ?? NaN, 0);
  console.log(
    `review verdict: big diff < ${DIFF_TARGET_MS} ms ${verdict((bigDiff?.m.medianMs ?? Infinity) < DIFF_TARGET_MS)} (${ms(bigDiff?.m.medianMs)}); ` +
      `big file < ${DIFF_TARGET_MS} ms ${verdict((bigFile?.m.medianMs ?? Infinity) < DIFF_TARGET_MS)} (${ms(bigFile?.m.medianMs)}); ` +
      `inbox of ${inbox.tickets} < ${INBOX_TARGET_MS} ms ${verdict(inbox.list.medianMs < INBOX_TARGET_MS)} (${ms(inbox.list.medianMs)}); ` +
      `landing without checks < ${LANDING_TARGET_MS} ms ${verdict(unchecked.every((r) => r.medianMs < LANDING_TARGET_MS))} (${unchecked.map((r) => ms(r.medianMs)).join(', ')}); ` +
      `lag p99 < ${LAG_TARGET_MS} ms ${verdict(lags.every((l) => l < LAG_TARGET_MS))} (max ${fixed(Math.max(...lags))}); failed landings ${failed}`,
  );
}
