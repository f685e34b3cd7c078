import { stat } from 'node:fs/promises';
import os from 'node:os';
import type { CheckResult } from '../../../shared/api/review-schemas.js';
import { normalizeState, type Issue } from '../../../shared/domain/issue.js';
import { isoTime, type Clock } from '../lib/clock.js';
import type { Disposable } from '../lib/disposable.js';
import type { EventSubscription } from '../lib/emitter.js';
import type { Logger } from '../lib/logger.js';
import type { Store } from '../store/store.js';
import type { Tracker } from '../tracker/tracker.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import { execGit, type GitExec } from '../lib/git/git-exec.js';
import { commitOfWork } from '../workspace/work-commit.js';
import type { ChecksPort, DiffPort, LandingPort, ReviewerPort } from './review-ports.js';
import type { ConfigGuard } from './trusted/config-guard.js';

/** All of it (a handoff), or one part again (a person asked for it). */
export type PreparePart = 'all' | 'checks' | 'reviewer';

export interface ReviewIntakeDeps {
  config: () => ServiceConfig;
  tracker: Tracker;
  store: Pick<Store, 'reviews'>;
  /** The ticket's worktree path (it may not exist). */
  workspacePath: (identifier: string) => Promise<string | null>;
  diff: DiffPort;
  reviewer: ReviewerPort;
  checks: ChecksPort;
  landing: Pick<LandingPort, 'enqueue' | 'kick' | 'activeFor'>;
  /** Which trusted configuration a ticket's work changes: such work never auto-lands. */
  configGuard: Pick<ConfigGuard, 'touched'>;
  clock: Clock;
  logger: Logger;
  onChange: () => void;
  /** Reads the worktree's work into a commit for the check's copy (default: git). */
  git?: GitExec;
  /** Where the private index for that read goes (default: the OS temp directory). */
  tmpDir?: string;
}

/**
 * What happens when a ticket reaches the handoff state: the checks run on a copy of its work (never
 * in its worktree, where the next run's agent may be writing) and the reviewer agent reads its
 * diff, so both are waiting in the inbox when a person gets to it. With `review.auto_land` the
 * ticket goes straight to the landing queue instead — after the reviewer when its gate is on, so a
 * ticket with P0 findings stays in the inbox for a person.
 */
export class ReviewIntake implements Disposable {
  /** Tickets being prepared; a ticket handed off again while in here is picked up once this pass ends. */
  private readonly busy = new Set<string>();
  private readonly again = new Map<string, PreparePart>();
  private readonly inFlight = new Set<Promise<void>>();
  /** Running checks by ticket, stopped when their ticket leaves review. */
  private readonly checking = new Map<string, AbortController>();
  private trackerSubscription: EventSubscription | null = null;
  private disposed = false;

  constructor(private readonly deps: ReviewIntakeDeps) {}

  /** Listens for handoffs, and prepares tickets already in review that have no results yet (a restart). */
  async start(): Promise<void> {
    this.trackerSubscription = this.deps.tracker.onIssueChanged((issue) => {
      if (this.inReview(issue)) void this.prepare(issue);
      else this.checking.get(issue.identifier)?.abort(`${issue.identifier} left review (it is in ${issue.state} now)`);
    });
    const handoff = this.deps.config().agent.handoff_state;
    if (!handoff) return;
    const waiting = await this.deps.tracker.fetchIssuesByStates([handoff]);
    if (!waiting.ok) return;
    for (const issue of waiting.value) {
      const check = this.deps.store.reviews.latestCheck(issue.identifier);
      const missingCheck = this.deps.config().review.checks !== null && !(check.ok && check.value && check.value.status !== 'running');
      const missingReview = this.deps.reviewer.configured() && (this.deps.reviewer.report(issue.identifier)?.status ?? 'running') === 'running';
      if (missingCheck || missingReview || this.deps.config().review.auto_land) void this.prepare(issue);
    }
  }

