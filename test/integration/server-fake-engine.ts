/**
 * An in-test EngineApi for the API server tests: the server is the unit under test, so the engine
 * behind it is a plain object with inspectable state. Every listener and terminal subscription is
 * counted so tests can prove the server releases them.
 */
import type { Approval, ApprovalAnswerBody, CreateTicketBody, IssueDetail, MetricsSample, PatchTicketBody, RunRecord, StateSnapshot, TerminalInfo } from '../../shared/api/schemas.js';
import type { AuditItem, Finding, MergeQueueResponse, ReviewDecisionBody, ReviewDecisionResponse, ReviewsResponse, TicketDiff } from '../../shared/api/review-schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import type { TraceEvent } from '../../shared/domain/trace.js';
import type { EngineApi, Subscription, TerminalBatch, TerminalClient, TerminalSnapshot, WorkflowStatus } from '../../electron/engine/server/engine-api.js';
import { err, ok, type BatonError, type Result } from '../../electron/engine/lib/result.js';
import { testConfig, testIssue } from '../fixtures/service-config.js';
import type { ServiceConfig } from '../../electron/engine/workflow/config-types.js';

export const SECRET_API_KEY = 'lin_api_SECRET_never_served_0123456789';
export const SECRET_REVIEWER_KEY = 'sk-reviewer-SECRET-never-served-9876';

/** testIssue with fixed timestamps, so every ticket the fake serves compares equal across reads. */
export function makeIssue(n: number, overrides: Partial<Issue> = {}): Issue {
  return testIssue(n, { created_at: '2026-01-01T00:00:00.000Z', updated_at: '2026-01-01T00:00:00.000Z', ...overrides });
}

export function makeTrace(seq: number, identifier = 'BAT-1'): TraceEvent {
  return {
    seq,
    issue_id: `id-${identifier.split('-')[1]}`,
    issue_identifier: identifier,
    run_id: 'run-1',
    session_id: null,
    at: '2026-01-01T00:00:00.000Z',
    kind: 'message',
    summary: `event ${seq}`,
    data: {},
  };
}

function serviceConfig(): ServiceConfig {
  return testConfig({
    tracker: { kind: 'linear', provider: { api_key: SECRET_API_KEY, project_slug: 'proj' } },
    review: { reviewer: { model: 'gpt-test', base_url: null, api_key: SECRET_REVIEWER_KEY, gate: false, timeout_ms: 1000 } },
  });
}

class Listeners<A extends unknown[]> {
  readonly set = new Set<(...args: A) => void>();
  add(listener: (...args: A) => void): () => void {
    this.set.add(listener);
    return () => this.set.delete(listener);
  }
  emit(...args: A): void {
    for (const l of [...this.set]) l(...args);
  }
}

export class FakeTerminal {
  readonly subscribers = new Set<FakeSubscriber>();
  readonly inputs: string[] = [];
  readonly resizes: Array<[number, number]> = [];
  offset = 0;
  info: TerminalInfo;

  constructor(id: string, readonly screen = 'screen-of-' + id) {
    this.info = {
      id, issue_id: 'id-1', issue_identifier: 'BAT-1', kind: 'agent', title: `terminal ${id}`, cols: 80, rows: 24,
      created_at: '2026-01-01T00:00:00.000Z', exited: false, exit_code: null, signal: null,
    };
  }

  /** Output reaches every subscriber (the real session withholds it from invisible ones). */
  write(data: string): void {
    this.offset += data.length;
    const batch: TerminalBatch = { data, offset: this.offset };
    for (const s of this.subscribers) s.client.send(batch);
  }

  resize(cols: number, rows: number): void {
    this.info = { ...this.info, cols, rows };
    for (const s of this.subscribers) s.client.onResize?.(cols, rows);
  }

  snapshot(): TerminalSnapshot {
    return { data: this.screen, cols: this.info.cols, rows: this.info.rows, seq: this.offset };
  }
}

export class FakeSubscriber implements Subscription {
  readonly acks: number[] = [];
  readonly visibility: boolean[] = [];
  disposed = false;
  readonly snapshot: TerminalSnapshot;

  constructor(readonly terminal: FakeTerminal, readonly client: TerminalClient, visible: boolean) {
    this.snapshot = terminal.snapshot();
    this.visibility.push(visible);
  }
  ack(chars: number): void {
    this.acks.push(chars);
  }
  setVisible(visible: boolean): void {
    this.visibility.push(visible);
  }
  dispose(): void {
    this.disposed = true;
    this.terminal.subscribers.delete(this);
  }
}

