import type { Clock } from '../../lib/clock.js';
import type { Disposable } from '../../lib/disposable.js';
import type { Logger } from '../../lib/logger.js';
import { err, ok, type Result } from '../../lib/result.js';
import { isRecord } from './payload.js';
import type { GraphqlDocument } from './queries.js';

/** SPEC §11.2: a Linear request that has not completed in 30 s fails (connect, headers and body). */
export const LINEAR_TIMEOUT_MS = 30_000;

/**
 * Largest answer read (bytes). A page of 50 issues with long descriptions is a few MB; anything
 * near this is a misbehaving server or proxy, and reading on would only exhaust the engine's memory.
 */
export const LINEAR_MAX_RESPONSE_BYTES = 64 * 1024 * 1024;

/** How much of an unexpected body a message quotes: enough to recognise an HTML error page. */
const SNIPPET_CHARS = 200;

export interface LinearEndpoint {
  url: string;
  /** Sent as the raw `Authorization` header, as Linear expects personal API keys. Never logged. */
  apiKey: string;
}

/** One GraphQL error as Linear reports it (message plus the `extensions.code` when present). */
export interface LinearGraphqlError {
  message: string;
  code: string | null;
}

export interface LinearClientOptions {
  clock: Clock;
  logger?: Logger;
  timeoutMs?: number;
  maxResponseBytes?: number;
}

/**
 * POSTs GraphQL documents to Linear and maps every failure to the SPEC §11.4 codes:
 * `linear_api_request` (transport, timeout), `linear_api_status` (non-200),
 * `linear_graphql_errors` (top-level `errors`), `linear_unknown_payload` (not JSON, no `data`).
 * Error details carry the operation and status, never the key or request headers.
 */
export class LinearClient implements Disposable {
  private readonly inflight = new Set<AbortController>();
  private readonly timeoutMs: number;
  private readonly maxBytes: number;
  private disposed = false;

  constructor(private readonly options: LinearClientOptions) {
    this.timeoutMs = options.timeoutMs ?? LINEAR_TIMEOUT_MS;
    this.maxBytes = options.maxResponseBytes ?? LINEAR_MAX_RESPONSE_BYTES;
  }

  async request(endpoint: LinearEndpoint, document: GraphqlDocument, variables: Record<string, unknown>): Promise<Result<Record<string, unknown>>> {
    const operation = document.operationName;
    if (this.disposed) return err('tracker_unavailable', 'the Linear tracker is closed', { operation });
    const controller = new AbortController();
    let timedOut = false;
    const timer = this.options.clock.setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, this.timeoutMs);
    this.inflight.add(controller);
    try {
      const response = await fetch(endpoint.url, {
        method: 'POST',
        headers: { 'content-type': 'application/json', accept: 'application/json', authorization: endpoint.apiKey },
        body: JSON.stringify({ query: document.query, variables, operationName: operation }),
        signal: controller.signal,
        // Linear's endpoint does not redirect; following one could carry the key somewhere else.
        redirect: 'manual',
      });
      const text = await readCapped(response, this.maxBytes);
      if (text === null) {
        controller.abort();
        return this.fail('linear_unknown_payload', `Linear's answer to ${operation} exceeded ${this.maxBytes} bytes`, { operation, status: response.status });
      }
      return this.interpret(operation, response.status, text);
    } catch (e) {
      const reason = timedOut ? `no answer within ${this.timeoutMs} ms` : this.disposed ? 'the tracker was closed' : transportReason(e);
      return this.fail('linear_api_request', `Linear request ${operation} failed: ${reason}`, { operation, timed_out: timedOut });
    } finally {
      this.options.clock.clearTimeout(timer);
      this.inflight.delete(controller);
    }
  }

  /** Aborts requests in flight; later requests answer `tracker_unavailable`. */
  dispose(): void {
    this.disposed = true;
    for (const controller of this.inflight) controller.abort();
    this.inflight.clear();
  }

  private interpret(operation: string, status: number, text: string): Result<Record<string, unknown>> {
    const body = parseJson(text);
    const errors = body !== undefined && isRecord(body) ? readErrors(body.errors) : null;
    if (status !== 200) {
      // Linear answers some rejections (bad query, rate limit) with 4xx and a GraphQL error body.
      const why = errors && errors.length > 0 ? joinMessages(errors) : snippet(text);
      return this.fail('linear_api_status', `Linear answered HTTP ${status} to ${operation}${why ? `: ${why}` : ''}`, {
        operation,
        status,
        ...(errors ? { errors } : {}),
      });
    }
    if (body === undefined || !isRecord(body)) {
      return this.fail('linear_unknown_payload', `Linear answered ${operation} with a body that is not a JSON object: ${snippet(text)}`, { operation });
    }
    if (errors === null && body.errors !== undefined && body.errors !== null) {
      return this.fail('linear_unknown_payload', `Linear answered ${operation} with a malformed errors field`, { operation });
    }
    if (errors && errors.length > 0) {
      return this.fail('linear_graphql_errors', `Linear rejected ${operation}: ${joinMessages(errors)}`, { operation, errors });
    }
    if (!isRecord(body.data)) {
      return this.fail('linear_unknown_payload', `Linear answered ${operation} without a data object`, { operation });
    }
    return ok(body.data);
  }

  private fail(code: string, message: string, details: Record<string, unknown>): ReturnType<typeof err> {
    this.options.logger?.warn({ code, operation: details.operation, status: details.status }, 'linear request failed');
    return err(code, message, details);
  }
}

/** The body as text, or null once it passes `maxBytes` (the rest is not read). */
async function readCapped(response: Response, maxBytes: number): Promise<string | null> {
  if (!response.body) return '';
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
    size += chunk.byteLength;
    if (size > maxBytes) return null;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks).toString('utf8');
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    return undefined;
  }
}

/** Null when `errors` is present but not an array of objects with a message. */
function readErrors(raw: unknown): LinearGraphqlError[] | null {
  if (raw === undefined || raw === null) return [];
  if (!Array.isArray(raw)) return null;
  const out: LinearGraphqlError[] = [];
  for (const e of raw) {
    if (!isRecord(e) || typeof e.message !== 'string') return null;
    const code = isRecord(e.extensions) && typeof e.extensions.code === 'string' ? e.extensions.code : null;
    out.push({ message: e.message, code });
  }
  return out;
}

function joinMessages(errors: LinearGraphqlError[]): string {
  return errors.map((e) => e.message).join('; ');
}

function snippet(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > SNIPPET_CHARS ? `${flat.slice(0, SNIPPET_CHARS)}…` : flat;
}

/** undici hides the useful part (ECONNREFUSED, "other side closed") in `cause`. */
function transportReason(e: unknown): string {
  if (!(e instanceof Error)) return String(e);
  const cause = (e as Error & { cause?: unknown }).cause;
  if (cause instanceof Error) {
    const code = (cause as Error & { code?: unknown }).code;
    return `${e.message} (${typeof code === 'string' ? `${code}: ` : ''}${cause.message})`;
  }
  return e.message;
}