  /** Starts preparing a ticket in the background (also the API's "re-run checks / reviewer"). */
  prepare(issue: Issue, only: PreparePart = 'all'): Promise<void> {
    if (this.disposed) return Promise.resolve();
    if (this.busy.has(issue.identifier)) {
      const queued = this.again.get(issue.identifier);
      this.again.set(issue.identifier, queued === undefined || queued === only ? only : 'all');
      return Promise.resolve();
    }
    this.busy.add(issue.identifier);
    const run = this.run(issue, only)
      .catch((e: unknown) => this.deps.logger.error({ issue_identifier: issue.identifier, err: String(e) }, 'review preparation failed'))
      .finally(() => {
        this.busy.delete(issue.identifier);
        this.inFlight.delete(run);
        const next = this.again.get(issue.identifier);
        if (next !== undefined) {
          this.again.delete(issue.identifier);
          void this.prepare(issue, next);
        }
      });
    this.inFlight.add(run);
    return run;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    this.trackerSubscription?.dispose();
    for (const controller of this.checking.values()) controller.abort('the engine is shutting down');
    await Promise.allSettled([...this.inFlight]);
  }

  private inReview(issue: Issue): boolean {
    const handoff = this.deps.config().agent.handoff_state;
    return handoff !== null && normalizeState(issue.state) === normalizeState(handoff);
  }

  private async run(issue: Issue, only: PreparePart): Promise<void> {
    // A pass queued while the last one ran may start after the ticket left review (request changes
    // cancelled the check that was running): it must not check a ticket that is back in work.
    if (!(await this.stillInReview(issue))) return;
    const cfg = this.deps.config();
    const gate = Boolean(cfg.review.reviewer?.gate) && this.deps.reviewer.configured();
    const autoLand = cfg.review.auto_land && only === 'all' && (await this.mayAutoLand(issue));
    if (autoLand && !gate) return this.land(issue);
    const worktree = await this.deps.workspacePath(issue.identifier);
    const exists = worktree !== null && (await stat(worktree).then((s) => s.isDirectory()).catch(() => false));
    if (!exists) return;
    if (only !== 'reviewer' && cfg.review.checks && cfg.workspace.repo) await this.runChecks(issue, worktree, cfg.review.checks, cfg.review.checks_timeout_ms);
    if (only !== 'checks' && this.deps.reviewer.configured()) await this.runReviewer(issue, worktree);
    if (autoLand) {
      const report = this.deps.reviewer.report(issue.identifier);
      if (report?.status === 'done' && !this.deps.reviewer.hasOpenFindings(issue.identifier)) return this.land(issue);
      this.deps.logger.info(
        { issue_identifier: issue.identifier, reviewer: report?.status ?? 'none' },
        'auto-land held back for a person: the reviewer gate found problems or could not review',
      );
    }
  }

  /** The ticket's state now, from the tracker; when that cannot be read, the caller's word stands. */
  private async stillInReview(issue: Issue): Promise<boolean> {
    const found = await this.deps.tracker.fetchIssueStatesByIds([issue.id]);
    if (!found.ok) return true;
    const now = found.value.find((i) => i.id === issue.id);
    return now !== undefined && this.inReview(now);
  }

  /**
   * Work that changes trusted configuration (the workflow file, files hooks run, the guidance
   * file, `review.protected_paths`) never auto-lands (issue 7 H2: an agent's WORKFLOW.md edit
   * landed in ~2 s and its hook ran unsandboxed): it stays in the inbox for a person, with its
   * checks and review. So does work whose changes cannot be listed.
   */
  private async mayAutoLand(issue: Issue): Promise<boolean> {
    const touched = await this.deps.configGuard.touched(issue.identifier);
    if (touched.ok && touched.value.length === 0) return true;
    const why = touched.ok ? `it changes trusted configuration: ${touched.value.map((f) => f.path).join(', ')}` : `its changes cannot be listed: ${touched.error.message}`;
    this.deps.logger.warn({ issue_identifier: issue.identifier }, `auto-land held back for a person: ${why}`);
    return false;
  }

