import { API_ERROR_CODES } from '../../../shared/api/errors.js';
import { ROUTES } from '../../../shared/api/routes.js';
import {
  approvalAnswerBodySchema,
  createTicketBodySchema,
  emptyBodySchema,
  eventsQuerySchema,
  patchTicketBodySchema,
  workflowChangeDecisionBodySchema,
  type ApprovalAnswerResponse,
  type ApprovalListResponse,
  type EventsResponse,
  type MetricsResponse,
  type RefreshResponse,
  type RunListResponse,
  type ShellResponse,
  type TicketListResponse,
} from '../../../shared/api/schemas.js';
import { isoTime, type Clock } from '../lib/clock.js';
import type { EngineApi } from './engine-api.js';
import { HttpError } from './http-errors.js';
import { parseWith } from './request-body.js';
import type { RouteDef } from './router.js';
import { createReviewRoutes } from './review-routes.js';
import { okJson, unwrap, type ApiHandler } from './route-helpers.js';
import { toWorkflowResponse } from './workflow-view.js';

/** Every JSON route, named routes first: `/api/v1/<identifier>` is the catch-all and comes last. */
export function createApiRoutes(engine: EngineApi, clock: Clock): RouteDef<ApiHandler>[] {
  return [
    { pattern: ROUTES.state, methods: { GET: async () => okJson(await engine.getState()) } },
    {
      pattern: ROUTES.refresh,
      methods: {
        POST: async (ctx) => {
          await ctx.body(); // accepted and ignored (spec: empty or {}), but still size- and JSON-checked
          const { coalesced } = await engine.requestRefresh();
          const body: RefreshResponse = {
            queued: true,
            coalesced,
            requested_at: isoTime(clock.now()),
            operations: ['poll', 'reconcile'],
          };
          return { status: 202, body };
        },
      },
    },
    {
      pattern: ROUTES.tickets,
      methods: {
        GET: async () => okJson({ tickets: unwrap(await engine.listTickets()) } satisfies TicketListResponse),
        POST: async (ctx) => {
          const input = parseWith(createTicketBodySchema, await ctx.body());
          return { status: 201, body: unwrap(await engine.createTicket(input)) };
        },
      },
    },
    {
      pattern: ROUTES.ticket,
      methods: {
        GET: async (ctx) => okJson(unwrap(await engine.getTicket(ctx.params.identifier!))),
        PATCH: async (ctx) => {
          const patch = parseWith(patchTicketBodySchema, await ctx.body());
          return okJson(unwrap(await engine.patchTicket(ctx.params.identifier!, patch)));
        },
      },
    },
    {
      pattern: ROUTES.ticketEvents,
      methods: {
        GET: async (ctx) => {
          const query = parseWith(eventsQuerySchema, Object.fromEntries(ctx.url.searchParams), 'query');
          const events = unwrap(await engine.listEvents(ctx.params.identifier!, query.after, query.limit));
          const body: EventsResponse = { events, next_after: events.at(-1)?.seq ?? query.after };
          return okJson(body);
        },
      },
    },
    {
      pattern: ROUTES.ticketRuns,
      methods: { GET: async (ctx) => okJson({ runs: unwrap(await engine.listRuns(ctx.params.identifier!)) } satisfies RunListResponse) },
    },
    {
      pattern: ROUTES.ticketShell,
      methods: {
        POST: async (ctx) => {
          parseWith(emptyBodySchema, await ctx.body()); // no options yet
          return { status: 201, body: unwrap(await engine.openShell(ctx.params.identifier!)) satisfies ShellResponse };
        },
      },
    },
    {
      pattern: ROUTES.ticketShellTerminal,
      methods: {
        DELETE: async (ctx) => {
          unwrap(await engine.closeShell(ctx.params.identifier!, ctx.params.id!));
          return okJson({ terminal_id: ctx.params.id!, closed: true });
        },
      },
    },
    ...createReviewRoutes(engine),
    {
      pattern: ROUTES.approvals,
      methods: { GET: async () => okJson({ approvals: await engine.listApprovals() } satisfies ApprovalListResponse) },
    },
    {
      pattern: ROUTES.approval,
      methods: {
        POST: async (ctx) => {
          const answer = parseWith(approvalAnswerBodySchema, await ctx.body());
          const id = ctx.params.id!;
          unwrap(await engine.answerApproval(id, answer));
          return okJson({ id, resolved: true } satisfies ApprovalAnswerResponse);
        },
      },
    },
    { pattern: ROUTES.workflow, methods: { GET: async () => okJson(toWorkflowResponse(await engine.getWorkflow())) } },
    {
      pattern: ROUTES.workflowPending,
      methods: {
        POST: async (ctx) => {
          const body = parseWith(workflowChangeDecisionBodySchema, await ctx.body());
          unwrap(await engine.decideWorkflowChange(ctx.params.id!, body.decision));
          return okJson(toWorkflowResponse(await engine.getWorkflow()));
        },
      },
    },
    { pattern: ROUTES.metrics, methods: { GET: async () => okJson({ samples: await engine.getMetrics() } satisfies MetricsResponse) } },
    {
      // Reached only by a plain GET: real upgrades are taken by the server's 'upgrade' event.
      pattern: ROUTES.ws,
      methods: {
        GET: () =>
          Promise.reject(
            new HttpError(API_ERROR_CODES.upgradeRequired, 'this endpoint speaks WebSocket only', { upgrade: 'websocket' }),
          ),
      },
    },
    {
      pattern: ROUTES.issue,
      methods: {
        GET: async (ctx) => {
          const identifier = ctx.params.identifier!;
          const detail = await engine.getIssueDetail(identifier);
          if (!detail) throw new HttpError(API_ERROR_CODES.issueNotFound, `issue ${identifier} is unknown to the engine`);
          return okJson(detail);
        },
      },
    },
  ];
}

export type { ApiContext, ApiHandler, ApiResult } from './route-helpers.js';
