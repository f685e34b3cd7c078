import type { Issue } from '../../../shared/domain/issue.js';
import type { TraceEvent } from '../../../shared/domain/trace.js';
import type {
  Approval,
  ApprovalAnswerBody,
  CreateTicketBody,
  IssueDetail,
  MetricsSample,
  PatchTicketBody,
  RunRecord,
  StateSnapshot,
  TerminalInfo,
} from '../../../shared/api/schemas.js';
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
import type { BatonError, Result } from '../lib/result.js';
import type { SubscribeOptions, Subscription, TerminalClient } from '../terminals/terminal-types.js';
import type { EffectiveWorkflow } from '../workflow/config-types.js';
import type { ConfigChange as WorkflowConfigChange } from '../workflow/config-changes.js';

/**
 * Everything the API server needs from the engine, and nothing more. The composition root builds
 * one object implementing it over the orchestrator, tracker, store, approval queue and terminal
 * registry; the server (and its tests) depend only on this.
 *
 * Queries return promises so an implementation may read the store; subscriptions are synchronous
 * and return their unsubscribe function. Listeners must be called after the change is visible to
 * the matching query (the server calls `getState()` after `onState` fires).
 */
export interface EngineApi extends TerminalPort, ReviewEnginePort {
  /** SPEC §13.7.2 state snapshot plus Baton's fields. */
  getState(): Promise<StateSnapshot>;
  /**
   * The canonical spelling of a ticket identifier, matched case-insensitively like the trackers
   * do (`bat-2` → `BAT-2`); unchanged when nobody knows it. The server resolves every
   * `:identifier` of a route through this once, so every ticket route treats case the same way.
   */
  resolveIdentifier(identifier: string): Promise<string>;
  /** Null when the issue is unknown to the engine → 404 `issue_not_found`. */
  getIssueDetail(identifier: string): Promise<IssueDetail | null>;
  /** Queue a poll + reconcile cycle now; `coalesced` when one was already queued. */
  requestRefresh(): Promise<{ coalesced: boolean }>;

  /** Tracker writes. A tracker without a writer returns `tracker_read_only` (→ 409). */
  listTickets(): Promise<Result<Issue[]>>;
  createTicket(input: CreateTicketBody): Promise<Result<Issue>>;
  /** `issue_not_found` (→ 404) for an unknown identifier, `invalid_state` (→ 400) for an unknown state. */
  patchTicket(identifier: string, patch: PatchTicketBody): Promise<Result<Issue>>;

  /** Trace events of the issue with `seq > after`, oldest first, at most `limit`; `issue_not_found` → 404. */
  listEvents(identifier: string, after: number, limit: number): Promise<Result<TraceEvent[]>>;

  /** Baton: one ticket as the tracker has it now; `issue_not_found` (→ 404) once it is gone. */
  getTicket(identifier: string): Promise<Result<Issue>>;
  /** Baton: every run attempt of the issue, newest first (the store's runs); `issue_not_found` → 404. */
  listRuns(identifier: string): Promise<Result<RunRecord[]>>;
  /**
   * Baton: starts an operator shell (`bash -l`) in the issue's workspace as a terminal of kind
   * `shell`. `issue_not_found` → 404, `workspace_not_found` → 404, `workspace_outside_root` → 409.
   */
  openShell(identifier: string): Promise<Result<{ terminal_id: string }>>;
  /** Baton: kills one of the issue's shells (whole tree) and drops its terminal; `terminal_not_found` → 404. */
  closeShell(identifier: string, terminalId: string): Promise<Result<void>>;

  /** Pending operator requests, oldest first (OperatorQueue.list(); the wire shape is the same). */
  listApprovals(): Promise<Approval[]>;
  /** OperatorQueue.answer: `approval_not_found` → 404, `invalid_answer` → 400, `approval_already_resolved` (answered, expired or cancelled) → 409. */
  answerApproval(id: string, answer: ApprovalAnswerBody): Promise<Result<void>>;

  /** The effective workflow (unredacted: the server redacts secrets), the last reload error and a waiting version. */
  getWorkflow(): Promise<WorkflowStatus>;
  /**
   * Baton: a person applies or rejects the waiting WORKFLOW.md version (one that changes guarded
   * keys). `workflow_change_not_found` → 404 when that id no longer waits.
   */
  decideWorkflowChange(id: string, decision: 'apply' | 'reject'): Promise<Result<void>>;

