import type { Issue } from '../../shared/domain/issue.js';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { ZERO_TOKENS } from '../../shared/domain/tokens.js';
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
} from '../../shared/api/schemas.js';
import type { OperatorQueue } from './agents/operator-queue.js';
import type { EngineEvents } from './engine-events.js';
import type { MetricsHistory } from './metrics-history.js';
import { isoTime, type Clock } from './lib/clock.js';
import { err, ok, type Result } from './lib/result.js';
import type { Orchestrator } from './orchestrator/orchestrator.js';
import { unsubscribeOf } from './lib/emitter.js';
import type { EngineApi, ReviewEnginePort, Subscription, TerminalClient, SubscribeOptions, Unsubscribe, WorkflowStatus } from './server/engine-api.js';
import type { Store } from './store/store.js';
import { rawLogPath } from './terminals/raw-log.js';
import type { ShellTerminals } from './terminals/shell-terminals.js';
import type { TerminalRegistry } from './terminals/terminal-registry.js';
import type { Tracker } from './tracker/tracker.js';
import type { WorkflowStore } from './workflow/workflow-store.js';

export interface EngineFacadeDeps {
  orchestrator: Orchestrator;
  tracker: Tracker;
  store: Store;
  workflow: WorkflowStore;
  operatorQueue: OperatorQueue;
  terminals: TerminalRegistry;
  events: EngineEvents;
  clock: Clock;
  rawLogDir: string | null;
  /** Operator shells in ticket workspaces (ShellTerminals). */
  shells: Pick<ShellTerminals, 'open' | 'close'>;
  metrics: MetricsHistory;
  /** The review inbox, decisions, diffs, landing queue and reviewer (review/review-api.ts). */
  review: ReviewEnginePort;
  /** Refuses a board move the review loop does not allow (into the landing queue past the reviewer gate). */
  guardMove?: (identifier: string, state: string) => Promise<Result<void>>;
}

/** How many recent events the issue detail view carries (SPEC §13.7.2 `recent_events`). */
const RECENT_EVENTS = 20;

/**
 * The engine as the API server sees it: reads come from the orchestrator's snapshot, the tracker
 * and the store; operator writes go to the tracker's writer and the operator queue. No scheduling
 * state is changed here; the orchestrator stays its single writer.
 */
export class EngineFacade implements EngineApi {
  constructor(private readonly deps: EngineFacadeDeps) {}

  async getState(): Promise<StateSnapshot> {
    const snap = this.deps.orchestrator.snapshot();
    const today = this.deps.store.tokens.tokensForDay(localDay(this.deps.clock.now()));
    return {
      ...snap,
      counts: { ...snap.counts, waiting: this.deps.operatorQueue.list().length },
      running: snap.running.map((r) => ({ ...r, terminal_id: this.terminalOf(r.issue_identifier) })),
      retrying: snap.retrying.map(({ kind: _kind, ...r }) => r),
      tokens_today: today.ok ? today.value : { ...ZERO_TOKENS },
      workflow_error: this.workflowError(),
      storage_error: this.storageError(),
    };
  }

  async resolveIdentifier(identifier: string): Promise<string> {
    // This process's own bookkeeping first (no tracker round trip), then the tracker, then history.
    const known = this.deps.orchestrator.knownIdentifier(identifier);
    if (known) return known;
    const issue = await this.findIssue(identifier);
    if (issue) return issue.identifier;
    const stored = this.deps.store.runs.identifierSpelling(identifier);
    return stored.ok && stored.value ? stored.value : identifier;
  }

