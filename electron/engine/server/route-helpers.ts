import type { Result } from '../lib/result.js';
import { HttpError } from './http-errors.js';
import type { Params } from './router.js';

export interface ApiContext {
  params: Params;
  url: URL;
  /** Reads and parses the JSON body (undefined when empty); throws HttpError on 400/413/415. */
  body(): Promise<unknown>;
}

export interface ApiResult {
  status: number;
  body: unknown;
}

export type ApiHandler = (ctx: ApiContext) => Promise<ApiResult>;

export const okJson = (body: unknown): ApiResult => ({ status: 200, body });

/** The failure of an engine Result as an HttpError (status from the one code table). */
export function unwrap<T>(result: Result<T>): T {
  if (result.ok) return result.value;
  throw new HttpError(result.error.code, result.error.message);
}
