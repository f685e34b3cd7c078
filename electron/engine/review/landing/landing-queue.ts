import type { Landing, MergeQueueResponse } from '../../../../shared/api/review-schemas.js';
import type { Issue } from '../../../../shared/domain/issue.js';
import { normalizeState } from '../../../../shared/domain/issue.js';
import { isoTime } from '../../lib/clock.js';
import type { Disposable } from '../../lib/disposable.js';
import { KeyedMutex } from '../../lib/keyed-mutex.js';
import { err, errorMessage, ok, type Result } from '../../lib/result.js';
import type { StoredLanding } from '../../store/landing-store.js';
import { branchFor, GitWorktrees } from '../../workspace/git-worktree.js';
import { workspaceKey } from '../../workspace/workspace-key.js';
import { enqueueGuidance, type GuidanceInput } from './enqueue-guidance.js';
import { withSharedRanges } from '../overlap-ranges.js';
import { mergeInFlight, overlapsFor } from './landing-files.js';
import { GitClient } from '../../lib/git/simple-git-client.js';
import { LandingGit } from './landing-git.js';
import { runLanding } from './landing-run.js';
import { payloadOf, type InFlightFiles, type LandingQueueDeps } from './landing-types.js';

/** Finished entries the queue view shows. */
export const RECENT_LANDINGS = 20;

export interface EnqueueTicket {
  kind: 'ticket';
  issue: Issue;
}

/**
 * The landing queue (ADR 0006): approved tickets, and promoted guidance, land on the base branch one
 * at a time — brought up to date, checked, then the base advanced with compare-and-swap — and go to
 * Done, or back to Rework with the reason as feedback. `tick()` (each poll, and after an enqueue)
 * adopts tickets found in the merging state and works through the queue in order.
 */
export class LandingQueue implements Disposable {
  private readonly git: LandingGit;
  private readonly worktrees: GitWorktrees;
  private readonly stop = new AbortController();
  /** Guidance numbers are taken one promotion at a time. */
  private readonly guidanceLock = new KeyedMutex();
  private readonly enqueueLock = new KeyedMutex();
  private pass: Promise<void> | null = null;
  private rerun = false;
  private disposed = false;

  constructor(private readonly deps: LandingQueueDeps) {
    const client = deps.gitClient ?? new GitClient();
    this.git = new LandingGit(deps.git, client);
    this.worktrees = new GitWorktrees({ git: deps.git, client, mutex: deps.repoMutex });
  }

  /**
   * Queues an approved ticket (moving it to `review.merging_state` if it is elsewhere). Idempotent:
   * the ticket's active entry is returned as it is. Errors: the tracker write's.
   */
  async enqueue(input: EnqueueTicket): Promise<Result<StoredLanding>> {
    if (this.disposed) return err('service_unavailable', 'The engine is shutting down.');
    const { issue } = input;
    // Two approvals at once must not make two entries: one enqueue per ticket at a time.
    const made = await this.enqueueLock.run(issue.identifier.toLowerCase(), () => this.enqueueTicket(issue));
    if (made.ok && made.value.created) this.changedAndTick();
    return made.ok ? ok(made.value.entry) : made;
  }

  /**
   * Appends `text` (under a heading naming its source) to `review.guidance_file` on a new branch
   * `baton/guidance-<n>` in its own worktree, commits, and queues it. It lands like a ticket, without
   * tracker moves; its worktree and branch are removed afterwards.
   */
  async enqueueGuidance(input: GuidanceInput): Promise<Result<StoredLanding>> {
    if (this.disposed) return err('service_unavailable', 'The engine is shutting down.');
    const made = await this.guidanceLock.run('guidance', () =>
      enqueueGuidance({ deps: this.deps, git: this.git, worktrees: this.worktrees, now: () => this.now() }, input),
    );
    if (made.ok) this.changedAndTick();
    return made;
  }

  /** The queue as the API shows it: active entries in landing order with files and overlaps, and recent history. */
  async list(): Promise<MergeQueueResponse> {
    const cfg = this.deps.config();
    const active = this.deps.store.landings.listActive();
    const recent = this.deps.store.landings.listRecent(RECENT_LANDINGS);
    const entries = active.ok ? active.value : [];
    const base = await this.baseBranch();
    // Overlaps diff every ticket in flight; with nothing queued there is nothing to compare (the board
    // asks for the queue on every review-loop push). Queued tickets are in flight too (Merging):
    // their files come from that same pass rather than from a second diff each.
    const injected = this.deps.inFlight && entries.length > 0 ? await this.deps.inFlight().catch(() => []) : [];
    const files = await Promise.all(entries.map((e) => this.filesOf(e, base, injected)));
    const queued: InFlightFiles[] = entries.map((e, i) => ({ identifier: e.identifier, files: files[i]! }));
    const inFlight = mergeInFlight(injected, queued);
    const read = this.deps.lineRanges;
    const others = read ? await withSharedRanges(inFlight, entries.map((e) => e.identifier), read) : inFlight;
    return {
      repo: cfg.workspace.repo,
      base_branch: base,
      strategy: cfg.review.land,
      checks: cfg.review.checks,
      entries: entries.map((e, i) => toWire(e, files[i]!, overlapsFor(e.identifier, files[i]!, others))),
      recent: (recent.ok ? recent.value : []).map((e) => toWire(e, e.files, [])),
    };
  }

  /** Works through the queue; resolves when it is done (or blocked). Never rejects. */
  tick(): Promise<void> {
    if (this.disposed) return Promise.resolve();
    this.rerun = true;
    this.pass ??= this.drain();
    return this.pass;
  }

