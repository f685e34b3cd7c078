import { normalizeState } from '../../../shared/domain/issue.js';
import type { EngineEvents } from '../engine-events.js';
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Disposable } from '../lib/disposable.js';
import { unsubscribeOf, type EventSubscription } from '../lib/emitter.js';
import type { KeyedMutex } from '../lib/keyed-mutex.js';
import type { Logger } from '../lib/logger.js';
import type { ProcessRecorder } from '../lib/process-ledger.js';
import { ok, type Result } from '../lib/result.js';
import type { Store } from '../store/store.js';
import type { TerminalRegistry } from '../terminals/terminal-registry.js';
import type { Tracker } from '../tracker/tracker.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import { CheckCopies } from '../workspace/check-copies.js';
import { GitWorktrees } from '../workspace/git-worktree.js';
import type { WorkspaceManager } from '../workspace/workspace-manager.js';
import { baseBranchResolver } from './base-branch.js';
import { CheckRunner } from './checks/check-runner.js';
import { DiffService } from './diff/diff-service.js';
import { ReviewPrompts } from './feedback/review-prompts.js';
import { LandingQueue } from './landing/landing-queue.js';
import { inFlightFiles } from './in-flight.js';
import { ReviewApi } from './review-api.js';
import { ticketDiffs } from './ticket-diffs.js';
import { ReviewDecisions } from './review-decisions.js';
import { ReviewInbox } from './review-inbox.js';
import { ReviewIntake } from './review-intake.js';
import type { LandingPort, LandingRef, ReviewerPort } from './review-ports.js';
import { ReviewerAgent } from './reviewer/reviewer-agent.js';
import { ConfigGuard } from './trusted/config-guard.js';

export interface ReviewLoopDeps {
  config: () => ServiceConfig;
  tracker: Tracker;
  store: Store;
  workspaces: WorkspaceManager;
  terminals: TerminalRegistry;
  /** The engine's per-repository lock, shared with the workspace manager. */
  repoMutex: KeyedMutex;
  events: EngineEvents;
  clock: Clock;
  logger: Logger;
  baseEnv: NodeJS.ProcessEnv;
  /** The WORKFLOW.md the engine runs: trusted configuration when it lives in the repository. */
  workflowPath: string;
  secretVarNames: () => string[];
  secretValues: () => string[];
  /** The engine's ledger of process groups: checks are recorded there while they run. */
  processes?: ProcessRecorder;
  /** [0, 1) for audit sampling (tests pass a fixed value). */
  random?: () => number;
}

/**
 * The review loop's own composition root: the diff service, the check runner, the landing queue,
 * the reviewer agent, and the inbox, decisions and intake built over them. The engine asks it for
 * two things — the prompt context of runs and the API surface — and disposes it before the
 * terminals, workspaces and store it uses.
 */
export class ReviewLoop implements Disposable {
  readonly prompts: ReviewPrompts;
  readonly api: ReviewApi;
  private readonly diffs: DiffService;
  private readonly checks: CheckRunner;
  private readonly copies: CheckCopies;
  private readonly landing: LandingQueue;
  private readonly reviewer: ReviewerAgent;
  private readonly intake: ReviewIntake;
  private timer: TimerHandle | null = null;
  private trackerSubscription: EventSubscription | null = null;
  private disposed = false;

  constructor(private readonly deps: ReviewLoopDeps) {
    const { config, tracker, store, workspaces, clock, logger } = deps;
    const log = logger.child({ component: 'review' });
    const changed = () => deps.events.reviews.emit();
    const worktrees = new GitWorktrees({ mutex: deps.repoMutex });
    const baseBranch = baseBranchResolver(config, worktrees, clock);

    this.diffs = new DiffService({ logger: log });
    const diffPort = ticketDiffs(this.diffs, { config, baseBranch, pathFor: (id) => workspaces.pathFor(id) });
    this.copies = new CheckCopies({ config, worktrees, logger: log });
    this.checks = new CheckRunner({
      terminals: deps.terminals,
      config,
      copies: this.copies,
      // A check's copy is prepared like a new ticket workspace, so `npm test` finds what
      // `after_create` installs (node_modules and the like).
      setup: (copyPath, options) => workspaces.runHook('after_create', copyPath, options),
      secretVarNames: deps.secretVarNames,
      secretValues: deps.secretValues,
      baseEnv: () => deps.baseEnv,
      clock,
      logger: log,
      processes: deps.processes,
    });
    this.landing = new LandingQueue({
      config,
      tracker,
      store,
      workspaces,
      checks: this.checks,
      copies: this.copies,
      clock,
      logger: log,
      random: deps.random ?? Math.random,
      onChange: changed,
      repoMutex: deps.repoMutex,
      filesOf: async (id) => {
        const files = await diffPort.changedFiles(id);
        return files.ok ? files.value.files : [];
      },
      inFlight: () => inFlightFiles(config(), tracker, diffPort),
      lineRanges: (snapshot, paths) => diffPort.lineRanges(snapshot, paths),
    });
    const configGuard = new ConfigGuard({
      config,
      workflowPath: deps.workflowPath,
      changedFiles: async (id) => {
        const changed = await diffPort.changedFiles(id);
        return changed.ok ? { ok: true, value: changed.value.files } : changed;
      },
    });
    this.reviewer = new ReviewerAgent({ config, store: store.reviewer, clock, logger: log, onChange: changed });
    const landingPort = this.landingPort();
    const reviewerPort = this.reviewerPort();
    this.prompts = new ReviewPrompts({ config, store, baseBranch, logger: log });
    this.intake = new ReviewIntake({
      config,
      tracker,
      store,
      workspacePath: async (id) => {
        const p = await workspaces.pathFor(id);
        return p.ok ? p.value : null;
      },
      diff: diffPort,
      reviewer: reviewerPort,
      checks: { run: (req) => this.checks.run(req) },
      landing: landingPort,
      configGuard,
      clock,
      logger: log,
      onChange: changed,
    });
    const decisions = new ReviewDecisions({ config, tracker, store, workspaces, landing: landingPort, reviewer: reviewerPort, configGuard, clock, logger: log, onChange: changed });
    const inbox = new ReviewInbox({ config, tracker, store, diff: diffPort, reviewer: reviewerPort, landing: landingPort, configGuard, logger: log });
    this.api = new ReviewApi({
      config,
      tracker,
      inbox,
      decisions,
      intake: this.intake,
      diff: diffPort,
      landing: landingPort,
      reviewer: reviewerPort,
      configGuard,
      onChange: (listener) => unsubscribeOf(deps.events.reviews.on(listener)),
      changed,
    });
  }

