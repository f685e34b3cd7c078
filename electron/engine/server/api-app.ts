import swagger from '@fastify/swagger';
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import { createJsonSchemaTransform, createJsonSchemaTransformObject, validatorCompiler } from 'fastify-type-provider-zod';
import type { IncomingMessage } from 'node:http';
import { API, BODY_ERRORS, COMMON_ERRORS, namedSchemas, type RouteName, type RouteSpec } from '../../../shared/api/contract.js';
import { API_ERROR_CODES, apiErrorEnvelopeSchema, type ApiErrorEnvelope } from '../../../shared/api/errors.js';
import { WS_PATH } from '../../../shared/api/routes.js';
import type { Logger } from '../lib/logger.js';
import { errorMessage } from '../lib/result.js';
import type { ApiHandlers, HandledRoute } from './api-handlers.js';
import type { TokenAuth } from './auth.js';
import { HttpError, httpStatusFor } from './http-errors.js';
import { parseJsonBody } from './request-body.js';
import type { StaticFiles } from './static.js';

export interface ApiAppOptions {
  handlers: ApiHandlers;
  /** The canonical spelling of a ticket identifier (trackers match case-insensitively). */
  resolveIdentifier: (identifier: string) => Promise<string>;
  auth: TokenAuth;
  logger: Logger;
  maxBodyBytes: number;
  staticFiles: StaticFiles;
  /** Host and Origin checks, run on every request before anything else; null lets it through. */
  refusal: (req: IncomingMessage) => { code: string; message: string } | null;
}

/** Headers every API response carries: JSON is never cached or sniffed into something else. */
const API_HEADERS = { 'cache-control': 'no-store', 'x-content-type-options': 'nosniff' } as const;

/** Methods a path can be asked with; those a route does not take answer 405 with its Allow list. */
const ALL_METHODS = ['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS'] as const;

/** Longer than any identifier the contract accepts, so the schema, not the router, refuses one. */
const MAX_PATH_PARAM_CHARS = 1024;

const isApiPath = (pathname: string): boolean => pathname === '/api' || pathname.startsWith('/api/');

/**
 * The HTTP side of the engine on Fastify (ADR 0009), every route registered from
 * shared/api/contract.ts. Order of checks for every request: Host and Origin (DNS rebinding,
 * other origins), then the token for anything under /api (so an unauthorized caller learns nothing,
 * not even which paths exist), then routing (404 / 405 with Allow), validation, and the handler.
 * Everything that is not /api is the renderer's static files.
 */