export class FakeEngine implements EngineApi {
  stateVersion = 0;
  stateReads = 0;
  readOnly = false;
  failNext: Error | null = null;
  tickets = new Map<string, Issue>([['BAT-1', makeIssue(1)], ['BAT-2', makeIssue(2, { state: 'In Progress' })]]);
  events: TraceEvent[] = Array.from({ length: 10 }, (_, i) => makeTrace(i + 1));
  approvals: Approval[] = [];
  answered: Array<{ id: string; answer: ApprovalAnswerBody }> = [];
  refreshes = 0;
  workflowError: BatonError | null = null;
  readonly terminals = new Map<string, FakeTerminal>();
  readonly subscriptions: FakeSubscriber[] = [];

  readonly state = new Listeners<[]>();
  readonly ticket = new Listeners<[Issue]>();
  readonly trace = new Listeners<[TraceEvent]>();
  readonly approvalsChanged = new Listeners<[]>();
  readonly workflow = new Listeners<[]>();
  readonly terminalsChanged = new Listeners<[]>();
  readonly reviewsChanged = new Listeners<[]>();
  /** Review decisions the API passed through, in order. */
  readonly decisions: Array<{ identifier: string; body: ReviewDecisionBody }> = [];

  listenerCount(): number {
    return [this.state, this.ticket, this.trace, this.approvalsChanged, this.workflow, this.terminalsChanged, this.reviewsChanged].reduce((n, l) => n + l.set.size, 0);
  }

  liveSubscriptions(): number {
    return this.subscriptions.filter((s) => !s.disposed).length;
  }

  private maybeFail(): void {
    const e = this.failNext;
    this.failNext = null;
    if (e) throw e;
  }

  async getState(): Promise<StateSnapshot> {
    this.maybeFail();
    this.stateReads++;
    return {
      generated_at: new Date().toISOString(),
      counts: { running: 1, retrying: 1, waiting: this.approvals.length },
      running: [
        {
          issue_id: 'id-1', issue_identifier: 'BAT-1', state: 'In Progress', session_id: 'thr-1-turn-1', turn_count: this.stateVersion,
          last_event: 'turn_completed', last_message: '', started_at: '2026-01-01T00:00:00.000Z', last_event_at: null,
          tokens: { input_tokens: 1, output_tokens: 2, total_tokens: 3 }, attempt: null, terminal_id: 't1',
        },
      ],
      retrying: [{ issue_id: 'id-2', issue_identifier: 'BAT-2', attempt: 2, due_at: '2026-01-01T00:01:00.000Z', error: 'boom' }],
      codex_totals: { input_tokens: 1, output_tokens: 2, total_tokens: 3, seconds_running: 4.5 },
      rate_limits: null,
      tokens_today: { input_tokens: 1, output_tokens: 2, total_tokens: 3 },
      workflow_error: null,
      storage_error: null,
    };
  }

  async resolveIdentifier(identifier: string): Promise<string> {
    return [...this.tickets.keys()].find((k) => k.toLowerCase() === identifier.toLowerCase()) ?? identifier;
  }

  async getIssueDetail(identifier: string): Promise<IssueDetail | null> {
    if (identifier !== 'BAT-1') return null;
    return {
      issue_identifier: 'BAT-1', issue_id: 'id-1', status: 'running',
      workspace: { path: '/tmp/ws/BAT-1', branch: 'baton/BAT-1' },
      attempts: { restart_count: 0, current_retry_attempt: null },
      running: {
        state: 'In Progress', session_id: 'thr-1-turn-1', turn_count: 1, last_event: 'notification', last_message: 'hi',
        started_at: '2026-01-01T00:00:00.000Z', last_event_at: '2026-01-01T00:00:01.000Z',
        tokens: { input_tokens: 1, output_tokens: 2, total_tokens: 3 }, attempt: null, terminal_id: 't1',
      },
      retry: null,
      logs: { codex_session_logs: [{ label: 'latest', path: '/tmp/logs/BAT-1.log', url: null }] },
      recent_events: [{ at: '2026-01-01T00:00:01.000Z', event: 'notification', message: 'hi' }],
      last_error: null,
      tracked: {},
    };
  }

  async requestRefresh(): Promise<{ coalesced: boolean }> {
    this.refreshes++;
    return { coalesced: this.refreshes > 1 };
  }

  private readOnlyError() {
    return err('tracker_read_only', 'the linear tracker is read-only in Baton');
  }

  async listTickets(): Promise<Result<Issue[]>> {
    if (this.readOnly) return this.readOnlyError();
    return ok([...this.tickets.values()]);
  }

