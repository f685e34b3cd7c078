import type { Issue } from '../../shared/domain/issue.js';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { ROUTES, apiPath } from '../../shared/api/routes.js';
import type {
  Approval,
  ApprovalAnswerBody,
  CreateTicketBody,
  EventsResponse,
  IssueDetail,
  MetricsResponse,
  MetricsSample,
  PatchTicketBody,
  RunListResponse,
  RunRecord,
  ShellResponse,
  StateSnapshot,
  WorkflowChangeDecisionBody,
  WorkflowResponse,
} from '../../shared/api/schemas.js';
import type {
  AuditUpdateBody,
  FindingUpdateBody,
  GuidanceBody,
  MergeQueueResponse,
  ReviewDecisionBody,
  ReviewDecisionResponse,
  ReviewsResponse,
  TicketDiff,
} from '../../shared/api/review-schemas.js';
import type { Connection } from './connection.js';

/** An API failure as the UI shows it: the engine's error envelope, or `network_error`. */
export interface ApiError {
  code: string;
  message: string;
  status: number | null;
}

export type ApiResult<T> = { ok: true; value: T } | { ok: false; error: ApiError };

/** The one typed client of the engine's HTTP API (shared/api is the contract). */
export class ApiClient {
  constructor(
    private readonly connection: Connection,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  getState(): Promise<ApiResult<StateSnapshot>> {
    return this.request('GET', ROUTES.state);
  }

  refresh(): Promise<ApiResult<unknown>> {
    return this.request('POST', ROUTES.refresh, {});
  }

  async listTickets(): Promise<ApiResult<Issue[]>> {
    const res = await this.request<{ tickets: Issue[] }>('GET', ROUTES.tickets);
    return res.ok ? { ok: true, value: res.value.tickets } : res;
  }

  createTicket(body: CreateTicketBody): Promise<ApiResult<Issue>> {
    return this.request('POST', ROUTES.tickets, body);
  }

  patchTicket(identifier: string, patch: PatchTicketBody): Promise<ApiResult<Issue>> {
    return this.request('PATCH', apiPath.ticket(identifier), patch);
  }

  getIssueDetail(identifier: string): Promise<ApiResult<IssueDetail>> {
    return this.request('GET', apiPath.issue(identifier));
  }

  listEvents(identifier: string, after = 0, limit = 1000): Promise<ApiResult<EventsResponse>> {
    return this.request('GET', apiPath.ticketEvents(identifier, { after, limit }));
  }

  async listApprovals(): Promise<ApiResult<Approval[]>> {
    const res = await this.request<{ approvals: Approval[] }>('GET', ROUTES.approvals);
    return res.ok ? { ok: true, value: res.value.approvals } : res;
  }

  answerApproval(id: string, body: ApprovalAnswerBody): Promise<ApiResult<unknown>> {
    return this.request('POST', apiPath.approval(id), body);
  }

  /** One ticket as the tracker has it now (`issue_not_found` once it was deleted or moved out). */
  getTicket(identifier: string): Promise<ApiResult<Issue>> {
    return this.request('GET', apiPath.ticket(identifier));
  }

  /** Every run attempt of a ticket, newest first. */
  async listRuns(identifier: string): Promise<ApiResult<RunRecord[]>> {
    const res = await this.request<RunListResponse>('GET', apiPath.ticketRuns(identifier));
    return res.ok ? { ok: true, value: res.value.runs } : res;
  }

  /** Starts an operator shell in the ticket's workspace. */
  openShell(identifier: string): Promise<ApiResult<ShellResponse>> {
    return this.request('POST', apiPath.ticketShell(identifier), {});
  }

  closeShell(identifier: string, terminalId: string): Promise<ApiResult<unknown>> {
    return this.request('DELETE', apiPath.ticketShellTerminal(identifier, terminalId));
  }

  getWorkflow(): Promise<ApiResult<WorkflowResponse>> {
    return this.request('GET', ROUTES.workflow);
  }

  /** Applies or rejects the WORKFLOW.md version that waits for confirmation; answers the workflow after. */
  decideWorkflowChange(id: string, decision: WorkflowChangeDecisionBody['decision']): Promise<ApiResult<WorkflowResponse>> {
    return this.request('POST', apiPath.workflowPending(id), { decision } satisfies WorkflowChangeDecisionBody);
  }

  async getMetrics(): Promise<ApiResult<MetricsSample[]>> {
    const res = await this.request<MetricsResponse>('GET', ROUTES.metrics);
    return res.ok ? { ok: true, value: res.value.samples } : res;
  }

  /** The review inbox (tickets in the handoff state, oldest first) and the audit queue. */
  listReviews(): Promise<ApiResult<ReviewsResponse>> {
    return this.request('GET', ROUTES.reviews);
  }

  /** The ticket's work against the base branch; with `path`, only that file (never omitted). */
  getDiff(identifier: string, path?: string): Promise<ApiResult<TicketDiff>> {
    return this.request('GET', apiPath.ticketDiff(identifier, path));
  }

  submitReview(identifier: string, body: ReviewDecisionBody): Promise<ApiResult<ReviewDecisionResponse>> {
    return this.request('POST', apiPath.ticketReview(identifier), body);
  }

  rerunChecks(identifier: string): Promise<ApiResult<unknown>> {
    return this.request('POST', apiPath.ticketChecks(identifier), {});
  }

  rerunReviewer(identifier: string): Promise<ApiResult<unknown>> {
    return this.request('POST', apiPath.ticketReviewer(identifier), {});
  }

  setFindingStatus(identifier: string, findingId: string, status: FindingUpdateBody['status']): Promise<ApiResult<unknown>> {
    return this.request('POST', apiPath.ticketFinding(identifier, findingId), { status } satisfies FindingUpdateBody);
  }

  getMergeQueue(): Promise<ApiResult<MergeQueueResponse>> {
    return this.request('GET', ROUTES.mergeQueue);
  }

  /** Appends text to the guidance file through the landing queue. */
  promoteGuidance(body: GuidanceBody): Promise<ApiResult<{ landing_id: number }>> {
    return this.request('POST', ROUTES.guidance, body);
  }

  setAuditStatus(id: number, status: AuditUpdateBody['status']): Promise<ApiResult<unknown>> {
    return this.request('POST', apiPath.audit(id), { status } satisfies AuditUpdateBody);
  }

  /** What an audit's landing changed (`base_before..landed_commit`); with `path`, only that file. */
  getAuditDiff(id: number, path?: string): Promise<ApiResult<TicketDiff>> {
    return this.request('GET', apiPath.auditDiff(id, path));
  }

  private async request<T>(method: string, path: string, body?: unknown): Promise<ApiResult<T>> {
    const headers: Record<string, string> = {};
    if (this.connection.token) headers.authorization = `Bearer ${this.connection.token}`;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let res: Response;
    try {
      res = await this.fetchImpl(`${this.connection.baseUrl}${path}`, {
        method,
        headers,
        body: body === undefined ? undefined : JSON.stringify(body),
        // No cookie is ours: the token travels in the header only (see connection.ts).
        credentials: 'omit',
      });
    } catch (e) {
      return { ok: false, error: { code: 'network_error', message: `the engine is unreachable (${(e as Error).message})`, status: null } };
    }
    const text = await res.text();
    let json: unknown;
    try {
      json = text ? JSON.parse(text) : null;
    } catch {
      return { ok: false, error: { code: 'bad_response', message: `the engine answered ${res.status} with something that is not JSON`, status: res.status } };
    }
    if (!res.ok) {
      const e = (json as { error?: { code?: string; message?: string } } | null)?.error;
      return { ok: false, error: { code: e?.code ?? 'http_error', message: e?.message ?? `HTTP ${res.status}`, status: res.status } };
    }
    return { ok: true, value: json as T };
  }
}

export type { TraceEvent };