  /**
   * Whether the queue is landing the ticket right now: it removes the worktree itself once the work
   * is on the base. (A queued or blocked entry whose ticket ended fails at its next try instead.)
   */
  isLanding(identifier: string): boolean {
    const found = this.deps.store.landings.findActive(identifier);
    return found.ok && found.value?.status === 'landing';
  }

  /** Prepares tickets already waiting in review, then lands on the polling interval. */
  async start(): Promise<void> {
    // Copies left by a killed engine: nothing runs in them any more, and they hold a worktree each.
    await this.copies.sweep();
    // A ticket dragged into the merging state lands now, not at the next tick.
    this.trackerSubscription = this.deps.tracker.onIssueChanged((issue) => {
      const cfg = this.deps.config();
      const state = normalizeState(issue.state);
      if (state === normalizeState(cfg.review.merging_state)) void this.landing.tick();
      // A finished ticket's reviewer report has nothing left to gate or show.
      if (cfg.tracker.terminal_states.some((t) => normalizeState(t) === state) && this.reviewer.report(issue.identifier)) this.reviewer.forget(issue.identifier);
    });
    await this.intake.start();
    this.schedule(0);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    if (this.timer) this.deps.clock.clearTimeout(this.timer);
    this.trackerSubscription?.dispose();
    // Intake and queue first: they start checks and reviews; then what they used.
    await this.intake.dispose();
    await this.landing.dispose();
    await this.checks.dispose();
    this.reviewer.dispose();
    this.diffs.dispose();
  }

  /** The queue retries blocked entries and adopts Merging tickets on the same cadence as polling. */
  private schedule(delayMs: number): void {
    if (this.disposed) return;
    this.timer = this.deps.clock.setTimeout(() => {
      this.timer = null;
      void this.landing.tick().finally(() => this.schedule(this.deps.config().polling.interval_ms));
    }, delayMs);
  }

  private landingPort(): LandingPort {
    const { store } = this.deps;
    const ref = (e: LandingRef): LandingRef => ({ id: e.id, status: e.status });
    return {
      enqueue: async (issue) => mapOk(await this.landing.enqueue({ kind: 'ticket', issue }), ref),
      enqueueGuidance: async (body) => mapOk(await this.landing.enqueueGuidance(body), ref),
      activeFor: (identifier) => {
        const found = store.landings.findActive(identifier);
        return found.ok && found.value ? ref(found.value) : null;
      },
      list: () => this.landing.list(),
      kick: () => void this.landing.tick(),
      listAudits: () => {
        const open = store.audits.listOpen();
        return open.ok ? open.value : [];
      },
      setAuditStatus: (id, status) => store.audits.setStatus(id, status),
      getAudit: (id) => store.audits.get(id),
    };
  }

  private reviewerPort(): ReviewerPort {
    const agent = this.reviewer;
    return {
      configured: () => this.deps.config().review.reviewer !== null,
      review: (input) => agent.review(input),
      report: (identifier) => agent.report(identifier),
      hasOpenFindings: (identifier) => agent.hasOpenFindings(identifier),
      setFindingStatus: (identifier, id, status) => agent.setFindingStatus(identifier, id, status),
    };
  }
}

function mapOk<T, U>(result: Result<T>, fn: (value: T) => U): Result<U> {
  return result.ok ? ok(fn(result.value)) : result;
}
