import type { LandStrategy } from '../../electron/engine/workflow/config-types.js';
import { LoadMeter } from '../lib/load-meter.js';
import { tempDir } from '../lib/paths.js';
import { fixed } from '../lib/table.js';
import { makeRepo } from '../worktrees/synthetic-repo.js';
import { git, typicalChange } from './bench-git.js';
import { GitCounter } from './git-counter.js';
import { ReviewRig, value } from './review-rig.js';
import { percentile } from './timing.js';

export interface LandingResult {
  strategy: LandStrategy;
  checks: string | null;
  tickets: number;
  landed: number;
  wallMs: number;
  /** Each entry's started_at → ended_at: commit, update, checks, advance, tracker move, cleanup. */
  medianMs: number;
  p95Ms: number;
  lagP99Ms: number;
  lagMaxMs: number;
  cpuPercent: number;
}

/**
 * Part 3: `tickets` approved tickets, each with a typical change to its own files (committed and
 * uncommitted), enqueued one after another into a LandingQueue over a fresh repository whose main
 * checkout has `main` checked out. The first enqueue starts the queue, as an approval does; the
 * clock stops when the queue has drained.
 */
export async function landingBench(strategy: LandStrategy, checks: string | null, tickets: number, repoFiles: number): Promise<LandingResult> {
  const tmp = await tempDir('review-landing');
  let rig: ReviewRig | null = null;
  try {
    const repo = await makeRepo(tmp.path, repoFiles);
    const counter = new GitCounter();
    rig = new ReviewRig(tmp.path, repo, { land: strategy, checks }, counter.exec, counter.client);
    const issues = [];
    for (let i = 0; i < tickets; i++) {
      const t = await rig.ticket(`Landing ticket ${i}`, 'Human Review');
      await typicalChange(t.worktree, `land${i}`, 10 + 3 * i);
      issues.push(t.issue);
    }
    const mainBefore = await git(repo, 'rev-parse', 'main');
    const queue = rig.queue();
    counter.reset();
    const meter = new LoadMeter();
    meter.start();
    for (const issue of issues) value(await queue.enqueue({ kind: 'ticket', issue }));
    await queue.tick();
    const load = meter.stop();

    const entries = value(rig.store.landings.listRecent(tickets));
    const landed = entries.filter((e) => e.status === 'landed');
    for (const e of entries.filter((x) => x.status !== 'landed').slice(0, 3)) console.log(`  ${e.identifier} ${e.status}: ${e.error ?? ''}`);
    const active = value(rig.store.landings.listActive());
    for (const e of active.slice(0, 3)) console.log(`  ${e.identifier} still ${e.status}: ${e.error ?? ''}`);
    const onMain = Number(await git(repo, 'rev-list', '--first-parent', '--count', `${mainBefore}..main`));
    const perLanding = landed.map((e) => Date.parse(e.ended_at ?? '') - Date.parse(e.started_at ?? ''));
    const result: LandingResult = {
      strategy,
      checks,
      tickets,
      landed: landed.length,
      wallMs: load.wallMs,
      medianMs: percentile(perLanding, 50),
      p95Ms: percentile(perLanding, 95),
      lagP99Ms: load.lagP99Ms,
      lagMaxMs: load.lagMaxMs,
      cpuPercent: load.cpuPercent,
    };
    console.log(
      `review landing strategy=${strategy} checks=${checks === null ? 'none' : JSON.stringify(checks)} tickets=${tickets} landed=${landed.length} commits_on_main=${onMain} ` +
        `wall_s=${fixed(load.wallMs / 1000, 2)} landings_per_s=${fixed((landed.length * 1000) / load.wallMs, 2)} per_landing_ms_median=${fixed(result.medianMs, 0)} ` +
        `per_landing_ms_p95=${fixed(result.p95Ms, 0)} lag_p99_ms=${fixed(load.lagP99Ms)} lag_max_ms=${fixed(load.lagMaxMs)} engine_cpu_pct=${fixed(load.cpuPercent, 0)} per_landing_${counter.describe(tickets)}`,
    );
    return result;
  } finally {
    await rig?.dispose();
    await tmp.cleanup();
  }
}
