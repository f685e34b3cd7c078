import type { IncomingMessage, ServerResponse } from 'node:http';
import { API_ERROR_CODES } from '../../../shared/api/errors.js';
import { isValidIdentifier } from '../../../shared/api/routes.js';
import type { Clock } from '../lib/clock.js';
import { errorMessage } from '../lib/result.js';
import type { Logger } from '../lib/logger.js';
import { createApiRoutes, type ApiHandler } from './api-routes.js';
import type { TokenAuth } from './auth.js';
import type { EngineApi } from './engine-api.js';
import { HttpError } from './http-errors.js';
import { readJsonBody } from './request-body.js';
import { sendError, sendJson } from './respond.js';
import { Router } from './router.js';

export interface ApiHandlerOptions {
  engine: EngineApi;
  clock: Clock;
  auth: TokenAuth;
  logger: Logger;
  maxBodyBytes: number;
}

/**
 * Everything under `/api/` (the server has checked Host and Origin): authorization first (so an
 * unauthorized caller learns nothing, not even which paths exist), then routing (404 / 405 +
 * Allow), then the handler. Failures become the error envelope; unexpected exceptions are logged
 * and answered 500 without internals.
 */
export class ApiRequestHandler {
  private readonly router: Router<ApiHandler>;

  constructor(private readonly options: ApiHandlerOptions) {
    this.router = new Router(createApiRoutes(options.engine, options.clock), {
      identifier: isValidIdentifier,
      id: isValidIdentifier,
    });
  }

  async handle(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const method = req.method ?? 'GET';
    try {
      if (this.options.auth.authenticate(req, url) === null) {
        req.resume();
        return sendError(res, API_ERROR_CODES.unauthorized, 'missing or wrong API token', { 'www-authenticate': 'Bearer' });
      }
      const match = this.router.match(method, url.pathname);
      if (match.kind === 'not_found') {
        req.resume();
        return sendError(res, API_ERROR_CODES.notFound, `no API route ${url.pathname}`);
      }
      if (match.kind === 'method_not_allowed') {
        req.resume();
        const allow = match.allow.join(', ');
        return sendError(res, API_ERROR_CODES.methodNotAllowed, `${method} is not allowed here; use ${allow}`, { allow });
      }
      // Tracker identifiers are case-insensitive: resolve once here, so every route agrees.
      const raw = match.params.identifier;
      const params = raw === undefined ? match.params : { ...match.params, identifier: await this.options.engine.resolveIdentifier(raw) };
      const result = await match.handler({
        params,
        url,
        body: () => readJsonBody(req, this.options.maxBodyBytes),
      });
      sendJson(res, result.status, result.body);
    } catch (e) {
      this.fail(res, method, url, e);
    }
  }

  private fail(res: ServerResponse, method: string, url: URL, e: unknown): void {
    if (res.headersSent) {
      res.destroy();
      return;
    }
    if (e instanceof HttpError) return sendError(res, e.code, e.message, { ...e.headers });
    this.options.logger.error({ err: errorMessage(e), method, path: url.pathname }, 'API request failed');
    sendError(res, API_ERROR_CODES.internalError, 'internal error; see the engine log');
  }
}
