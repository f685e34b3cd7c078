import { API_ERROR_CODES as C } from '../../../shared/api/errors.js';
import type {
  AuditItem,
  AuditUpdateBody,
  Finding,
  FindingUpdateBody,
  GuidanceBody,
  MergeQueueResponse,
  ReviewDecisionBody,
  ReviewDecisionResponse,
  ReviewsResponse,
  TicketDiff,
} from '../../../shared/api/review-schemas.js';
import { normalizeState } from '../../../shared/domain/issue.js';
import { err, ok, type Result } from '../lib/result.js';
import type { ReviewEnginePort, Unsubscribe } from '../server/engine-api.js';
import type { Tracker } from '../tracker/tracker.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import type { ReviewDecisions } from './review-decisions.js';
import type { ReviewInbox } from './review-inbox.js';
import type { ReviewIntake } from './review-intake.js';
import type { DiffPort, LandingPort, ReviewerPort } from './review-ports.js';
import type { ConfigGuard } from './trusted/config-guard.js';

export interface ReviewApiDeps {
  config: () => ServiceConfig;
  tracker: Tracker;
  inbox: ReviewInbox;
  decisions: ReviewDecisions;
  intake: Pick<ReviewIntake, 'prepare'>;
  diff: DiffPort;
  landing: LandingPort;
  reviewer: ReviewerPort;
  configGuard: Pick<ConfigGuard, 'among' | 'requireConfirmation'>;
  /** Subscribes to "the inbox, audits or landing queue changed". */
  onChange: (listener: () => void) => Unsubscribe;
  /** Fires that signal (after a finding or audit update). */
  changed: () => void;
}

/** The review loop's API surface: validation that needs the tracker, then one call into the right part. */
export class ReviewApi implements ReviewEnginePort {
  constructor(private readonly deps: ReviewApiDeps) {}

  listReviews(): Promise<ReviewsResponse> {
    return this.deps.inbox.list();
  }

  async getDiff(identifier: string, path?: string): Promise<Result<TicketDiff>> {
    if (!this.deps.config().workspace.repo) return err(C.noRepository, 'workspace.repo is not set: without a git repository there is no diff');
    const known = await this.known(identifier);
    if (!known.ok) return known;
    return this.markConfig(await this.deps.diff.diff(identifier, path));
  }

  decideReview(identifier: string, body: ReviewDecisionBody): Promise<Result<ReviewDecisionResponse>> {
    return this.deps.decisions.decide(identifier, body);
  }

  async rerunChecks(identifier: string): Promise<Result<void>> {
    const cfg = this.deps.config();
    if (!cfg.review.checks || !cfg.workspace.repo) return err(C.checksNotConfigured, 'review.checks (and workspace.repo) must be set in WORKFLOW.md to run checks');
    return this.again(identifier, 'checks');
  }

  async rerunReviewer(identifier: string): Promise<Result<void>> {
    if (!this.deps.reviewer.configured()) return err(C.reviewerNotConfigured, 'review.reviewer is not configured in WORKFLOW.md');
    return this.again(identifier, 'reviewer');
  }

  /** Starts one part of the ticket's review preparation again, in the background. */
  private async again(identifier: string, part: 'checks' | 'reviewer'): Promise<Result<void>> {
    const writer = this.deps.tracker.writer;
    const found = writer ? await writer.getIssue(identifier) : err(C.trackerReadOnly, 'the tracker is read-only');
    if (!found.ok) return found;
    if (!found.value) return err(C.issueNotFound, `ticket ${identifier} does not exist`);
    void this.deps.intake.prepare(found.value, part);
    return ok(undefined);
  }

  async setFindingStatus(identifier: string, findingId: string, status: FindingUpdateBody['status']): Promise<Result<Finding>> {
    const updated = this.deps.reviewer.setFindingStatus(identifier, findingId, status);
    if (updated.ok) this.deps.changed();
    return updated;
  }

  getMergeQueue(): Promise<MergeQueueResponse> {
    return this.deps.landing.list();
  }