  /** Baton: fleet samples of the last hour, oldest first (MetricsHistory.samples()). */
  getMetrics(): Promise<MetricsSample[]>;

  /** Something in the state snapshot changed (no payload: the server coalesces and re-reads). */
  onState(listener: () => void): Unsubscribe;
  /** A ticket was created or changed (through the API, the board or a poll). */
  onTicket(listener: (issue: Issue) => void): Unsubscribe;
  /** A trace event was stored (it already has its `seq`). */
  onTrace(listener: (event: TraceEvent) => void): Unsubscribe;
  /** The approval queue changed (the server re-reads `listApprovals()`). */
  onApprovals(listener: () => void): Unsubscribe;
  /** WORKFLOW.md was reloaded or failed to reload (the server re-reads `getWorkflow()`). */
  onWorkflow(listener: () => void): Unsubscribe;
}

export type Unsubscribe = () => void;

/**
 * The review loop as the API sees it (review/review-api.ts implements it over the inbox, the
 * decisions, the diff service, the landing queue and the reviewer agent).
 */
export interface ReviewEnginePort {
  /** Tickets in the handoff state, oldest first, and the open audits. */
  listReviews(): Promise<ReviewsResponse>;
  /** `issue_not_found` → 404, `no_repository`/`branch_not_found` → 409, `workspace_not_found` → 404. */
  getDiff(identifier: string, path?: string): Promise<Result<TicketDiff>>;
  /** `not_in_review`, `already_approved`, `blocked_by_findings` → 409. */
  decideReview(identifier: string, body: ReviewDecisionBody): Promise<Result<ReviewDecisionResponse>>;
  /** Runs `review.checks` again in the background; `checks_not_configured` → 409. */
  rerunChecks(identifier: string): Promise<Result<void>>;
  /** Runs the reviewer agent again in the background; `reviewer_not_configured` → 409. */
  rerunReviewer(identifier: string): Promise<Result<void>>;
  /** `finding_not_found` → 404. */
  setFindingStatus(identifier: string, findingId: string, status: FindingUpdateBody['status']): Promise<Result<Finding>>;
  getMergeQueue(): Promise<MergeQueueResponse>;
  /** Appends text to the guidance file through the landing queue; `no_repository` → 409. */
  promoteGuidance(body: GuidanceBody): Promise<Result<{ landing_id: number }>>;
  /** `audit_not_found` → 404. */
  setAuditStatus(id: number, status: AuditUpdateBody['status']): Promise<Result<AuditItem>>;
  /** The landed change of a sampled landing; `audit_not_found` → 404, `commit_not_found` → 409. */
  getAuditDiff(id: number, path?: string): Promise<Result<TicketDiff>>;
  /** The inbox, the audits or the landing queue changed (the server pushes `{type:'reviews'}`). */
  onReviews(listener: () => void): Unsubscribe;
}

export interface WorkflowStatus {
  workflow: EffectiveWorkflow;
  last_error: BatonError | null;
  /** A loaded version that waits for a person (workflow-store.ts PendingWorkflowChange), or null. */
  pending?: { id: string; detected_at: number; changes: WorkflowConfigChange[] } | null;
}

/**
 * Live terminals, as TerminalRegistry + TerminalSession provide them: a subscriber gets the current
 * screen and then batches of output; it acknowledges what it has rendered (credit flow control
 * applies only toward visible subscribers, so an unwatched terminal never slows its agent).
 * `listTerminals()` is `registry.list()`; the wire TerminalInfo has the same shape.
 */
export interface TerminalPort {
  listTerminals(): TerminalInfo[];
  /** The terminal list changed (created, exited, removed): TerminalRegistry.onChange. Fire it after
   *  an exited terminal's last output has been delivered to subscribers. */
  onTerminals(listener: () => void): Unsubscribe;
  /** Null for an unknown terminal (TerminalSession.subscribe for a known one). */
  subscribeTerminal(terminalId: string, client: TerminalClient, options: SubscribeOptions): Subscription | null;
  /** `terminal_not_found` or `terminal_exited` on failure (TerminalSession.input otherwise). */
  inputTerminal(terminalId: string, data: string): Result<void>;
  resizeTerminal(terminalId: string, cols: number, rows: number): Result<void>;
}

export type { SubscribeOptions, Subscription, TerminalBatch, TerminalClient, TerminalSnapshot } from '../terminals/terminal-types.js';
