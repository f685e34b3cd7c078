import { StaticFiles } from './static.js';
import { buildApiApp } from './api-app.js';
import type { ApiHandlers } from './api-handlers.js';
import { TokenAuth } from './auth.js';
import { MAX_BODY_BYTES } from './request-body.js';
import { silentLogger } from '../lib/logger.js';

/**
 * The API's OpenAPI document, as `GET /api/v1/openapi.json` serves it, without an engine: it is
 * generated from the route schemas alone (shared/api/contract.ts), so no handler is ever called.
 * `npm run openapi` writes it to docs/openapi.json; a test fails when that file is stale.
 */
export async function openApiDocument(): Promise<unknown> {
  const app = await buildApiApp({
    handlers: new Proxy({} as ApiHandlers, {
      get: () => () => Promise.reject(new Error('the OpenAPI document is generated without an engine')),
    }),
    resolveIdentifier: async (identifier) => identifier,
    auth: new TokenAuth(),
    logger: silentLogger(),
    maxBodyBytes: MAX_BODY_BYTES,
    staticFiles: new StaticFiles(null),
    refusal: () => null,
  });
  try {
    return app.swagger();
  } finally {
    await app.close();
  }
}
