import { API_ERROR_CODES } from '../../../shared/api/errors.js';
import {
  auditUpdateBodySchema,
  diffQuerySchema,
  findingUpdateBodySchema,
  guidanceBodySchema,
  reviewDecisionBodySchema,
  type GuidanceResponse,
} from '../../../shared/api/review-schemas.js';
import { ROUTES } from '../../../shared/api/routes.js';
import { emptyBodySchema } from '../../../shared/api/schemas.js';
import { okJson, unwrap, type ApiHandler } from './route-helpers.js';
import type { EngineApi } from './engine-api.js';
import { HttpError } from './http-errors.js';
import { parseWith } from './request-body.js';
import type { RouteDef } from './router.js';

/** The review loop's routes: inbox, diff, decisions, reviewer findings, landing queue, guidance, audits. */
export function createReviewRoutes(engine: EngineApi): RouteDef<ApiHandler>[] {
  return [
    { pattern: ROUTES.reviews, methods: { GET: async () => okJson(await engine.listReviews()) } },
    {
      pattern: ROUTES.ticketDiff,
      methods: {
        GET: async (ctx) => {
          const query = parseWith(diffQuerySchema, Object.fromEntries(ctx.url.searchParams), 'query');
          return okJson(unwrap(await engine.getDiff(ctx.params.identifier!, query.path)));
        },
      },
    },
    {
      pattern: ROUTES.ticketReview,
      methods: {
        POST: async (ctx) => {
          const body = parseWith(reviewDecisionBodySchema, await ctx.body());
          return okJson(unwrap(await engine.decideReview(ctx.params.identifier!, body)));
        },
      },
    },
    {
      pattern: ROUTES.ticketChecks,
      methods: {
        POST: async (ctx) => {
          parseWith(emptyBodySchema, await ctx.body()); // no options
          unwrap(await engine.rerunChecks(ctx.params.identifier!));
          return { status: 202, body: { identifier: ctx.params.identifier!, queued: true } };
        },
      },
    },
    {
      pattern: ROUTES.ticketReviewer,
      methods: {
        POST: async (ctx) => {
          parseWith(emptyBodySchema, await ctx.body()); // no options
          unwrap(await engine.rerunReviewer(ctx.params.identifier!));
          return { status: 202, body: { identifier: ctx.params.identifier!, queued: true } };
        },
      },
    },
    {
      pattern: ROUTES.ticketFinding,
      methods: {
        POST: async (ctx) => {
          const body = parseWith(findingUpdateBodySchema, await ctx.body());
          return okJson(unwrap(await engine.setFindingStatus(ctx.params.identifier!, ctx.params.id!, body.status)));
        },
      },
    },
    { pattern: ROUTES.mergeQueue, methods: { GET: async () => okJson(await engine.getMergeQueue()) } },
    {
      pattern: ROUTES.guidance,
      methods: {
        POST: async (ctx) => {
          const body = parseWith(guidanceBodySchema, await ctx.body());
          return { status: 201, body: unwrap(await engine.promoteGuidance(body)) satisfies GuidanceResponse };
        },
      },
    },
    {
      pattern: ROUTES.audit,
      methods: {
        POST: async (ctx) => {
          const id = auditId(ctx.params.id);
          const body = parseWith(auditUpdateBodySchema, await ctx.body());
          return okJson(unwrap(await engine.setAuditStatus(id, body.status)));
        },
      },
    },
    {
      pattern: ROUTES.auditDiff,
      methods: {
        GET: async (ctx) => {
          const query = parseWith(diffQuerySchema, Object.fromEntries(ctx.url.searchParams), 'query');
          return okJson(unwrap(await engine.getAuditDiff(auditId(ctx.params.id), query.path)));
        },
      },
    },
  ];
}

/** Audit ids are store row ids; anything else names no audit. */
function auditId(raw: string | undefined): number {
  const id = Number(raw);
  if (!Number.isSafeInteger(id) || id < 1) throw new HttpError(API_ERROR_CODES.auditNotFound, `audit ${raw ?? ''} does not exist`);
  return id;
}
