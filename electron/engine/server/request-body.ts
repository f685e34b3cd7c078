import { API_ERROR_CODES } from '../../../shared/api/errors.js';
import { HttpError } from './http-errors.js';

/** Largest request body accepted (bytes): tickets and answers are small; 1 MiB leaves room for a
 *  long pasted description while bounding what one request can make the engine buffer. Fastify
 *  enforces it (`bodyLimit`), before and while reading, and answers 413. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * A request body as the API reads it: empty gives `undefined` ("no options"), a content type other
 * than JSON is 415 (which also keeps HTML forms, a CSRF vector, out), unparsable JSON is 400.
 */
export function parseJsonBody(contentType: string | undefined, text: string): unknown {
  if (text.length === 0) return undefined;
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(API_ERROR_CODES.unsupportedMediaType, 'request bodies must be application/json');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(API_ERROR_CODES.invalidJson, `request body is not valid JSON: ${(e as Error).message}`);
  }
}