  /**
   * Checks the work as it is now — HEAD plus uncommitted files, read without touching the worktree —
   * on a disposable copy. The result records the tree it ran on, so the inbox can tell it is stale
   * when the work changed since; a check whose ticket leaves review is cancelled.
   */
  private async runChecks(issue: Issue, worktree: string, command: string, timeoutMs: number): Promise<void> {
    const id = issue.identifier;
    const controller = new AbortController();
    this.checking.set(id, controller);
    const startedAt = isoTime(this.deps.clock.now());
    let running: CheckResult = { status: 'running', command, terminal_id: null, exit_code: null, output_tail: '', started_at: startedAt, ended_at: null, head: null, tree: null };
    const save = (check: CheckResult) => {
      const saved = this.deps.store.reviews.saveCheck(id, check);
      if (!saved.ok) this.deps.logger.warn({ issue_identifier: id }, `check result not saved: ${saved.error.message}`);
      this.deps.onChange();
    };
    try {
      save(running);
      const work = await commitOfWork(this.deps.git ?? execGit, worktree, this.deps.tmpDir ?? os.tmpdir(), `baton: ${id} as checked (not on any branch)`);
      if (!work.ok) {
        save({ ...running, status: 'error', output_tail: `The work in ${worktree} could not be read for the check: ${work.error.message}`, ended_at: isoTime(this.deps.clock.now()) });
        return;
      }
      running = { ...running, head: work.value.head, tree: work.value.tree };
      save(running);
      const result = await this.deps.checks.run({
        identifier: id,
        issue_id: issue.id,
        commit: work.value.commit,
        head: work.value.head,
        tree: work.value.tree,
        command,
        timeoutMs,
        signal: controller.signal,
        onTerminal: (terminalId) => save({ ...running, terminal_id: terminalId }),
      });
      save(controller.signal.aborted ? cancelled(result, String(controller.signal.reason)) : result);
    } finally {
      if (this.checking.get(id) === controller) this.checking.delete(id);
    }
  }

  private async runReviewer(issue: Issue, worktree: string): Promise<void> {
    const diff = await this.deps.diff.diff(issue.identifier);
    if (!diff.ok) {
      this.deps.logger.warn({ issue_identifier: issue.identifier, code: diff.error.code }, `reviewer skipped: ${diff.error.message}`);
      return;
    }
    await this.deps.reviewer.review({
      identifier: issue.identifier,
      title: issue.title,
      description: issue.description,
      worktree,
      head: diff.value.head,
      patch: diff.value.patch,
      // Binary and oversized files are not in the patch; the reviewer is told they changed.
      omittedFiles: diff.value.files.filter((f) => f.binary || f.patch_omitted).map((f) => f.path),
    });
    this.deps.onChange();
  }

  private async land(issue: Issue): Promise<void> {
    const cfg = this.deps.config();
    const writer = this.deps.tracker.writer;
    if (!writer || !cfg.workspace.repo || this.deps.landing.activeFor(issue.identifier)) return;
    const moved = await writer.updateIssue(issue.identifier, { state: cfg.review.merging_state });
    if (!moved.ok) {
      this.deps.logger.warn({ issue_identifier: issue.identifier, code: moved.error.code }, `auto-land: move failed: ${moved.error.message}`);
      return;
    }
    const queued = await this.deps.landing.enqueue(moved.value);
    if (!queued.ok) this.deps.logger.warn({ issue_identifier: issue.identifier }, `auto-land: not queued yet (adopted on the next tick): ${queued.error.message}`);
    this.deps.landing.kick();
    this.deps.onChange();
  }
}

function cancelled(result: CheckResult, why: string): CheckResult {
  const note = `Cancelled: ${why}.`;
  return { ...result, status: 'cancelled', exit_code: null, output_tail: result.output_tail === '' ? note : `${result.output_tail}\n${note}` };
}