export async function buildApiApp(options: ApiAppOptions): Promise<FastifyInstance> {
  const app = Fastify({
    logger: false,
    bodyLimit: options.maxBodyBytes,
    exposeHeadRoutes: false,
    return503OnClosing: false,
    // Path parameters are checked by the contract's schemas (128 characters), not cut by the router.
    routerOptions: { maxParamLength: MAX_PATH_PARAM_CHARS },
    // A path that cannot be decoded (`%ZZ`) names nothing: the same checks as any request, then 404.
    frameworkErrors: (_error, req, reply) => {
      if (gate(req, reply, options)) return;
      const url = new URL(req.url, 'http://localhost');
      if (isApiPath(url.pathname)) return sendError(reply, API_ERROR_CODES.notFound, `no API route ${url.pathname}`);
      reply.hijack();
      // Outside Fastify's handler chain: a failure here must end the response, not the process.
      options.staticFiles.serve(req.raw, reply.raw, url).catch((e: unknown) => {
        options.logger.error({ err: errorMessage(e), path: url.pathname }, 'static file failed');
        reply.raw.destroy();
      });
    },
  });
  app.setValidatorCompiler(validatorCompiler);
  // Response schemas document the contract; responses are serialized as they are, not re-validated.
  app.setSerializerCompiler(() => (data) => JSON.stringify(data));
  app.removeAllContentTypeParsers();
  app.addContentTypeParser('*', { parseAs: 'string' }, (req, text, done) => {
    try {
      done(null, parseJsonBody(req.headers['content-type'], String(text)));
    } catch (e) {
      done(e as Error, undefined);
    }
  });
  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'Baton engine API',
        version: '1',
        description: 'Symphony SPEC §13.7 plus Baton’s routes. The WebSocket at /api/v1/ws is described in docs/api.md.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', description: 'The per-start token baton serve prints' } } },
      security: [{ bearer: [] }],
    },
    transform: createJsonSchemaTransform({ schemaRegistry: namedSchemas }),
    transformObject: createJsonSchemaTransformObject({ schemaRegistry: namedSchemas }),
  });

  app.addHook('onRequest', async (req, reply) => {
    gate(req, reply, options);
  });
  app.setErrorHandler((error: FastifyError, req, reply) => failed(error, req, reply, options.logger));
  app.setNotFoundHandler((req, reply) => sendError(reply, API_ERROR_CODES.notFound, `no API route ${new URL(req.url, 'http://localhost').pathname}`));

  const methodsByPath = new Map<string, Set<string>>();
  for (const [name, spec] of Object.entries(API) as Array<[RouteName, RouteSpec]>) {
    methodsByPath.set(spec.path, (methodsByPath.get(spec.path) ?? new Set()).add(spec.method));
    registerRoute(app, name, spec, options);
  }
  // Reached only by a plain GET: real upgrades are taken by the server's 'upgrade' event.
  methodsByPath.set(WS_PATH, new Set(['GET']));
  app.get(WS_PATH, { schema: { hide: true } }, async () => {
    throw new HttpError(API_ERROR_CODES.upgradeRequired, 'this endpoint speaks WebSocket only', { upgrade: 'websocket' });
  });
  for (const [path, methods] of methodsByPath) {
    const allow = [...methods].join(', ');
    const others = ALL_METHODS.filter((m) => !methods.has(m));
    app.route({
      method: others,
      url: path,
      schema: { hide: true },
      handler: async (req) => {
        throw new HttpError(API_ERROR_CODES.methodNotAllowed, `${req.method} is not allowed here; use ${allow}`, { allow });
      },
    });
  }

  app.route({
    method: [...ALL_METHODS],
    url: '/*',
    schema: { hide: true },
    handler: async (req, reply) => {
      const url = new URL(req.url, 'http://localhost');
      if (isApiPath(url.pathname)) throw new HttpError(API_ERROR_CODES.notFound, `no API route ${url.pathname}`);
      if (req.method !== 'GET' && req.method !== 'HEAD') {
        throw new HttpError(API_ERROR_CODES.methodNotAllowed, `${req.method} is not allowed here; use GET, HEAD`, { allow: 'GET, HEAD' });
      }
      // A page load with `?token=` is served like any other: the page takes the token from its URL.
      reply.hijack();
      await options.staticFiles.serve(req.raw, reply.raw, url);
    },
  });
  await app.ready();
  return app;
}

/** Host and Origin, then the token for /api: true when the request was refused (and answered). */
function gate(req: FastifyRequest, reply: FastifyReply, options: ApiAppOptions): boolean {
  const refused = options.refusal(req.raw);
  if (refused) {
    sendError(reply, refused.code, refused.message);
    return true;
  }
  const url = new URL(req.url, 'http://localhost');
  if (isApiPath(url.pathname) && options.auth.authenticate(req.raw, url) === null) {
    sendError(reply, API_ERROR_CODES.unauthorized, 'missing or wrong API token', { 'www-authenticate': 'Bearer' });
    return true;
  }
  return false;
}

