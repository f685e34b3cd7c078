import { z } from 'zod';
import { issueSchema, traceEventSchema } from './domain-schemas.js';
import { apiErrorEnvelopeSchema, API_ERROR_CODES as C, type ApiErrorCode } from './errors.js';
import {
  auditItemSchema,
  checkResultSchema,
  landingSchema,
  reviewItemSchema,
  auditUpdateBodySchema,
  diffQuerySchema,
  findingSchema,
  findingUpdateBodySchema,
  guidanceBodySchema,
  guidanceResponseSchema,
  mergeQueueResponseSchema,
  reviewDecisionBodySchema,
  reviewDecisionResponseSchema,
  reviewsResponseSchema,
  ticketDiffSchema,
} from './review-schemas.js';
import { API_PREFIX, IDENTIFIER_PATTERN, isValidIdentifier, MAX_IDENTIFIER_LENGTH } from './routes.js';
import {
  approvalAnswerBodySchema,
  approvalAnswerResponseSchema,
  approvalListResponseSchema,
  approvalSchema,
  createTicketBodySchema,
  emptyBodySchema,
  eventsQuerySchema,
  eventsResponseSchema,
  issueDetailSchema,
  metricsResponseSchema,
  patchTicketBodySchema,
  refreshResponseSchema,
  runListResponseSchema,
  runRecordSchema,
  shellResponseSchema,
  stateSnapshotSchema,
  ticketListResponseSchema,
  workflowChangeDecisionBodySchema,
  workflowResponseSchema,
} from './schemas.js';

/**
 * The engine's HTTP API, every route declared once: method, path, parameters, query, body and
 * response schemas, success status and the error codes it can answer. The server registers its
 * routes, validation and OpenAPI document from this table; the renderer's client is typed by it.
 * The WebSocket (`/api/v1/ws`) is described in docs/api.md and shared/api/ws-messages.ts.
 */
export type HttpMethod = 'GET' | 'POST' | 'PATCH' | 'DELETE';

export interface RouteSpec {
  method: HttpMethod;
  /** Fastify-style pattern: `:name` segments are path parameters. */
  path: string;
  /** One line for the OpenAPI document. */
  summary: string;
  tag: 'engine' | 'tickets' | 'review' | 'operator' | 'meta';
  params?: z.ZodObject;
  query?: z.ZodObject;
  /** Absent: the route reads no body. Validated against `{}` when the request has none. */
  body?: z.ZodType;
  status: 200 | 201 | 202;
  response: z.ZodType;
  /** Codes this route answers besides those every route can (see COMMON_ERRORS). */
  errors: readonly ApiErrorCode[];
  /** A deprecated alias stays for one release (docs/api.md says which replaces it). */
  deprecated?: boolean;
}

/**
 * An identifier or id in a path: the spec's workspace-key alphabet (§4.2), never `.` or `..`. A
 * value outside it matches no route (404 `not_found`), as if the path did not exist.
 */
export const pathIdSchema = z
  .string()
  .max(MAX_IDENTIFIER_LENGTH)
  .regex(IDENTIFIER_PATTERN)
  .refine(isValidIdentifier, { message: 'must not be dots only' });

const identifierParams = z.object({ identifier: pathIdSchema });
const identifierAndIdParams = z.object({ identifier: pathIdSchema, id: pathIdSchema });
const idParams = z.object({ id: pathIdSchema });

/** Every route can answer these: the request's host, origin and token are checked first. */
export const COMMON_ERRORS: readonly ApiErrorCode[] = [C.unauthorized, C.forbiddenHost, C.forbiddenOrigin, C.internalError];
/** And a route that reads a body these. */
export const BODY_ERRORS: readonly ApiErrorCode[] = [C.invalidRequest, C.invalidJson, C.payloadTooLarge, C.unsupportedMediaType];
/** The tracker's writer can fail upstream (adapter codes such as `linear_api_status` answer 502 too). */
const TRACKER_ERRORS: readonly ApiErrorCode[] = [C.trackerReadOnly, C.trackerRequest, C.trackerUnavailable];

/**
 * Schemas the OpenAPI document names once under `components.schemas` and refers to by `$ref`, so
 * the document stays readable (the issue, a diff and the error envelope appear in many routes).
 */