  async createTicket(input: CreateTicketBody): Promise<Result<Issue>> {
    if (this.readOnly) return this.readOnlyError();
    const issue = makeIssue(this.tickets.size + 1, {
      title: input.title, description: input.description ?? null, priority: input.priority ?? null,
      labels: input.labels ?? [], state: input.state ?? 'Todo',
    });
    this.tickets.set(issue.identifier, issue);
    return ok(issue);
  }

  async patchTicket(identifier: string, patch: PatchTicketBody): Promise<Result<Issue>> {
    if (this.readOnly) return this.readOnlyError();
    const issue = this.tickets.get(identifier);
    if (!issue) return err('issue_not_found', `no ticket ${identifier}`);
    if (patch.state !== undefined && !['Todo', 'In Progress', 'Done'].includes(patch.state)) {
      return err('invalid_state', `unknown state ${patch.state}`);
    }
    const next: Issue = { ...issue, ...patch, description: patch.description !== undefined ? patch.description : issue.description };
    this.tickets.set(identifier, next);
    return ok(next);
  }

  async listEvents(identifier: string, after: number, limit: number): Promise<Result<TraceEvent[]>> {
    if (!this.tickets.has(identifier)) return err('issue_not_found', `no ticket ${identifier}`);
    return ok(this.events.filter((e) => e.issue_identifier === identifier && e.seq > after).slice(0, limit));
  }

  runs: RunRecord[] = [];
  /** Shells opened through the API, by terminal id → identifier. */
  readonly shells = new Map<string, string>();
  /** Identifiers whose workspace exists (openShell refuses the others). */
  readonly workspaces = new Set<string>(['BAT-1']);

  async getTicket(identifier: string): Promise<Result<Issue>> {
    if (this.readOnly) return this.readOnlyError();
    const issue = this.tickets.get(identifier);
    return issue ? ok(issue) : err('issue_not_found', `no ticket ${identifier}`);
  }

  async listRuns(identifier: string): Promise<Result<RunRecord[]>> {
    if (!this.tickets.has(identifier)) return err('issue_not_found', `no ticket ${identifier}`);
    return ok(this.runs.filter((r) => r.issue_identifier === identifier));
  }

  async openShell(identifier: string): Promise<Result<{ terminal_id: string }>> {
    if (!this.tickets.has(identifier)) return err('issue_not_found', `no ticket ${identifier}`);
    if (identifier === 'BAT-2') return err('workspace_outside_root', 'the workspace of BAT-2 is a symlink out of the root');
    if (!this.workspaces.has(identifier)) return err('workspace_not_found', `${identifier} has no workspace yet`);
    const id = `shell-${identifier}-${this.shells.size + 1}`;
    this.shells.set(id, identifier);
    this.addTerminal(id).info.kind = 'shell';
    return ok({ terminal_id: id });
  }

  async closeShell(identifier: string, terminalId: string): Promise<Result<void>> {
    if (this.shells.get(terminalId) !== identifier) return err('terminal_not_found', `${identifier} has no shell ${terminalId}`);
    this.shells.delete(terminalId);
    this.terminals.delete(terminalId);
    return ok(undefined);
  }

  async listApprovals(): Promise<Approval[]> {
    return this.approvals;
  }

  async answerApproval(id: string, answer: ApprovalAnswerBody): Promise<Result<void>> {
    if (this.answered.some((a) => a.id === id)) return err('approval_already_resolved', `approval ${id} was already answered`);
    if (!this.approvals.some((a) => a.id === id)) return err('approval_not_found', `no approval ${id}`);
    this.answered.push({ id, answer });
    return ok(undefined);
  }

  metrics: MetricsSample[] = [];

  async getMetrics(): Promise<MetricsSample[]> {
    return this.metrics;
  }

  async getWorkflow(): Promise<WorkflowStatus> {
    const config = serviceConfig();
    return {
      workflow: {
        definition: { path: '/repo/WORKFLOW.md', config: { tracker: { api_key: SECRET_API_KEY } }, prompt_template: 'Work on {{ issue.identifier }}' },
        config,
        loaded_at: Date.UTC(2026, 0, 1),
      },
      last_error: this.workflowError,
      pending: null,
    };
  }

  async decideWorkflowChange(id: string): Promise<Result<void>> {
    return err('workflow_change_not_found', `no waiting workflow change ${id}: no change is waiting`);
  }

