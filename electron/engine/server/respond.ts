import type { ServerResponse } from 'node:http';
import type { ApiErrorEnvelope } from '../../../shared/api/errors.js';
import { httpStatusFor } from './http-errors.js';

/** Headers every API response carries: JSON is never cached or sniffed into something else. */
const API_HEADERS = {
  'content-type': 'application/json; charset=utf-8',
  'cache-control': 'no-store',
  'x-content-type-options': 'nosniff',
} as const;

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const payload = JSON.stringify(body);
  res.writeHead(status, { ...API_HEADERS, 'content-length': Buffer.byteLength(payload), ...headers });
  res.end(payload);
}

export function sendError(res: ServerResponse, code: string, message: string, headers: Record<string, string> = {}): void {
  const body: ApiErrorEnvelope = { error: { code, message } };
  sendJson(res, httpStatusFor(code), body, headers);
}