export const namedSchemas = z.registry<{ id: string }>();
for (const [id, schema] of Object.entries({
  ApiError: apiErrorEnvelopeSchema,
  Issue: issueSchema,
  TraceEvent: traceEventSchema,
  RunRecord: runRecordSchema,
  StateSnapshot: stateSnapshotSchema,
  TicketDiff: ticketDiffSchema,
  CheckResult: checkResultSchema,
  Finding: findingSchema,
  ReviewItem: reviewItemSchema,
  AuditItem: auditItemSchema,
  Landing: landingSchema,
  LandingQueue: mergeQueueResponseSchema,
  Approval: approvalSchema,
  Workflow: workflowResponseSchema,
})) {
  namedSchemas.add(schema, { id });
}

const route = <const R extends RouteSpec>(spec: R): R => spec;

export const API = {
  getState: route({
    method: 'GET', path: `${API_PREFIX}/state`, tag: 'engine', status: 200,
    summary: 'SPEC §13.7.2 state snapshot: running and retrying issues, totals, rate limits, and Baton’s fields',
    response: stateSnapshotSchema, errors: [],
  }),
  refresh: route({
    method: 'POST', path: `${API_PREFIX}/refresh`, tag: 'engine', status: 202,
    summary: 'Queue a poll and reconcile cycle now (a body, if any, is read and ignored)',
    body: z.unknown(), response: refreshResponseSchema, errors: [],
  }),
  listTickets: route({
    method: 'GET', path: `${API_PREFIX}/tickets`, tag: 'tickets', status: 200,
    summary: 'Every ticket the tracker’s writer lists', response: ticketListResponseSchema, errors: TRACKER_ERRORS,
  }),
  createTicket: route({
    method: 'POST', path: `${API_PREFIX}/tickets`, tag: 'tickets', status: 201,
    summary: 'Create a ticket', body: createTicketBodySchema, response: issueSchema,
    errors: [...TRACKER_ERRORS, C.invalidState, C.invalidInput],
  }),
  getTicket: route({
    method: 'GET', path: `${API_PREFIX}/tickets/:identifier`, tag: 'tickets', status: 200,
    summary: 'One ticket as the tracker has it now', params: identifierParams, response: issueSchema,
    errors: [...TRACKER_ERRORS, C.issueNotFound],
  }),
  patchTicket: route({
    method: 'PATCH', path: `${API_PREFIX}/tickets/:identifier`, tag: 'tickets', status: 200,
    summary: 'Edit a ticket or move it to another state', params: identifierParams, body: patchTicketBodySchema, response: issueSchema,
    errors: [...TRACKER_ERRORS, C.issueNotFound, C.invalidState, C.invalidInput, C.configConfirmationRequired, C.reviewerRunning, C.blockedByFindings],
  }),
  listEvents: route({
    method: 'GET', path: `${API_PREFIX}/tickets/:identifier/events`, tag: 'tickets', status: 200,
    summary: 'A page of the ticket’s trace events, oldest first', params: identifierParams, query: eventsQuerySchema,
    response: eventsResponseSchema, errors: [C.issueNotFound, C.invalidRequest],
  }),
  listRuns: route({
    method: 'GET', path: `${API_PREFIX}/tickets/:identifier/runs`, tag: 'tickets', status: 200,
    summary: 'Every run attempt of the ticket, newest first', params: identifierParams, response: runListResponseSchema,
    errors: [C.issueNotFound],
  }),
  openShell: route({
    method: 'POST', path: `${API_PREFIX}/tickets/:identifier/shell`, tag: 'tickets', status: 201,
    summary: 'Open an operator shell in the ticket’s workspace', params: identifierParams, body: emptyBodySchema,
    response: shellResponseSchema, errors: [C.issueNotFound, C.workspaceNotFound, C.workspaceOutsideRoot],
  }),
  closeShell: route({
    method: 'DELETE', path: `${API_PREFIX}/tickets/:identifier/shell/:id`, tag: 'tickets', status: 200,
    summary: 'Close one of the ticket’s operator shells', params: identifierAndIdParams,
    response: z.object({ terminal_id: z.string(), closed: z.literal(true) }), errors: [C.terminalNotFound],
  }),
  listReviews: route({
    method: 'GET', path: `${API_PREFIX}/reviews`, tag: 'review', status: 200,
    summary: 'The review inbox (tickets in the handoff state, oldest first) and the open audits',
    response: reviewsResponseSchema, errors: [],
  }),
  getDiff: route({
    method: 'GET', path: `${API_PREFIX}/tickets/:identifier/diff`, tag: 'review', status: 200,
    summary: 'The ticket’s work against the base branch, committed and uncommitted', params: identifierParams,
    query: diffQuerySchema, response: ticketDiffSchema,
    errors: [C.invalidRequest, C.issueNotFound, C.noRepository, C.branchNotFound, C.workspaceNotFound, C.baseNotFound, C.fileNotInDiff, C.diffTooLarge],
  }),
  decideReview: route({
    method: 'POST', path: `${API_PREFIX}/tickets/:identifier/review`, tag: 'review', status: 200,
    summary: 'A review decision: approve, request_changes or restart', params: identifierParams, body: reviewDecisionBodySchema,
    response: reviewDecisionResponseSchema,
    errors: [...TRACKER_ERRORS, C.issueNotFound, C.notInReview, C.alreadyApproved, C.blockedByFindings, C.reviewerRunning, C.configConfirmationRequired],
  }),
  rerunChecks: route({
    method: 'POST', path: `${API_PREFIX}/tickets/:identifier/checks`, tag: 'review', status: 202,
    summary: 'Run review.checks on the ticket’s work again', params: identifierParams, body: emptyBodySchema,
    response: z.object({ identifier: z.string(), queued: z.literal(true) }), errors: [...TRACKER_ERRORS, C.issueNotFound, C.checksNotConfigured],
  }),
  rerunReviewer: route({
    method: 'POST', path: `${API_PREFIX}/tickets/:identifier/reviewer`, tag: 'review', status: 202,
    summary: 'Run the reviewer agent on the ticket again', params: identifierParams, body: emptyBodySchema,
    response: z.object({ identifier: z.string(), queued: z.literal(true) }), errors: [...TRACKER_ERRORS, C.issueNotFound, C.reviewerNotConfigured],
  }),
  setFindingStatus: route({
    method: 'POST', path: `${API_PREFIX}/tickets/:identifier/findings/:id`, tag: 'review', status: 200,
    summary: 'Dismiss or reopen one reviewer finding', params: identifierAndIdParams, body: findingUpdateBodySchema,
    response: findingSchema, errors: [C.findingNotFound],
  }),
  getLandingQueue: route({
    method: 'GET', path: `${API_PREFIX}/landing-queue`, tag: 'review', status: 200,
    summary: 'The landing queue: approved work being checked and landed, and recent landings', response: mergeQueueResponseSchema, errors: [],
  }),
  getMergeQueue: route({
    method: 'GET', path: `${API_PREFIX}/merge-queue`, tag: 'review', status: 200, deprecated: true,
    summary: 'Deprecated alias of GET /api/v1/landing-queue, kept for one release', response: mergeQueueResponseSchema, errors: [],
  }),
  promoteGuidance: route({
    method: 'POST', path: `${API_PREFIX}/guidance`, tag: 'review', status: 201,
    summary: 'Append text to the guidance file, landed through the landing queue (needs confirm_config)', body: guidanceBodySchema,
    response: guidanceResponseSchema,
    errors: [...TRACKER_ERRORS, C.noRepository, C.issueNotFound, C.findingNotFound, C.invalidInput, C.configConfirmationRequired],
  }),
  setAuditStatus: route({
    method: 'POST', path: `${API_PREFIX}/audits/:id`, tag: 'review', status: 200,
    summary: 'Mark a sampled landing as read, or open again', params: idParams, body: auditUpdateBodySchema,
    response: auditItemSchema, errors: [C.auditNotFound],
  }),
  getAuditDiff: route({
    method: 'GET', path: `${API_PREFIX}/audits/:id/diff`, tag: 'review', status: 200,
    summary: 'What a sampled landing changed (base_before..landed_commit)', params: idParams, query: diffQuerySchema,
    response: ticketDiffSchema, errors: [C.invalidRequest, C.auditNotFound, C.commitNotFound, C.noRepository, C.fileNotInDiff, C.diffTooLarge],
  }),
  listApprovals: route({
    method: 'GET', path: `${API_PREFIX}/approvals`, tag: 'operator', status: 200,
    summary: 'The operator queue: agent requests waiting for a person, oldest first', response: approvalListResponseSchema, errors: [],
  }),
  answerApproval: route({
    method: 'POST', path: `${API_PREFIX}/approvals/:id`, tag: 'operator', status: 200,
    summary: 'Answer an approval or questions in the operator queue', params: idParams, body: approvalAnswerBodySchema,
    response: approvalAnswerResponseSchema, errors: [C.approvalNotFound, C.invalidAnswer, C.approvalAlreadyResolved],
  }),
  getWorkflow: route({
    method: 'GET', path: `${API_PREFIX}/workflow`, tag: 'engine', status: 200,
    summary: 'The effective WORKFLOW.md configuration (secrets redacted), its last reload error and a version waiting for confirmation',
    response: workflowResponseSchema, errors: [],
  }),
  decideWorkflowChange: route({
    method: 'POST', path: `${API_PREFIX}/workflow/pending/:id`, tag: 'operator', status: 200,
    summary: 'Apply or reject the WORKFLOW.md version that waits for confirmation', params: idParams, body: workflowChangeDecisionBodySchema,
    response: workflowResponseSchema, errors: [C.workflowChangeNotFound],
  }),
  getMetrics: route({
    method: 'GET', path: `${API_PREFIX}/metrics`, tag: 'engine', status: 200,
    summary: 'The last hour of fleet samples for the header chart', response: metricsResponseSchema, errors: [],
  }),
  getOpenApi: route({
    method: 'GET', path: `${API_PREFIX}/openapi.json`, tag: 'meta', status: 200,
    summary: 'This document: the API’s OpenAPI 3.1 description, generated from shared/api/contract.ts',
    response: z.record(z.string(), z.unknown()), errors: [],
  }),
  /** SPEC §13.7.2 issue detail. A catch-all: every named route above takes precedence. */
  getIssueDetail: route({
    method: 'GET', path: `${API_PREFIX}/:identifier`, tag: 'engine', status: 200,
    summary: 'SPEC §13.7.2 issue detail: status, workspace, attempts, running session, retry, logs, recent events',
    params: identifierParams, response: issueDetailSchema, errors: [C.issueNotFound],
  }),
} as const satisfies Record<string, RouteSpec>;