  /**
   * Appends a person's text to the guidance file, through the landing queue. The file is trusted
   * configuration (every agent's prompt includes it), so the request carries the person's explicit
   * `confirm_config`, and what it names is checked: an identifier must be a ticket, a finding one of
   * that ticket's reviewer findings (issue 7: any free text went into the file's headings).
   */
  async promoteGuidance(body: GuidanceBody): Promise<Result<{ landing_id: number }>> {
    const cfg = this.deps.config();
    if (!cfg.workspace.repo) return err(C.noRepository, 'workspace.repo is not set: the guidance file lives in the repository');
    const source = await this.guidanceSource(body);
    if (!source.ok) return source;
    if (body.confirm_config !== true) {
      return err(
        C.configConfirmationRequired,
        `${cfg.review.guidance_file} is trusted configuration: every agent's prompt includes it. Read the text, then send it again with confirm_config: true`,
        { files: [{ path: cfg.review.guidance_file, why: 'review.guidance_file: every agent reads it in its prompt' }] },
      );
    }
    const queued = await this.deps.landing.enqueueGuidance({ text: body.text, ...source.value });
    if (!queued.ok) return queued;
    if (source.value.identifier && source.value.finding_id) this.deps.reviewer.setFindingStatus(source.value.identifier, source.value.finding_id, 'promoted');
    this.deps.landing.kick();
    this.deps.changed();
    return ok({ landing_id: queued.value.id });
  }

  /** The ticket (as the tracker spells it) and finding a promotion names, once both are known to exist. */
  private async guidanceSource(body: GuidanceBody): Promise<Result<{ identifier?: string; finding_id?: string }>> {
    if (body.identifier === undefined) {
      if (body.finding_id !== undefined) return err(C.invalidInput, 'finding_id needs identifier: the ticket whose reviewer reported the finding');
      return ok({});
    }
    const writer = this.deps.tracker.writer;
    if (!writer) return err(C.trackerReadOnly, `the tracker is read-only, so ${body.identifier} cannot be looked up`);
    const found = await writer.getIssue(body.identifier);
    if (!found.ok) return found;
    if (!found.value) return err(C.issueNotFound, `ticket ${body.identifier} does not exist`);
    const identifier = found.value.identifier;
    if (body.finding_id === undefined) return ok({ identifier });
    const known = this.deps.reviewer.report(identifier)?.findings.some((f) => f.id === body.finding_id) ?? false;
    if (!known) return err(C.findingNotFound, `${identifier} has no reviewer finding ${body.finding_id}`);
    return ok({ identifier, finding_id: body.finding_id });
  }

  async setAuditStatus(id: number, status: AuditUpdateBody['status']): Promise<Result<AuditItem>> {
    const updated = this.deps.landing.setAuditStatus(id, status);
    if (updated.ok) this.deps.changed();
    return updated;
  }

  async getAuditDiff(id: number, path?: string): Promise<Result<TicketDiff>> {
    const audit = this.deps.landing.getAudit(id);
    if (!audit.ok) return audit;
    return this.markConfig(await this.deps.diff.landed(audit.value.identifier, audit.value.base_before, audit.value.landed_commit, path));
  }

  /** Names the diff's files that are trusted configuration (the inbox's banner, the files' badges). */
  private async markConfig(diff: Result<TicketDiff>): Promise<Result<TicketDiff>> {
    if (!diff.ok) return diff;
    const paths = diff.value.files.flatMap((f) => (f.old_path ? [f.old_path, f.path] : [f.path]));
    return ok({ ...diff.value, config_files: await this.deps.configGuard.among(paths) });
  }

  onReviews(listener: () => void): Unsubscribe {
    return this.deps.onChange(listener);
  }

  /**
   * A move into the landing queue's state made on the board (a PATCH) honours the reviewer gate the
   * way an approval does, and never lands trusted configuration: that needs an approval with its
   * confirmation from the inbox. Every other move is the tracker's business.
   */
  async guardMove(identifier: string, state: string): Promise<Result<void>> {
    const cfg = this.deps.config();
    if (!cfg.workspace.repo || normalizeState(state) !== normalizeState(cfg.review.merging_state)) return ok(undefined);
    const confirmed = await this.deps.configGuard.requireConfirmation(identifier, 'approve it from the review inbox, confirming the change, instead of moving it on the board');
    if (!confirmed.ok) return confirmed;
    if (!cfg.review.reviewer?.gate || !this.deps.reviewer.configured()) return ok(undefined);
    if (this.deps.reviewer.report(identifier)?.status === 'running') {
      return err(C.reviewerRunning, `the reviewer is still reading ${identifier} (review.reviewer.gate is on): move it once it has answered`);
    }
    if (this.deps.reviewer.hasOpenFindings(identifier)) {
      return err(C.blockedByFindings, `${identifier} has open P0 findings from the reviewer (review.reviewer.gate is on): dismiss them or send it back`);
    }
    return ok(undefined);
  }

  private async known(identifier: string): Promise<Result<void>> {
    const writer = this.deps.tracker.writer;
    if (!writer) return ok(undefined);
    const found = await writer.getIssue(identifier);
    if (!found.ok) return found;
    return found.value ? ok(undefined) : err(C.issueNotFound, `ticket ${identifier} does not exist`);
  }
}
