import type { IncomingMessage } from 'node:http';
import type { z } from 'zod';
import { API_ERROR_CODES } from '../../../shared/api/errors.js';
import { HttpError } from './http-errors.js';

/** Largest request body accepted (bytes): tickets and answers are small; 1 MiB leaves room for a
 *  long pasted description while bounding what one request can make the engine buffer. */
export const MAX_BODY_BYTES = 1024 * 1024;

/**
 * Reads a JSON request body. An empty body gives `undefined`. Over the limit → 413 (the rest of the
 * body is drained, not buffered, so the client still reads the answer); a non-JSON content type →
 * 415 (which also keeps HTML forms, a CSRF vector, out); unparsable JSON → 400.
 */
export async function readJsonBody(req: IncomingMessage, maxBytes = MAX_BODY_BYTES): Promise<unknown> {
  const declared = Number(req.headers['content-length'] ?? NaN);
  if (Number.isFinite(declared) && declared > maxBytes) {
    req.resume();
    throw tooLarge(maxBytes);
  }
  const text = await collect(req, maxBytes);
  if (text.length === 0) return undefined;
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (type !== 'application/json') {
    throw new HttpError(API_ERROR_CODES.unsupportedMediaType, 'request bodies must be application/json');
  }
  try {
    return JSON.parse(text) as unknown;
  } catch (e) {
    throw new HttpError(API_ERROR_CODES.invalidJson, `request body is not valid JSON: ${(e as Error).message}`);
  }
}

function collect(req: IncomingMessage, maxBytes: number): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (chunk: Buffer) => {
      if (over) return;
      size += chunk.length;
      if (size > maxBytes) {
        over = true;
        chunks.length = 0;
        reject(tooLarge(maxBytes));
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function tooLarge(maxBytes: number): HttpError {
  return new HttpError(API_ERROR_CODES.payloadTooLarge, `request body exceeds ${maxBytes} bytes`, { connection: 'close' });
}

/** Validates a parsed body; the zod issues become the 400 message. */
export function parseWith<S extends z.ZodType>(schema: S, value: unknown, what = 'request body'): z.output<S> {
  const result = schema.safeParse(value === undefined ? {} : value);
  if (result.success) return result.data;
  const detail = result.error.issues
    .map((issue) => (issue.path.length > 0 ? `${issue.path.join('.')}: ${issue.message}` : issue.message))
    .join('; ');
  throw new HttpError(API_ERROR_CODES.invalidRequest, `invalid ${what}: ${detail}`);
}