  onState(listener: () => void) { return this.state.add(listener); }
  onTicket(listener: (issue: Issue) => void) { return this.ticket.add(listener); }
  onTrace(listener: (event: TraceEvent) => void) { return this.trace.add(listener); }
  onApprovals(listener: () => void) { return this.approvalsChanged.add(listener); }
  onWorkflow(listener: () => void) { return this.workflow.add(listener); }
  onTerminals(listener: () => void) { return this.terminalsChanged.add(listener); }
  onReviews(listener: () => void) { return this.reviewsChanged.add(listener); }

  // The review loop: a ticket in `Human Review` takes decisions, anything else is refused like the
  // real engine does; the real behaviour is tested end to end in engine-review-*.test.ts.
  async listReviews(): Promise<ReviewsResponse> {
    return { reviews: [], audits: [], handoff_state: 'Human Review' };
  }
  async getDiff(identifier: string): Promise<Result<TicketDiff>> {
    if (!this.tickets.has(identifier)) return err('issue_not_found', `ticket ${identifier} does not exist`);
    return err('no_repository', 'workspace.repo is not set');
  }
  async decideReview(identifier: string, body: ReviewDecisionBody): Promise<Result<ReviewDecisionResponse>> {
    const ticket = this.tickets.get(identifier);
    if (!ticket) return err('issue_not_found', `ticket ${identifier} does not exist`);
    if (ticket.state !== 'Human Review') return err('not_in_review', `${identifier} is in ${ticket.state}, not Human Review`);
    this.decisions.push({ identifier, body });
    return ok({ identifier, decision: body.decision, state: body.decision === 'approve' ? 'Merging' : 'Rework', landing_id: null, snapshot_ref: null });
  }
  async rerunChecks(): Promise<Result<void>> {
    return err('checks_not_configured', 'review.checks is not set');
  }
  async rerunReviewer(): Promise<Result<void>> {
    return err('reviewer_not_configured', 'review.reviewer is not configured');
  }
  async setFindingStatus(): Promise<Result<Finding>> {
    return err('finding_not_found', 'no such finding');
  }
  async getMergeQueue(): Promise<MergeQueueResponse> {
    return { repo: null, base_branch: null, strategy: 'merge', checks: null, entries: [], recent: [] };
  }
  async promoteGuidance(): Promise<Result<{ landing_id: number }>> {
    return err('no_repository', 'workspace.repo is not set');
  }
  async getAuditDiff(id: number): Promise<Result<TicketDiff>> {
    return err('audit_not_found', `audit ${id} does not exist`);
  }
  async setAuditStatus(id: number): Promise<Result<AuditItem>> {
    return err('audit_not_found', `audit ${id} does not exist`);
  }

  addTerminal(id: string): FakeTerminal {
    const terminal = new FakeTerminal(id);
    this.terminals.set(id, terminal);
    return terminal;
  }

  listTerminals(): TerminalInfo[] {
    return [...this.terminals.values()].map((t) => t.info);
  }

  subscribeTerminal(id: string, client: TerminalClient, options: { visible: boolean }): Subscription | null {
    const terminal = this.terminals.get(id);
    if (!terminal) return null;
    const sub = new FakeSubscriber(terminal, client, options.visible);
    terminal.subscribers.add(sub);
    this.subscriptions.push(sub);
    return sub;
  }

  inputTerminal(id: string, data: string): Result<void> {
    const terminal = this.terminals.get(id);
    if (!terminal) return err('terminal_not_found', `no terminal ${id}`);
    if (terminal.info.exited) return err('terminal_exited', `terminal ${id} has exited`);
    terminal.inputs.push(data);
    return ok(undefined);
  }

  resizeTerminal(id: string, cols: number, rows: number): Result<void> {
    const terminal = this.terminals.get(id);
    if (!terminal) return err('terminal_not_found', `no terminal ${id}`);
    terminal.resizes.push([cols, rows]);
    terminal.resize(cols, rows);
    return ok(undefined);
  }
}

export function makeApproval(id: string, kind: Approval['kind'] = 'approval'): Approval {
  return {
    id, kind, issue_id: 'id-1', issue_identifier: 'BAT-1', session_id: 'thr-1', method: 'item/commandExecution/requestApproval',
    created_at: '2026-01-01T00:00:00.000Z', expires_at: '2026-01-01T00:10:00.000Z', summary: 'Run command: npm install',
    options: kind === 'approval' ? ['accept', 'acceptForSession', 'decline', 'cancel'] : [],
    questions: kind === 'input' ? [{ id: 'q1', header: null, question: 'Proceed?', options: null, is_other: false, is_secret: false }] : [],
    params: { command: 'npm install' },
  };
}
