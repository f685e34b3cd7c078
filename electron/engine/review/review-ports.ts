import type {
  AuditItem,
  CheckResult,
  Finding,
  GuidanceBody,
  Landing,
  MergeQueueResponse,
  ReviewerReport,
  TicketDiff,
} from '../../../shared/api/review-schemas.js';
import type { Issue } from '../../../shared/domain/issue.js';
import type { Result } from '../lib/result.js';
import type { CheckRequest } from './checks/check-runner.js';
import type { ChangedFiles, SummaryAt } from './diff/diff-service.js';
import type { DiffSnapshot, LineRanges } from './diff/line-ranges.js';
import type { ReviewInput } from './reviewer/reviewer-agent.js';

/*
 * What the review service needs from the parts it coordinates. The composition root adapts the
 * diff service, the landing queue, the reviewer agent and the check runner to these, so decisions
 * and the inbox can be read (and tested) without knowing how each part works inside.
 */

export interface DiffPort {
  /** The ticket's work against the base branch; `path` limits it to one file. */
  diff(identifier: string, path?: string): Promise<Result<TicketDiff>>;
  /** The diff's shape without its patch (the inbox list: no hunks generated), and where it was read. */
  summary(identifier: string): Promise<Result<SummaryAt>>;
  /** A landed change, `from..to` in the repository (what an audit reads). */
  landed(identifier: string, from: string, to: string, path?: string): Promise<Result<TicketDiff>>;
  /** Cheap list of changed paths (committed and uncommitted), for overlaps, and where it was read. */
  changedFiles(identifier: string): Promise<Result<ChangedFiles>>;
  /** Base lines changed in some files of a diff read before: "same lines" overlaps. */
  lineRanges(snapshot: DiffSnapshot, paths: readonly string[]): Promise<Result<LineRanges>>;
}

/** What callers need of a queue entry: which one it is and how far it got. */
export type LandingRef = Pick<Landing, 'id' | 'status'>;

export interface LandingPort {
  enqueue(issue: Issue): Promise<Result<LandingRef>>;
  enqueueGuidance(body: GuidanceBody): Promise<Result<LandingRef>>;
  /** The queued, landing or blocked entry of a ticket, if any. */
  activeFor(identifier: string): LandingRef | null;
  list(): Promise<MergeQueueResponse>;
  /** Start (or continue) landing; safe to call any time. */
  kick(): void;
  listAudits(): AuditItem[];
  getAudit(id: number): Result<AuditItem>;
  setAuditStatus(id: number, status: AuditItem['status']): Result<AuditItem>;
}

export interface ReviewerPort {
  /** False when `review.reviewer` is not configured. */
  configured(): boolean;
  review(input: ReviewInput): Promise<ReviewerReport>;
  report(identifier: string): ReviewerReport | null;
  hasOpenFindings(identifier: string): boolean;
  setFindingStatus(identifier: string, findingId: string, status: Finding['status']): Result<Finding>;
}

export interface ChecksPort {
  /** Runs `review.checks` on a disposable copy of `commit` as a live terminal; `onTerminal` fires once it exists. */
  run(input: CheckRequest): Promise<CheckResult>;
}