export type Api = typeof API;
export type RouteName = keyof Api;

type Parsed<S> = S extends z.ZodType ? z.output<S> : undefined;
type Sent<S> = S extends z.ZodType ? z.input<S> : undefined;

/** What a handler receives: parameters, query and body after validation. */
export interface RouteInput<K extends RouteName> {
  params: Parsed<Api[K] extends { params: infer P } ? P : undefined>;
  query: Parsed<Api[K] extends { query: infer Q } ? Q : undefined>;
  body: Parsed<Api[K] extends { body: infer B } ? B : undefined>;
}

/**
 * What a client sends: parameters, query and body before validation. A part the route does not
 * take is absent; a part that may be empty (no options, all-optional query) may be left out.
 */
export type RouteRequest<K extends RouteName> = Shape<{
  params: Sent<Api[K] extends { params: infer P } ? P : undefined>;
  query: Sent<Api[K] extends { query: infer Q } ? Q : undefined>;
  body: Sent<Api[K] extends { body: infer B } ? B : undefined>;
}>;

/** The success body of a route. */
export type RouteResponse<K extends RouteName> = z.output<Api[K]['response']>;

/** The empty object: a request part it satisfies may be left out. */
type Empty = Record<never, never>;

type Shape<T> = { [F in keyof T as T[F] extends undefined ? never : Empty extends T[F] ? never : F]: T[F] } & {
  [F in keyof T as T[F] extends undefined ? never : Empty extends T[F] ? F : never]?: T[F];
};

/** The parts of a request that go into its URL. */
export interface UrlParts {
  params?: Readonly<Record<string, string | number>>;
  query?: Readonly<Record<string, string | number | undefined>>;
}

/** The URL path of a route with its parameters filled in (encoded, never trusted raw) and its query. */
export function pathFor(name: RouteName, { params = {}, query = {} }: UrlParts = {}): string {
  const path = API[name].path.replace(/:(\w+)/g, (_m, key: string) => {
    const value = params[key];
    if (value === undefined) throw new Error(`${name}: missing path parameter ${key}`);
    return encodeURIComponent(String(value));
  });
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(query)) if (value !== undefined) search.set(key, String(value));
  const qs = search.toString();
  return qs ? `${path}?${qs}` : path;
}