  async getIssueDetail(identifier: string): Promise<IssueDetail | null> {
    const issue = await this.findIssue(identifier);
    const issueId = issue?.id ?? this.deps.orchestrator.findIssueId(identifier);
    if (!issueId) return null;
    const canonical = issue?.identifier ?? identifier;
    const runtime = this.deps.orchestrator.runtimeOf(issueId);
    const runs = this.deps.store.runs.listRuns(canonical);
    const runList = runs.ok ? runs.value : [];
    const waiting = this.deps.operatorQueue.list().some((r) => r.issue_id === issueId);
    const recent = this.deps.store.traces.recentEvents(canonical, RECENT_EVENTS);
    const workspacePath = runtime.running?.workspace_path ?? runtime.history?.workspace_path ?? runList.find((r) => r.workspace_path)?.workspace_path ?? null;
    const branch = runtime.running?.branch ?? runtime.history?.branch ?? runList.find((r) => r.branch)?.branch ?? null;
    const { issue_id: _a, issue_identifier: _b, kind: _k, ...retry } = runtime.retry ?? { issue_id: '', issue_identifier: '', kind: '' };
    const running = runtime.running
      ? (({ issue_id: _i, issue_identifier: _j, ...r }) => ({ ...r, terminal_id: this.terminalOf(canonical) }))(runtime.running)
      : null;
    return {
      issue_identifier: canonical,
      issue_id: issueId,
      status: runtime.running ? (waiting ? 'waiting' : 'running') : runtime.retry ? 'retrying' : 'idle',
      workspace: workspacePath ? { path: workspacePath, branch } : null,
      attempts: {
        restart_count: runtime.history?.restart_count ?? runList.filter((r) => r.status !== 'running' && r.status !== 'succeeded' && r.status !== 'handed_off').length,
        current_retry_attempt: runtime.retry?.attempt ?? runtime.running?.attempt ?? null,
      },
      running,
      retry: runtime.retry ? (retry as NonNullable<IssueDetail['retry']>) : null,
      logs: {
        codex_session_logs: this.deps.terminals
          .list()
          .filter((t) => t.issue_identifier === canonical && this.deps.rawLogDir)
          .map((t, i, all) => ({ label: i === all.length - 1 ? 'latest' : t.id, path: rawLogPath(this.deps.rawLogDir!, t.id), url: null })),
      },
      recent_events: (recent.ok ? recent.value : []).map((e) => ({ at: e.at, event: String(e.data.event ?? e.kind), message: e.summary })),
      last_error: runtime.history?.last_error ?? runList.find((r) => r.error)?.error ?? null,
      tracked: { runs: runList.length, state: issue?.state ?? runtime.running?.state ?? null },
    };
  }

  async requestRefresh(): Promise<{ coalesced: boolean }> {
    return this.deps.orchestrator.requestRefresh();
  }

  async listTickets(): Promise<Result<Issue[]>> {
    const writer = this.deps.tracker.writer;
    return writer ? writer.listIssues() : readOnly();
  }

  async createTicket(input: CreateTicketBody): Promise<Result<Issue>> {
    const writer = this.deps.tracker.writer;
    if (!writer) return readOnly();
    const created = await writer.createIssue(input);
    if (created.ok) this.record('ticket.create', created.value.identifier, { title: input.title, state: created.value.state });
    return created;
  }

  async patchTicket(identifier: string, patch: PatchTicketBody): Promise<Result<Issue>> {
    const writer = this.deps.tracker.writer;
    if (!writer) return readOnly();
    if (patch.state !== undefined) {
      const allowed = await this.deps.guardMove?.(identifier, patch.state);
      if (allowed && !allowed.ok) return allowed;
    }
    const updated = await writer.updateIssue(identifier, patch);
    if (updated.ok) {
      this.record('ticket.update', updated.value.identifier, { ...patch });
      // A move on the board should be acted on now, not at the next poll.
      if (patch.state !== undefined) this.deps.orchestrator.requestRefresh();
    }
    return updated;
  }

  async listEvents(identifier: string, after: number, limit: number): Promise<Result<TraceEvent[]>> {
    const issue = await this.findIssue(identifier);
    const canonical = issue?.identifier ?? (this.deps.orchestrator.findIssueId(identifier) ? identifier : null);
    if (!canonical) return err('issue_not_found', `no ticket ${identifier}`);
    return this.deps.store.traces.listEvents({ issue_identifier: canonical, after, limit });
  }