function registerRoute(app: FastifyInstance, name: RouteName, spec: RouteSpec, options: ApiAppOptions): void {
  const errors = [...COMMON_ERRORS, ...(spec.body ? BODY_ERRORS : []), ...spec.errors];
  app.route({
    method: spec.method,
    url: spec.path,
    schema: {
      operationId: name,
      summary: spec.summary,
      tags: [spec.tag],
      ...(spec.deprecated ? { deprecated: true } : {}),
      ...(spec.params ? { params: spec.params } : {}),
      ...(spec.query ? { querystring: spec.query } : {}),
      ...(spec.body ? { body: spec.body } : {}),
      response: { [spec.status]: { description: 'Success', content: { 'application/json': { schema: spec.response } } }, ...errorResponses(errors) },
    },
    // A route with a body schema validates `{}` when the request has none: empty means "no options".
    preValidation: spec.body ? async (req) => void (req.body ??= {}) : undefined,
    // Tracker identifiers are case-insensitive: resolved once here, so every route agrees.
    preHandler: spec.params && 'identifier' in spec.params.shape
      ? async (req) => {
          const params = req.params as { identifier: string };
          params.identifier = await options.resolveIdentifier(params.identifier);
        }
      : undefined,
    handler: async (req, reply) => {
      if (name === 'getOpenApi') return sendJson(reply, 200, app.swagger());
      const handler = options.handlers[name as HandledRoute] as (input: unknown) => Promise<{ ok: true; value: unknown } | { ok: false; error: { code: string; message: string } }>;
      const result = await handler({ params: req.params, query: req.query, body: req.body });
      if (!result.ok) return sendError(reply, result.error.code, result.error.message);
      return sendJson(reply, spec.status, result.value);
    },
  });
}

/** The OpenAPI error responses of a route: one per status, naming the codes it can answer. */
function errorResponses(codes: readonly string[]): Record<number, unknown> {
  const byStatus = new Map<number, string[]>();
  for (const code of codes) byStatus.set(httpStatusFor(code), [...(byStatus.get(httpStatusFor(code)) ?? []), code]);
  return Object.fromEntries(
    [...byStatus].map(([status, list]) => [status, { description: `error.code: ${list.join(', ')}`, content: { 'application/json': { schema: apiErrorEnvelopeSchema } } }]),
  );
}

function sendJson(reply: FastifyReply, status: number, body: unknown, headers: Record<string, string> = {}): FastifyReply {
  return reply.code(status).headers({ ...API_HEADERS, ...headers }).type('application/json; charset=utf-8').send(body);
}

function sendError(reply: FastifyReply, code: string, message: string, headers: Record<string, string> = {}): FastifyReply {
  const body: ApiErrorEnvelope = { error: { code, message } };
  return sendJson(reply, httpStatusFor(code), body, headers);
}

/** Every failure becomes the error envelope; only the unexpected ones are logged, and answered without internals. */
function failed(error: FastifyError, req: FastifyRequest, reply: FastifyReply, logger: Logger): FastifyReply {
  if (error instanceof HttpError) return sendError(reply, error.code, error.message, { ...error.headers });
  if (error.validation) {
    const where = error.validationContext;
    if (where === 'params') return sendError(reply, API_ERROR_CODES.notFound, `no API route ${new URL(req.url, 'http://localhost').pathname}`);
    const detail = error.validation.map((v) => (v.instancePath ? `${v.instancePath.slice(1).replaceAll('/', '.')}: ${v.message}` : v.message)).join('; ');
    return sendError(reply, API_ERROR_CODES.invalidRequest, `invalid ${where === 'querystring' ? 'query' : 'request body'}: ${detail}`);
  }
  if (error.code === 'FST_ERR_CTP_BODY_TOO_LARGE') {
    return sendError(reply, API_ERROR_CODES.payloadTooLarge, `request body exceeds ${req.routeOptions.bodyLimit ?? 'the'} bytes`, { connection: 'close' });
  }
  if (error.code === 'FST_ERR_CTP_INVALID_MEDIA_TYPE') return sendError(reply, API_ERROR_CODES.unsupportedMediaType, 'request bodies must be application/json');
  logger.error({ err: errorMessage(error), method: req.method, path: req.url.split('?')[0] }, 'API request failed');
  return sendError(reply, API_ERROR_CODES.internalError, 'internal error; see the engine log');
}
