import type { Issue } from '../../shared/domain/issue.js';
import { API, pathFor, type RouteName, type RouteRequest, type RouteResponse, type UrlParts } from '../../shared/api/contract.js';
import type {
  Approval,
  ApprovalAnswerBody,
  CreateTicketBody,
  EventsResponse,
  IssueDetail,
  MetricsSample,
  PatchTicketBody,
  RunRecord,
  ShellResponse,
  StateSnapshot,
  WorkflowChangeDecisionBody,
  WorkflowResponse,
} from '../../shared/api/schemas.js';
import { MAX_EVENTS_LIMIT } from '../../shared/api/schemas.js';
import { apiErrorEnvelopeSchema } from '../../shared/api/errors.js';
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

/** The arguments of `call`: a route without parameters, query or body takes none. */
type CallArgs<K extends RouteName> = Record<never, never> extends RouteRequest<K> ? [request?: RouteRequest<K>] : [request: RouteRequest<K>];

/**
 * The one typed client of the engine's HTTP API. `call` reaches any route of shared/api/contract.ts
 * with its request and response types; the named methods below are the calls the UI makes, kept
 * while its call sites move onto `call`.
 */
export class ApiClient {
  constructor(
    private readonly connection: Connection,
    private readonly fetchImpl: typeof fetch = (...args) => fetch(...args),
  ) {}

  /** One request to a contract route: the URL from its path, parameters and query; its body as JSON. */
  call<K extends RouteName>(name: K, ...[request]: CallArgs<K>): Promise<ApiResult<RouteResponse<K>>> {
    const spec = API[name];
    const parts = (request ?? {}) as UrlParts & { body?: unknown };
    // A route that reads a body gets `{}` when the caller has no options to give.
    const body = 'body' in spec ? (parts.body ?? {}) : undefined;
    return this.request(spec.method, pathFor(name, parts), body);
  }

  getState(): Promise<ApiResult<StateSnapshot>> {
    return this.call('getState');
  }

  refresh(): Promise<ApiResult<RouteResponse<'refresh'>>> {
    return this.call('refresh');
  }

  async listTickets(): Promise<ApiResult<Issue[]>> {
    return unwrapField(await this.call('listTickets'), 'tickets');
  }

  createTicket(body: CreateTicketBody): Promise<ApiResult<Issue>> {
    return this.call('createTicket', { body });
  }

  patchTicket(identifier: string, patch: PatchTicketBody): Promise<ApiResult<Issue>> {
    return this.call('patchTicket', { params: { identifier }, body: patch });
  }

  getIssueDetail(identifier: string): Promise<ApiResult<IssueDetail>> {
    return this.call('getIssueDetail', { params: { identifier } });
  }

  listEvents(identifier: string, after = 0, limit = MAX_EVENTS_LIMIT): Promise<ApiResult<EventsResponse>> {
    return this.call('listEvents', { params: { identifier }, query: { after: String(after), limit: String(limit) } });
  }

  async listApprovals(): Promise<ApiResult<Approval[]>> {
    return unwrapField(await this.call('listApprovals'), 'approvals');
  }

  answerApproval(id: string, body: ApprovalAnswerBody): Promise<ApiResult<RouteResponse<'answerApproval'>>> {
    return this.call('answerApproval', { params: { id }, body });
  }

  /** One ticket as the tracker has it now (`issue_not_found` once it was deleted or moved out). */
  getTicket(identifier: string): Promise<ApiResult<Issue>> {
    return this.call('getTicket', { params: { identifier } });
  }

  /** Every run attempt of a ticket, newest first. */
  async listRuns(identifier: string): Promise<ApiResult<RunRecord[]>> {
    return unwrapField(await this.call('listRuns', { params: { identifier } }), 'runs');
  }

  /** Starts an operator shell in the ticket's workspace. */
  openShell(identifier: string): Promise<ApiResult<ShellResponse>> {
    return this.call('openShell', { params: { identifier } });
  }

  closeShell(identifier: string, terminalId: string): Promise<ApiResult<RouteResponse<'closeShell'>>> {
    return this.call('closeShell', { params: { identifier, id: terminalId } });
  }

  getWorkflow(): Promise<ApiResult<WorkflowResponse>> {
    return this.call('getWorkflow');
  }

  /** Applies or rejects the WORKFLOW.md version that waits for confirmation; answers the workflow after. */
  decideWorkflowChange(id: string, decision: WorkflowChangeDecisionBody['decision']): Promise<ApiResult<WorkflowResponse>> {
    return this.call('decideWorkflowChange', { params: { id }, body: { decision } });
  }

  async getMetrics(): Promise<ApiResult<MetricsSample[]>> {
    return unwrapField(await this.call('getMetrics'), 'samples');
  }

  /** The review inbox (tickets in the handoff state, oldest first) and the audit queue. */
  listReviews(): Promise<ApiResult<ReviewsResponse>> {
    return this.call('listReviews');
  }

  /** The ticket's work against the base branch; with `path`, only that file (never omitted). */
  getDiff(identifier: string, path?: string): Promise<ApiResult<TicketDiff>> {
    return this.call('getDiff', { params: { identifier }, query: { path } });
  }

  submitReview(identifier: string, body: ReviewDecisionBody): Promise<ApiResult<ReviewDecisionResponse>> {
    return this.call('decideReview', { params: { identifier }, body });
  }

  rerunChecks(identifier: string): Promise<ApiResult<RouteResponse<'rerunChecks'>>> {
    return this.call('rerunChecks', { params: { identifier } });
  }

  rerunReviewer(identifier: string): Promise<ApiResult<RouteResponse<'rerunReviewer'>>> {
    return this.call('rerunReviewer', { params: { identifier } });
  }

  setFindingStatus(identifier: string, findingId: string, status: FindingUpdateBody['status']): Promise<ApiResult<RouteResponse<'setFindingStatus'>>> {
    return this.call('setFindingStatus', { params: { identifier, id: findingId }, body: { status } });
  }

  getMergeQueue(): Promise<ApiResult<MergeQueueResponse>> {
    return this.call('getLandingQueue');
  }

  /** Appends text to the guidance file through the landing queue. */
  promoteGuidance(body: GuidanceBody): Promise<ApiResult<RouteResponse<'promoteGuidance'>>> {
    return this.call('promoteGuidance', { body });
  }

  setAuditStatus(id: number, status: AuditUpdateBody['status']): Promise<ApiResult<RouteResponse<'setAuditStatus'>>> {
    return this.call('setAuditStatus', { params: { id: String(id) }, body: { status } });
  }

  /** What an audit's landing changed (`base_before..landed_commit`); with `path`, only that file. */
  getAuditDiff(id: number, path?: string): Promise<ApiResult<TicketDiff>> {
    return this.call('getAuditDiff', { params: { id: String(id) }, query: { path } });
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
      const e = apiErrorEnvelopeSchema.safeParse(json).data?.error;
      return { ok: false, error: { code: e?.code ?? 'http_error', message: e?.message ?? `HTTP ${res.status}`, status: res.status } };
    }
    return { ok: true, value: json as T };
  }
}

/** A list response's one field, e.g. `{tickets: [...]}` → the tickets. */
function unwrapField<T, F extends keyof T>(result: ApiResult<T>, field: F): ApiResult<T[F]> {
  return result.ok ? { ok: true, value: result.value[field] } : result;
}

