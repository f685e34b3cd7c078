import { API_ERROR_CODES as C } from '../../../shared/api/errors.js';
import type { ReviewDecisionBody, ReviewDecisionResponse, ReviewFeedback } from '../../../shared/api/review-schemas.js';
import { normalizeState, type Issue } from '../../../shared/domain/issue.js';
import { isoTime, type Clock } from '../lib/clock.js';
import { KeyedMutex } from '../lib/keyed-mutex.js';
import type { Logger } from '../lib/logger.js';
import { err, ok, type Result } from '../lib/result.js';
import type { Store } from '../store/store.js';
import type { Tracker, TrackerWriter } from '../tracker/tracker.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import type { WorkspaceManager } from '../workspace/workspace-manager.js';
import { feedbackText } from './feedback/feedback-text.js';
import type { LandingPort, ReviewerPort } from './review-ports.js';
import type { ConfigGuard } from './trusted/config-guard.js';

export interface ReviewDecisionsDeps {
  config: () => ServiceConfig;
  tracker: Tracker;
  store: Pick<Store, 'reviews' | 'actions'>;
  workspaces: Pick<WorkspaceManager, 'remove' | 'ensure'>;
  landing: LandingPort;
  reviewer: ReviewerPort;
  /** Work changing trusted configuration needs `confirm_config` to be approved. */
  configGuard: Pick<ConfigGuard, 'requireConfirmation'>;
  clock: Clock;
  logger: Logger;
  onChange: () => void;
}

/** Who the API acts as: there is one operator per engine (the token holder). */
export const REVIEW_ACTOR = 'reviewer';

const sameState = (a: string, b: string | null): boolean => b !== null && normalizeState(a) === normalizeState(b);

/**
 * A person's decision on a ticket in review. One decision per ticket at a time (a second approval
 * racing the first sees the ticket already in Merging), and each decision leaves the tracker, the
 * worktree and the stored feedback consistent even when a later step fails: feedback is saved
 * before the ticket moves, and a restart saves the attempt before anything is removed.
 */
export class ReviewDecisions {
  private readonly locks = new KeyedMutex();

  constructor(private readonly deps: ReviewDecisionsDeps) {}

  decide(identifier: string, body: ReviewDecisionBody, actor = REVIEW_ACTOR): Promise<Result<ReviewDecisionResponse>> {
    return this.locks.run(identifier, async () => {
      const writer = this.deps.tracker.writer;
      if (!writer) return err(C.trackerReadOnly, `the ${this.deps.tracker.kind} tracker is read-only, so review decisions cannot move tickets`);
      const found = await writer.getIssue(identifier);
      if (!found.ok) return found;
      if (!found.value) return err(C.issueNotFound, `ticket ${identifier} does not exist`);
      const issue = found.value;
      const refused = this.refusal(issue);
      if (refused) return refused;
      const result = await this.apply(writer, issue, body, actor);
      if (result.ok) {
        this.deps.store.actions.recordAction({
          at: isoTime(this.deps.clock.now()),
          actor,
          action: `review.${body.decision}`,
          target: issue.identifier,
          payload: { summary: body.summary ?? null, comments: body.comments?.length ?? 0, state: result.value.state, confirm_config: body.confirm_config ?? false },
        });
        this.deps.onChange();
      }
      return result;
    });
  }

  /** Why a decision cannot be taken on this ticket now, or null. */
  private refusal(issue: Issue): Result<never> | null {
    const cfg = this.deps.config();
    if (sameState(issue.state, cfg.review.merging_state) || this.deps.landing.activeFor(issue.identifier)) {
      return err(C.alreadyApproved, `${issue.identifier} was already approved and is in the landing queue`);
    }
    const handoff = cfg.agent.handoff_state;
    if (!handoff) return err(C.notInReview, 'no agent.handoff_state is configured, so no ticket is in review');
    if (!sameState(issue.state, handoff)) {
      return err(C.notInReview, `${issue.identifier} is in ${issue.state}, not ${handoff}: only tickets in review take review decisions`);
    }
    return null;
  }

  private apply(writer: TrackerWriter, issue: Issue, body: ReviewDecisionBody, actor: string): Promise<Result<ReviewDecisionResponse>> {
    switch (body.decision) {
      case 'approve':
        return this.approve(writer, issue, body, actor);
      case 'request_changes':
        return this.requestChanges(writer, issue, body, actor);
      case 'restart':
        return this.restart(writer, issue, body, actor);
    }
  }

