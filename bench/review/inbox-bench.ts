import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { systemClock } from '../../electron/engine/lib/clock.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { DIFF_CONCURRENCY, mapLimited } from '../../electron/engine/review/in-flight.js';
import type { DiffPort, ReviewerPort } from '../../electron/engine/review/review-ports.js';
import { ConfigGuard } from '../../electron/engine/review/trusted/config-guard.js';
import { ReviewInbox } from '../../electron/engine/review/review-inbox.js';
import { ReviewerAgent } from '../../electron/engine/review/reviewer/reviewer-agent.js';
import { fixed } from '../lib/table.js';
import { trackedFile, typicalChange } from './bench-git.js';
import type { GitCounter } from './git-counter.js';
import { value, type ReviewRig } from './review-rig.js';
import { measure, timingFields, type Measured } from './timing.js';

/** Tracked files the inbox tickets edit start here, past the diff part's typical ticket (0–2). */
const FIRST_FILE = 10;

export interface InboxResult {
  tickets: number;
  /** Changed files of every ticket in flight, then the summary of each in review: the git work. */
  git: Measured<unknown>;
  /** The summaries alone (no separate changedFiles pass). */
  summaries: Measured<unknown>;
  /** `ReviewInbox.list()` whole, serialized as the route sends it. */
  list: Measured<{ reviews: number; bytes: number }>;
  /** The same after every ticket also changed the top of one shared file: every ticket overlaps every other, at the same lines. */
  shared: Measured<{ reviews: number; bytes: number; conflicts: number }>;
}

/** The file every inbox ticket also changes in the last pass, like the demo's CHANGELOG.md. */
const SHARED_FILE = trackedFile(0);

function reviewerPort(agent: ReviewerAgent): ReviewerPort {
  return {
    configured: () => false,
    review: (input) => agent.review(input),
    report: (id) => agent.report(id),
    hasOpenFindings: (id) => agent.hasOpenFindings(id),
    setFindingStatus: (id, finding, status) => agent.setFindingStatus(id, finding, status),
  };
}

/**
 * Part 2: what one GET /api/v1/reviews costs with `tickets` tickets in Human Review, each with a
 * typical change in its own worktree. First the git work alone, with the inbox's concurrency
 * (in-flight.ts: changedFiles of every ticket in flight, then a summary per ticket in review);
 * then the real ReviewInbox over the local tracker and the Store.
 */
export async function inboxBench(rig: ReviewRig, port: DiffPort, counter: GitCounter, tickets: number, runs: number): Promise<InboxResult> {
  const built = performance.now();
  const ids: string[] = [];
  const worktrees: string[] = [];
  for (let i = 0; i < tickets; i++) {
    const t = await rig.ticket(`Inbox ticket ${i}`, 'Human Review');
    await typicalChange(t.worktree, `inbox${i}`, FIRST_FILE + 3 * i);
    ids.push(t.issue.identifier);
    worktrees.push(t.worktree);
  }
  console.log(`# inbox: ${tickets} tickets with worktrees and changes in ${fixed((performance.now() - built) / 1000, 1)} s; DIFF_CONCURRENCY=${DIFF_CONCURRENCY}`);

  counter.reset();
  const git = await measure(runs, async () => {
    const files = await mapLimited(ids, DIFF_CONCURRENCY, (id) => port.changedFiles(id));
    const summaries = await mapLimited(ids, DIFF_CONCURRENCY, (id) => port.summary(id));
    const failed = [...files, ...summaries].filter((r) => !r.ok).length;
    if (failed > 0) throw new Error(`${failed} diff calls failed`);
  });
  console.log(`review inbox part=git tickets=${tickets} diff_calls=${2 * tickets} ${timingFields(git)} ${counter.describe(runs)}`);
  // The lower bound if the tickets in review took their overlap files from their own summaries.
  counter.reset();
  const summaries = await measure(runs, () => mapLimited(ids, DIFF_CONCURRENCY, (id) => port.summary(id)));
  console.log(`review inbox part=summaries-only tickets=${tickets} diff_calls=${tickets} ${timingFields(summaries)} ${counter.describe(runs)}`);

  const agent = new ReviewerAgent({ config: () => rig.config, store: rig.store.reviewer, clock: systemClock, logger: silentLogger(), onChange: () => undefined });
  const inbox = new ReviewInbox({
    config: () => rig.config,
    tracker: rig.tracker,
    store: rig.store,
    diff: port,
    reviewer: reviewerPort(agent),
    landing: { listAudits: () => value(rig.store.audits.listOpen()) },
    configGuard: new ConfigGuard({
      config: () => rig.config,
      workflowPath: '/nowhere/WORKFLOW.md',
      changedFiles: async (id) => {
        const changed = await port.changedFiles(id);
        return changed.ok ? { ok: true, value: changed.value.files } : changed;
      },
    }),
    logger: silentLogger(),
  });
  try {
    counter.reset();
    const list = await measure(runs, async () => {
      const response = await inbox.list();
      const broken = response.reviews.filter((r) => r.diff === null).length;
      if (broken > 0) throw new Error(`${broken} inbox items without a diff`);
      return { reviews: response.reviews.length, bytes: Buffer.byteLength(JSON.stringify(response)) };
    });
    console.log(`review inbox part=list reviews=${list.last.reviews} bytes=${list.last.bytes} ${timingFields(list)} ${counter.describe(runs)}`);

    // Every ticket adds a line at the top of one shared file (left uncommitted): each overlaps every
    // other at the same lines, so list() reads line ranges for every ticket.
    for (const [i, worktree] of worktrees.entries()) {
      const file = path.join(worktree, SHARED_FILE);
      await writeFile(file, `// inbox ticket ${i} was here\n${await readFile(file, 'utf8')}`);
    }
    counter.reset();
    const shared = await measure(runs, async () => {
      const response = await inbox.list();
      const conflicts = response.reviews.reduce((n, r) => n + r.overlaps.filter((o) => o.conflicts.includes(SHARED_FILE)).length, 0);
      if (conflicts !== tickets * (tickets - 1)) throw new Error(`expected every ticket to overlap every other on ${SHARED_FILE}, got ${conflicts} overlaps`);
      return { reviews: response.reviews.length, bytes: Buffer.byteLength(JSON.stringify(response)), conflicts };
    });
    console.log(`review inbox part=list-shared-file reviews=${shared.last.reviews} bytes=${shared.last.bytes} ${timingFields(shared)} ${counter.describe(runs)}`);
    return { tickets, git, summaries, list, shared };
  } finally {
    agent.dispose();
  }
}
