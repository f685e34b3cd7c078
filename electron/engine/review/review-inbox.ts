import type { ReviewItem, ReviewsResponse } from '../../../shared/api/review-schemas.js';
import type { Issue } from '../../../shared/domain/issue.js';
import { addTokens, ZERO_TOKENS, type TokenTotals } from '../../../shared/domain/tokens.js';
import type { Logger } from '../lib/logger.js';
import type { Result } from '../lib/result.js';
import type { Store } from '../store/store.js';
import type { RunRecord } from '../store/store-types.js';
import type { TrackerReader } from '../tracker/tracker.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import type { SummaryAt } from './diff/diff-service.js';
import { overlapsOf, type TicketFiles } from './diff/overlaps.js';
import { DIFF_CONCURRENCY, inFlightFiles, mapLimited } from './in-flight.js';
import { withSharedRanges } from './overlap-ranges.js';
import type { DiffPort, LandingPort, ReviewerPort } from './review-ports.js';
import type { ConfigGuard } from './trusted/config-guard.js';
import type { TrustedFile } from './trusted/trusted-files.js';

export interface ReviewInboxDeps {
  config: () => ServiceConfig;
  tracker: TrackerReader;
  store: Pick<Store, 'reviews' | 'runs' | 'traces'>;
  diff: DiffPort;
  reviewer: ReviewerPort;
  landing: Pick<LandingPort, 'listAudits'>;
  configGuard: Pick<ConfigGuard, 'among'>;
  logger: Logger;
}

/**
 * The review inbox: every ticket in the handoff state, oldest first, with what a person needs to
 * decide without opening anything else — the diff's shape, the agent's last word, checks, reviewer
 * findings, cost, and which other tickets in flight touch the same files.
 */
export class ReviewInbox {
  constructor(private readonly deps: ReviewInboxDeps) {}

  async list(): Promise<ReviewsResponse> {
    const cfg = this.deps.config();
    const handoff = cfg.agent.handoff_state;
    const audits = this.deps.landing.listAudits();
    if (!handoff) return { reviews: [], audits, handoff_state: null };
    const inReview = await this.deps.tracker.fetchIssuesByStates([handoff]);
    if (!inReview.ok) {
      this.deps.logger.warn({ code: inReview.error.code }, `review inbox: tracker read failed: ${inReview.error.message}`);
      return { reviews: [], audits, handoff_state: handoff };
    }
    // One summary per ticket in review; its file list doubles as the ticket's in-flight files, so
    // only tickets outside the inbox are diffed again for overlaps. Line ranges are then read only
    // for files a ticket in review shares with another ticket (overlap-ranges.ts).
    const summaries = await mapLimited(inReview.value, DIFF_CONCURRENCY, (issue) => (cfg.workspace.repo ? this.deps.diff.summary(issue.identifier) : Promise.resolve(null)));
    const known = inReview.value.map((issue, i) => {
      const read = summaries[i] ?? null;
      return { identifier: issue.identifier, files: filesOf(read), snapshot: read?.ok ? read.value.snapshot : null };
    });
    const inFlight = await inFlightFiles(cfg, this.deps.tracker, this.deps.diff, { states: [handoff], tickets: known });
    const trusted = await Promise.all(known.map((t) => this.deps.configGuard.among(t.files)));
    const ranged = await withSharedRanges(
      inFlight,
      inReview.value.map((issue) => issue.identifier),
      (snapshot, paths) => this.deps.diff.lineRanges(snapshot, paths),
    );
    const items = inReview.value.map((issue, i) => this.item(issue, summaries[i] ?? null, ranged, trusted[i] ?? []));
    items.sort((a, b) => (a.entered_review_at ?? a.issue.updated_at ?? '').localeCompare(b.entered_review_at ?? b.issue.updated_at ?? ''));
    return { reviews: items, audits, handoff_state: handoff };
  }

  private item(issue: Issue, read: Result<SummaryAt> | null, inFlight: readonly TicketFiles[], trusted: TrustedFile[]): ReviewItem {
    const cfg = this.deps.config();
    const id = issue.identifier;
    const runs = orEmpty(this.deps.store.runs.listRuns(id));
    const message = this.deps.store.traces.latestOfKind(id, 'message');
    const check = this.deps.store.reviews.latestCheck(id);
    const feedback = this.deps.store.reviews.listFeedback(id);
    const reviewer = this.deps.reviewer.report(id);
    const summary = read?.ok ? read.value.summary : null;
    const checks = check.ok ? check.value : null;
    const mine = inFlight.find((t) => t.identifier === id) ?? { identifier: id, files: filesOf(read) };
    return {
      issue,
      entered_review_at: runs.find((r) => r.status === 'handed_off')?.ended_at ?? null,
      diff: summary,
      diff_error: read === null ? { code: 'no_repository', message: 'workspace.repo is not set, so there is no diff' } : read.ok ? null : read.error,
      final_message: message.ok && message.value ? finalText(message.value.data, message.value.summary) : null,
      checks,
      // A check of an unknown tree (from before checks recorded one) cannot be proven current.
      checks_stale: checks !== null && checks.status !== 'running' && summary !== null && checks.tree !== summary.tree,
      reviewer,
      agent_time_ms: runs.reduce((sum, r) => sum + duration(r), 0),
      tokens: runs.reduce<TokenTotals>((sum, r) => addTokens(sum, r), { ...ZERO_TOKENS }),
      attempts: runs.length,
      feedback: feedback.ok ? feedback.value : [],
      overlaps: overlapsOf(
        mine,
        inFlight.filter((t) => t.identifier !== id),
      ),
      gated: Boolean(cfg.review.reviewer?.gate) && this.deps.reviewer.hasOpenFindings(id),
      config_change: trusted.length > 0 ? { files: trusted } : null,
    };
  }
}

function filesOf(read: Result<SummaryAt> | null): string[] {
  return read?.ok ? read.value.summary.files.flatMap((f) => (f.old_path ? [f.old_path, f.path] : [f.path])) : [];
}

function finalText(data: Record<string, unknown>, summary: string): string {
  return typeof data.text === 'string' && data.text.trim() !== '' ? data.text : summary;
}

function duration(run: RunRecord): number {
  if (!run.ended_at) return 0;
  const ms = Date.parse(run.ended_at) - Date.parse(run.started_at);
  return Number.isFinite(ms) && ms > 0 ? ms : 0;
}

function orEmpty<T>(result: { ok: true; value: T[] } | { ok: false }): T[] {
  return result.ok ? result.value : [];
}