  async getTicket(identifier: string): Promise<Result<Issue>> {
    const writer = this.deps.tracker.writer;
    if (!writer) return readOnly();
    const found = await writer.getIssue(identifier);
    if (!found.ok) return found;
    return found.value ? ok(found.value) : err('issue_not_found', `${identifier} is not in the tracker (deleted or moved out of it)`);
  }

  async listRuns(identifier: string): Promise<Result<RunRecord[]>> {
    const issue = await this.findIssue(identifier);
    const runs = this.deps.store.runs.listRuns(issue?.identifier ?? identifier);
    if (!runs.ok) return runs;
    // A ticket gone from the tracker keeps its history; only a name nobody knows is a 404.
    if (!issue && runs.value.length === 0 && !this.deps.orchestrator.findIssueId(identifier)) return err('issue_not_found', `no ticket ${identifier}`);
    return runs;
  }

  async openShell(identifier: string): Promise<Result<{ terminal_id: string }>> {
    const issue = await this.findIssue(identifier);
    const issueId = issue?.id ?? this.deps.orchestrator.findIssueId(identifier);
    if (!issueId) return err('issue_not_found', `no ticket ${identifier}`);
    const opened = await this.deps.shells.open({ identifier: issue?.identifier ?? identifier, issue_id: issueId });
    if (opened.ok) this.record('shell.open', issue?.identifier ?? identifier, { terminal_id: opened.value.terminal_id });
    return opened;
  }

  closeShell(identifier: string, terminalId: string): Promise<Result<void>> {
    return this.deps.shells.close(identifier, terminalId);
  }

  async listApprovals(): Promise<Approval[]> {
    return this.deps.operatorQueue.list();
  }

  async answerApproval(id: string, answer: ApprovalAnswerBody): Promise<Result<void>> {
    const request = this.deps.operatorQueue.get(id);
    const answered = this.deps.operatorQueue.answer(id, answer);
    if (answered.ok) this.record('approval.answer', request?.issue_identifier ?? null, { id, ...answer });
    return answered;
  }

  async getWorkflow(): Promise<WorkflowStatus> {
    return { workflow: this.deps.workflow.current(), last_error: this.deps.workflow.lastError(), pending: this.deps.workflow.pendingChange() };
  }

  async decideWorkflowChange(id: string, decision: 'apply' | 'reject'): Promise<Result<void>> {
    const pending = this.deps.workflow.pendingChange();
    const decided = decision === 'apply' ? this.deps.workflow.applyPending(id) : this.deps.workflow.rejectPending(id);
    if (!decided.ok) return decided;
    const keys = pending?.changes.filter((c) => c.guarded !== null).map((c) => c.key) ?? [];
    this.record(`workflow.${decision}`, null, { id, keys });
    return ok(undefined);
  }

  async getMetrics(): Promise<MetricsSample[]> {
    return this.deps.metrics.samples();
  }

  onState(listener: () => void): Unsubscribe {
    return unsubscribeOf(this.deps.orchestrator.onChange(listener));
  }

  onTicket(listener: (issue: Issue) => void): Unsubscribe {
    return unsubscribeOf(this.deps.events.ticket.on(listener));
  }

  onTrace(listener: (event: TraceEvent) => void): Unsubscribe {
    return unsubscribeOf(this.deps.events.trace.on(listener));
  }

  onApprovals(listener: () => void): Unsubscribe {
    return unsubscribeOf(this.deps.operatorQueue.onChange(listener));
  }

  onWorkflow(listener: () => void): Unsubscribe {
    return unsubscribeOf(this.deps.workflow.onStatus(listener));
  }