  private async approve(writer: TrackerWriter, issue: Issue, body: ReviewDecisionBody, actor: string): Promise<Result<ReviewDecisionResponse>> {
    const cfg = this.deps.config();
    const gated = Boolean(cfg.review.reviewer?.gate) && this.deps.reviewer.configured();
    // A reviewer that failed leaves the call to the person; one still reading has not answered yet.
    if (gated && this.deps.reviewer.report(issue.identifier)?.status === 'running') {
      return err(C.reviewerRunning, `the reviewer is still reading ${issue.identifier} (review.reviewer.gate is on): approve once it has answered`);
    }
    if (gated && this.deps.reviewer.hasOpenFindings(issue.identifier)) {
      const open = this.deps.reviewer.report(issue.identifier)?.findings.filter((f) => f.status === 'open').length ?? 0;
      return err(
        C.blockedByFindings,
        `${issue.identifier} has ${open} open P0 finding${open === 1 ? '' : 's'} from the reviewer (review.reviewer.gate is on): request changes, or dismiss the findings that are wrong`,
      );
    }
    // Trusted configuration lands only with the person's explicit word (issue 7 H2).
    if (cfg.workspace.repo && body.confirm_config !== true) {
      const confirmed = await this.deps.configGuard.requireConfirmation(issue.identifier, 'read those files, then approve with confirm_config: true');
      if (!confirmed.ok) return confirmed;
    }
    if (body.summary?.trim()) await this.comment(writer, issue, `Approved: ${body.summary.trim()}`, actor);
    // Without a repository there is nothing to land: approval is the end of the ticket.
    const target = cfg.workspace.repo ? cfg.review.merging_state : cfg.review.done_state;
    const moved = await writer.updateIssue(issue.identifier, { state: target });
    if (!moved.ok) return moved;
    let landingId: number | null = null;
    if (cfg.workspace.repo) {
      const queued = await this.deps.landing.enqueue(moved.value);
      // The ticket is in Merging either way; the queue adopts Merging tickets it does not know on
      // its next tick, so a failed enqueue delays the landing but loses nothing.
      if (queued.ok) landingId = queued.value.id;
      else this.deps.logger.warn({ issue_identifier: issue.identifier, code: queued.error.code }, `landing not queued yet: ${queued.error.message}`);
      this.deps.landing.kick();
    }
    return ok({ identifier: issue.identifier, decision: 'approve', state: moved.value.state, landing_id: landingId, snapshot_ref: null });
  }

  private async requestChanges(writer: TrackerWriter, issue: Issue, body: ReviewDecisionBody, actor: string): Promise<Result<ReviewDecisionResponse>> {
    const saved = this.saveFeedback(issue, 'request_changes', body.summary ?? '', body, actor);
    if (!saved.ok) return saved;
    return this.sendToRework(writer, issue, saved.value, actor, null, 'request_changes');
  }

  private async restart(writer: TrackerWriter, issue: Issue, body: ReviewDecisionBody, actor: string): Promise<Result<ReviewDecisionResponse>> {
    if (!this.deps.config().workspace.repo) {
      return err(C.noRepository, 'restart needs workspace.repo: without git, Baton cannot save the attempt before discarding it');
    }
    // remove() saves uncommitted and unmerged work to refs/baton/snapshots/ first and refuses to
    // delete anything it could not save, so nothing below runs unless the attempt is safe.
    const removed = await this.deps.workspaces.remove(issue.identifier);
    if (!removed.ok) return removed;
    const snapshotRef = removed.value.snapshotRef;
    const fresh = await this.deps.workspaces.ensure(issue.identifier);
    if (!fresh.ok) this.deps.logger.warn({ issue_identifier: issue.identifier, code: fresh.error.code }, `fresh worktree not created yet (the next run retries): ${fresh.error.message}`);
    const note = snapshotRef ? `The discarded attempt is saved at ${snapshotRef}.` : 'The discarded attempt had no changes to save.';
    const summary = [body.summary?.trim() ?? '', note].filter((s) => s !== '').join('\n\n');
    const saved = this.saveFeedback(issue, 'restart', summary, body, actor);
    if (!saved.ok) return saved;
    return this.sendToRework(writer, issue, saved.value, actor, snapshotRef, 'restart');
  }

  private saveFeedback(issue: Issue, decision: ReviewFeedback['decision'], summary: string, body: ReviewDecisionBody, actor: string): Result<ReviewFeedback> {
    return this.deps.store.reviews.recordFeedback({
      issue_id: issue.id,
      issue_identifier: issue.identifier,
      source: 'review',
      decision,
      summary: summary.trim(),
      comments: body.comments ?? [],
      at: isoTime(this.deps.clock.now()),
      actor,
    });
  }

  private async sendToRework(
    writer: TrackerWriter,
    issue: Issue,
    feedback: ReviewFeedback,
    actor: string,
    snapshotRef: string | null,
    decision: 'request_changes' | 'restart',
  ): Promise<Result<ReviewDecisionResponse>> {
    await this.comment(writer, issue, feedbackText(feedback), actor);
    const moved = await writer.updateIssue(issue.identifier, { state: this.deps.config().review.rework_state });
    if (!moved.ok) {
      return err(moved.error.code, `the feedback is saved (round ${feedback.round}) but ${issue.identifier} could not be moved: ${moved.error.message}`);
    }
    return ok({ identifier: issue.identifier, decision, state: moved.value.state, landing_id: null, snapshot_ref: snapshotRef });
  }

  /** The ticket's comment thread mirrors decisions for people reading the tracker; best effort. */
  private async comment(writer: TrackerWriter, issue: Issue, text: string, actor: string): Promise<void> {
    const added = await writer.addComment(issue.identifier, text, actor);
    if (!added.ok) this.deps.logger.warn({ issue_identifier: issue.identifier, code: added.error.code }, `review comment not added: ${added.error.message}`);
  }
}
