import type { RouteInput, RouteName, RouteResponse } from '../../../shared/api/contract.js';
import { API_ERROR_CODES } from '../../../shared/api/errors.js';
import { isoTime, type Clock } from '../lib/clock.js';
import { err, ok, type Result } from '../lib/result.js';
import type { EngineApi } from './engine-api.js';
import { toWorkflowResponse } from './workflow-view.js';

/** The routes the engine answers; the OpenAPI document is the server's own. */
export type HandledRoute = Exclude<RouteName, 'getOpenApi'>;

/** One handler per contract route: validated input in, the route's response (or a coded failure) out. */
export type ApiHandlers = { [K in HandledRoute]: (input: RouteInput<K>) => Promise<Result<RouteResponse<K>>> };

const map = <T, U>(result: Result<T>, fn: (value: T) => U): Result<U> => (result.ok ? ok(fn(result.value)) : result);

/** Every route of shared/api/contract.ts, answered by the engine. */
export function createApiHandlers(engine: EngineApi, clock: Clock): ApiHandlers {
  const landingQueue = async () => ok(await engine.getMergeQueue());
  return {
    getState: async () => ok(await engine.getState()),
    refresh: async () => {
      const { coalesced } = await engine.requestRefresh();
      return ok({ queued: true, coalesced, requested_at: isoTime(clock.now()), operations: ['poll', 'reconcile'] });
    },
    listTickets: async () => map(await engine.listTickets(), (tickets) => ({ tickets })),
    createTicket: async ({ body }) => engine.createTicket(body),
    getTicket: async ({ params }) => engine.getTicket(params.identifier),
    patchTicket: async ({ params, body }) => engine.patchTicket(params.identifier, body),
    listEvents: async ({ params, query }) =>
      map(await engine.listEvents(params.identifier, query.after, query.limit), (events) => ({ events, next_after: events.at(-1)?.seq ?? query.after })),
    listRuns: async ({ params }) => map(await engine.listRuns(params.identifier), (runs) => ({ runs })),
    openShell: async ({ params }) => engine.openShell(params.identifier),
    closeShell: async ({ params }) => map(await engine.closeShell(params.identifier, params.id), () => ({ terminal_id: params.id, closed: true as const })),
    listReviews: async () => ok(await engine.listReviews()),
    getDiff: async ({ params, query }) => engine.getDiff(params.identifier, query.path),
    decideReview: async ({ params, body }) => engine.decideReview(params.identifier, body),
    rerunChecks: async ({ params }) => map(await engine.rerunChecks(params.identifier), () => ({ identifier: params.identifier, queued: true as const })),
    rerunReviewer: async ({ params }) => map(await engine.rerunReviewer(params.identifier), () => ({ identifier: params.identifier, queued: true as const })),
    setFindingStatus: async ({ params, body }) => engine.setFindingStatus(params.identifier, params.id, body.status),
    getLandingQueue: landingQueue,
    getMergeQueue: landingQueue,
    promoteGuidance: async ({ body }) => engine.promoteGuidance(body),
    setAuditStatus: async ({ params, body }) => {
      const id = auditId(params.id);
      return id.ok ? engine.setAuditStatus(id.value, body.status) : id;
    },
    getAuditDiff: async ({ params, query }) => {
      const id = auditId(params.id);
      return id.ok ? engine.getAuditDiff(id.value, query.path) : id;
    },
    listApprovals: async () => ok({ approvals: await engine.listApprovals() }),
    answerApproval: async ({ params, body }) => map(await engine.answerApproval(params.id, body), () => ({ id: params.id, resolved: true as const })),
    getWorkflow: async () => ok(toWorkflowResponse(await engine.getWorkflow())),
    decideWorkflowChange: async ({ params, body }) => {
      const decided = await engine.decideWorkflowChange(params.id, body.decision);
      return decided.ok ? ok(toWorkflowResponse(await engine.getWorkflow())) : decided;
    },
    getMetrics: async () => ok({ samples: await engine.getMetrics() }),
    getIssueDetail: async ({ params }) => {
      const detail = await engine.getIssueDetail(params.identifier);
      return detail ? ok(detail) : err(API_ERROR_CODES.issueNotFound, `issue ${params.identifier} is unknown to the engine`);
    },
  };
}

/** Audit ids are store row ids; anything else names no audit. */
function auditId(raw: string): Result<number> {
  const id = Number(raw);
  return Number.isSafeInteger(id) && id >= 1 ? ok(id) : err(API_ERROR_CODES.auditNotFound, `audit ${raw} does not exist`);
}