  /** Stops a running check (its process tree), waits for the step in flight; the entry resumes on the next start. */
  async dispose(): Promise<void> {
    this.disposed = true;
    this.stop.abort();
    await this.pass;
  }

  private async drain(): Promise<void> {
    try {
      while (this.rerun && !this.disposed) {
        this.rerun = false;
        await this.onePass();
      }
    } catch (e) {
      this.deps.logger.error({ err: errorMessage(e) }, 'landing queue pass failed');
    } finally {
      this.pass = null;
    }
  }

  /** Adopts tickets in the merging state, then lands every active entry in id order, one at a time. */
  private async onePass(): Promise<void> {
    await this.adopt();
    const seen = new Set<number>();
    const ctx = { deps: this.deps, git: this.git, worktrees: this.worktrees, signal: this.stop.signal };
    while (!this.disposed) {
      const active = this.deps.store.landings.listActive();
      if (!active.ok) {
        this.deps.logger.warn({ code: active.error.code }, `landing queue not read: ${active.error.message}`);
        return;
      }
      const next = active.value.find((e) => !seen.has(e.id));
      if (!next) return;
      seen.add(next.id);
      await runLanding(ctx, next);
    }
  }

  private async enqueueTicket(issue: Issue): Promise<Result<{ entry: StoredLanding; created: boolean }>> {
    const { landings } = this.deps.store;
    const merging = this.deps.config().review.merging_state;
    const inMerging = normalizeState(issue.state) === normalizeState(merging);
    const active = landings.findActive(issue.identifier);
    if (!active.ok) return active;
    if (active.value !== null) {
      if (!payloadOf(active.value).pending || inMerging) return ok({ entry: active.value, created: false });
      // The entry only waits to finish sending the ticket back, and the ticket has been through
      // review again since (it is not in the merging state): the new approval supersedes it.
      landings.update(active.value.id, { status: 'failed', ended_at: this.now(), payload: { ...active.value.payload, pending: null } });
    }
    if (!inMerging) {
      const writer = this.deps.tracker.writer;
      if (writer === null) return err('tracker_read_only', `the tracker is read-only, so ${issue.identifier} cannot be moved to ${merging}`);
      const moved = await writer.updateIssue(issue.identifier, { state: merging });
      if (!moved.ok) return moved;
      // A poll may have adopted the ticket from the merging state while the move was under way.
      const adopted = landings.findActive(issue.identifier);
      if (adopted.ok && adopted.value !== null) return ok({ entry: adopted.value, created: false });
    }
    const added = this.add(issue);
    return added.ok ? ok({ entry: added.value, created: true }) : added;
  }

  /**
   * Tickets in the merging state without an active entry: dragged there by an operator, or left by
   * an engine that stopped before queueing them. Only with a repository: nothing lands without one.
   */
  private async adopt(): Promise<void> {
    const cfg = this.deps.config();
    if (!cfg.workspace.repo) return;
    const found = await this.deps.tracker.fetchIssuesByStates([cfg.review.merging_state]);
    if (!found.ok) {
      this.deps.logger.warn({ code: found.error.code }, `tickets in ${cfg.review.merging_state} not read: ${found.error.message}`);
      return;
    }
    let adopted = false;
    for (const issue of found.value) {
      const active = this.deps.store.landings.findActive(issue.identifier);
      if (!active.ok || active.value !== null) continue;
      if (this.add(issue).ok) {
        adopted = true;
        this.deps.logger.info({ issue_identifier: issue.identifier }, `adopted ${issue.identifier} from ${cfg.review.merging_state} into the landing queue`);
      }
    }
    if (adopted) this.deps.onChange();
  }

  private add(issue: Issue): Result<StoredLanding> {
    return this.deps.store.landings.enqueue({
      kind: 'ticket',
      issue_id: issue.id,
      identifier: issue.identifier,
      title: issue.title,
      branch: branchFor(workspaceKey(issue.identifier)),
      enqueued_at: this.now(),
    });
  }

  private async filesOf(entry: StoredLanding, base: string | null, inFlight: readonly InFlightFiles[]): Promise<string[]> {
    const cfg = this.deps.config();
    if (entry.kind === 'guidance') return [cfg.review.guidance_file];
    const read = inFlight.find((t) => t.identifier.toLowerCase() === entry.identifier.toLowerCase());
    if (read) return read.files;
    try {
      if (this.deps.filesOf) return await this.deps.filesOf(entry.identifier);
      const located = await this.deps.workspaces.pathFor(entry.identifier);
      if (!located.ok || base === null) return entry.files;
      return (await this.git.worktreeFiles(located.value, base)) ?? entry.files;
    } catch {
      return entry.files;
    }
  }

  private async baseBranch(): Promise<string | null> {
    const cfg = this.deps.config();
    if (!cfg.workspace.repo) return cfg.workspace.base_branch;
    const repo = await this.worktrees.openRepo(cfg.workspace.repo);
    const base = repo.ok ? await this.worktrees.resolveBase(repo.value, cfg.workspace.base_branch) : repo;
    return base.ok ? base.value : cfg.workspace.base_branch;
  }

  private changedAndTick(): void {
    this.deps.onChange();
    void this.tick();
  }

  private now(): string {
    return isoTime(this.deps.clock.now());
  }
}

function toWire(entry: StoredLanding, files: string[], overlaps: Landing['overlaps']): Landing {
  const { issue_id: _issue, base_before: _base, payload: _payload, ...wire } = entry;
  return { ...wire, files, overlaps };
}
