// Benchmark 6: the review loop's engine side on real git repositories — the diff view's requests
// on a large change and a typical one, the review inbox's git work for a dozen tickets, and the
// landing queue's throughput with and without a check (a real pty).
//
//   node dist/bench/review.js
//   BENCH_REVIEW_RUNS=9 BENCH_REVIEW_REPO_FILES=5000 BENCH_REVIEW_LANDINGS=20 node dist/bench/review.js
import { silentLogger } from '../electron/engine/lib/logger.js';
import { DiffService } from '../electron/engine/review/diff/diff-service.js';
import { envNumber } from './lib/env-options.js';
import { describeMachine } from './lib/machine.js';
import { tempDir } from './lib/paths.js';
import { fixed } from './lib/table.js';
import { makeRepo } from './worktrees/synthetic-repo.js';
import { GitCounter } from './review/git-counter.js';
import { idleLag } from './review/idle-lag.js';
import { diffBench, type DiffRow } from './review/diff-bench.js';
import { inboxBench, type InboxResult } from './review/inbox-bench.js';
import { landingBench, type LandingResult } from './review/landing-bench.js';
import { printReport } from './review/report.js';
import { ReviewRig } from './review/review-rig.js';
import { benchTicketDiffs } from './review/ticket-diffs.js';

const runs = envNumber('BENCH_REVIEW_RUNS', 5);
/** A mid-sized project: every diff stats all of it (`git add -A` into a private index). The big change edits files 1,000–1,099. */
const repoFiles = Math.max(1_100, envNumber('BENCH_REVIEW_REPO_FILES', 2_000));
const bigLines = envNumber('BENCH_REVIEW_BIG_LINES', 50_000);
const inboxTickets = envNumber('BENCH_REVIEW_INBOX', 12);
const landings = envNumber('BENCH_REVIEW_LANDINGS', 10);
const check = process.env.BENCH_REVIEW_CHECK?.trim() || 'true';

/** Parts 1 and 2 share one repository: the diff view's tickets, then the inbox's. */
async function readSide(): Promise<{ diffRows: DiffRow[]; inbox: InboxResult }> {
  const tmp = await tempDir('review');
  const counter = new GitCounter();
  const diffs = new DiffService({ logger: silentLogger(), git: counter.exec, stream: counter.stream });
  let rig: ReviewRig | null = null;
  try {
    const built = performance.now();
    const repo = await makeRepo(tmp.path, repoFiles);
    console.log(`# repository of ${repoFiles} files built in ${fixed((performance.now() - built) / 1000, 1)} s`);
    rig = new ReviewRig(tmp.path, repo);
    const port = benchTicketDiffs(diffs, rig, counter.exec);
    const diffRows = await diffBench(rig, port, counter, runs, bigLines);
    return { diffRows, inbox: await inboxBench(rig, port, counter, inboxTickets, runs) };
  } finally {
    diffs.dispose();
    await rig?.dispose();
    await tmp.cleanup();
  }
}

console.log(`# review: ${await describeMachine()}`);
await idleLag('before');
const { diffRows, inbox } = await readSide();
const landingResults: LandingResult[] = [];
for (const checks of [null, check]) {
  for (const strategy of ['merge', 'squash'] as const) landingResults.push(await landingBench(strategy, checks, landings, repoFiles));
}
await idleLag('after');
printReport(diffRows, inbox, landingResults);