  // The review loop answers for itself (review/review-api.ts); the facade only passes through.
  listReviews = (): ReturnType<ReviewEnginePort['listReviews']> => this.deps.review.listReviews();
  getDiff: ReviewEnginePort['getDiff'] = (identifier, path) => this.deps.review.getDiff(identifier, path);
  decideReview: ReviewEnginePort['decideReview'] = (identifier, body) => this.deps.review.decideReview(identifier, body);
  rerunChecks: ReviewEnginePort['rerunChecks'] = (identifier) => this.deps.review.rerunChecks(identifier);
  rerunReviewer: ReviewEnginePort['rerunReviewer'] = (identifier) => this.deps.review.rerunReviewer(identifier);
  setFindingStatus: ReviewEnginePort['setFindingStatus'] = (identifier, id, status) => this.deps.review.setFindingStatus(identifier, id, status);
  getMergeQueue: ReviewEnginePort['getMergeQueue'] = () => this.deps.review.getMergeQueue();
  promoteGuidance: ReviewEnginePort['promoteGuidance'] = (body) => this.deps.review.promoteGuidance(body);
  setAuditStatus: ReviewEnginePort['setAuditStatus'] = (id, status) => this.deps.review.setAuditStatus(id, status);
  getAuditDiff: ReviewEnginePort['getAuditDiff'] = (id, path) => this.deps.review.getAuditDiff(id, path);
  onReviews: ReviewEnginePort['onReviews'] = (listener) => this.deps.review.onReviews(listener);

  listTerminals(): TerminalInfo[] {
    return this.deps.terminals.list();
  }

  onTerminals(listener: () => void): Unsubscribe {
    return unsubscribeOf(this.deps.terminals.onChange(() => listener()));
  }

  subscribeTerminal(terminalId: string, client: TerminalClient, options: SubscribeOptions): Subscription | null {
    return this.deps.terminals.get(terminalId)?.subscribe(client, options) ?? null;
  }

  inputTerminal(terminalId: string, data: string): Result<void> {
    return this.withLiveTerminal(terminalId, (t) => t.input(data));
  }

  resizeTerminal(terminalId: string, cols: number, rows: number): Result<void> {
    return this.withLiveTerminal(terminalId, (t) => t.resize(cols, rows));
  }

  private withLiveTerminal(id: string, fn: (t: NonNullable<ReturnType<TerminalRegistry['get']>>) => void): Result<void> {
    const info = this.deps.terminals.info(id);
    const session = this.deps.terminals.get(id);
    if (!info || !session) return err('terminal_not_found', `no terminal ${id}`);
    if (info.exited) return err('terminal_exited', `terminal ${id} has exited`);
    fn(session);
    return ok(undefined);
  }

  /** The newest live terminal of an issue: the one a viewer of its running row wants. */
  private terminalOf(identifier: string): string | null {
    const mine = this.deps.terminals.list().filter((t) => t.issue_identifier === identifier);
    return (mine.filter((t) => !t.exited).pop() ?? mine.pop())?.id ?? null;
  }

  private async findIssue(identifier: string): Promise<Issue | null> {
    const writer = this.deps.tracker.writer;
    if (!writer) return null;
    const found = await writer.getIssue(identifier);
    return found.ok ? found.value : null;
  }

  private workflowError(): StateSnapshot['workflow_error'] {
    const e = this.deps.workflow.lastError() ?? this.deps.orchestrator.lastValidationError();
    return e ? { code: e.code, message: e.message } : null;
  }

  private storageError(): StateSnapshot['storage_error'] {
    const { traces } = this.deps.store;
    const store = traces.lastError;
    if (store) {
      const dropped = traces.dropped > 0 ? ` (${traces.dropped} dropped: memory is full too)` : '';
      return { code: store.code, message: `the history store cannot save: ${store.message}${dropped}` };
    }
    const log = this.deps.terminals.rawLogFailures()[0];
    return log ? { code: 'raw_log_failed', message: `the raw log of terminal ${log.id} stopped at ${log.path}: ${log.error}` } : null;
  }

  private record(action: string, target: string | null, payload: Record<string, unknown>): void {
    this.deps.store.actions.recordAction({ at: isoTime(this.deps.clock.now()), actor: 'api', action, target, payload });
  }
}

function readOnly<T>(): Result<T> {
  return err('tracker_read_only', 'this tracker cannot be written to from Baton');
}

/** YYYY-MM-DD in local time: "tokens spent today" means the operator's day. */
export function localDay(ms: number): string {
  const d = new Date(ms);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`;
}
