import type { Clock, TimerHandle } from '../../lib/clock.js';
import { err, errorMessage, failure, ok, type BatonError, type Result } from '../../lib/result.js';
import { asRecord } from '../../lib/json-shapes.js';

/**
 * The app-server's JSON-RPC dialect: requests, responses and notifications as in JSON-RPC 2.0 but
 * without the `jsonrpc` field (tolerated on input, never sent). Both sides send requests: ours are
 * matched to responses by id, the server's go to a handler whose answer is written back under the
 * server's id. Every message is dispatched as it arrives, whether or not one of our requests is
 * pending, so notifications that overtake a response are never lost (agent-protocols.md §2.5).
 */
export type RpcId = number | string;

export type RpcReply = { result: unknown } | { error: { code: number; message: string; data?: unknown } };

export const RPC_INVALID_REQUEST = -32600;
export const RPC_METHOD_NOT_FOUND = -32601;
export const RPC_INTERNAL_ERROR = -32603;

export interface RpcHandlers {
  /** Called synchronously, in stream order. */
  onNotification(method: string, params: unknown): void;
  /** A server→client request; the reply is written back with the server's id. */
  onRequest(method: string, params: unknown, id: RpcId): Promise<RpcReply>;
  /** A line that is not a protocol message (not JSON, not an object, a response nobody waits for). */
  onMalformed(line: string, reason: string): void;
}

export interface RpcConnectionOptions {
  /** Writes one line (without the newline) to the peer. */
  send(line: string): void;
  clock: Clock;
  /** Default per-request read timeout (SPEC `codex.read_timeout_ms`). */
  readTimeoutMs: number;
  handlers: RpcHandlers;
}

interface Pending {
  method: string;
  timer: TimerHandle;
  resolve(result: Result<unknown>): void;
}

export class RpcConnection {
  private nextId = 1;
  private readonly pending = new Map<string, Pending>();
  private closedWith: BatonError | null = null;

  constructor(private readonly options: RpcConnectionOptions) {}

  /** Resolves with the result, `response_error`, `response_timeout`, or the error the connection closed with. */
  request(method: string, params: unknown, timeoutMs = this.options.readTimeoutMs): Promise<Result<unknown>> {
    if (this.closedWith) return Promise.resolve(failure(this.closedWith));
    const id = this.nextId++;
    return new Promise((resolve) => {
      const timer = this.options.clock.setTimeout(() => {
        this.pending.delete(String(id));
        resolve(err('response_timeout', `no response to ${method} within ${timeoutMs} ms`, { method, timeout_ms: timeoutMs }));
      }, timeoutMs);
      this.pending.set(String(id), { method, timer, resolve });
      this.write({ id, method, params });
    });
  }

  notify(method: string, params: unknown): void {
    if (!this.closedWith) this.write({ method, params });
  }

  handleLine(line: string): void {
    if (line.trim() === '') return;
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch (e) {
      this.options.handlers.onMalformed(line, `invalid JSON: ${errorMessage(e)}`);
      return;
    }
    const message = asRecord(parsed);
    if (!message) {
      this.options.handlers.onMalformed(line, 'not a JSON object');
      return;
    }
    const method = typeof message.method === 'string' ? message.method : null;
    const id = typeof message.id === 'number' || typeof message.id === 'string' ? message.id : null;
    if (method !== null && id !== null) void this.answerRequest(method, message.params, id);
    else if (method !== null) this.options.handlers.onNotification(method, message.params);
    else if (id !== null && ('result' in message || 'error' in message)) this.settle(line, id, message);
    else this.options.handlers.onMalformed(line, 'neither a request, a response nor a notification');
  }

  /** Fails every pending request with `error` and refuses new ones (the process is gone). */
  close(error: BatonError): void {
    if (this.closedWith) return;
    this.closedWith = error;
    for (const [id, pending] of this.pending) {
      this.options.clock.clearTimeout(pending.timer);
      this.pending.delete(id);
      pending.resolve(failure(error));
    }
  }

  get pendingCount(): number {
    return this.pending.size;
  }

  private settle(line: string, id: RpcId, message: Record<string, unknown>): void {
    const pending = this.pending.get(String(id));
    if (!pending) {
      this.options.handlers.onMalformed(line, `response to unknown request id ${JSON.stringify(id)}`);
      return;
    }
    this.pending.delete(String(id));
    this.options.clock.clearTimeout(pending.timer);
    const error = asRecord(message.error);
    if (error) {
      const text = typeof error.message === 'string' ? error.message : JSON.stringify(error);
      pending.resolve(err('response_error', `${pending.method} failed: ${text}`, { method: pending.method, code: error.code, data: error.data }));
    } else {
      pending.resolve(ok(message.result));
    }
  }

  private async answerRequest(method: string, params: unknown, id: RpcId): Promise<void> {
    let reply: RpcReply;
    try {
      reply = await this.options.handlers.onRequest(method, params, id);
    } catch (e) {
      reply = { error: { code: RPC_INTERNAL_ERROR, message: errorMessage(e) } };
    }
    if (!this.closedWith) this.write({ id, ...reply });
  }

  private write(message: Record<string, unknown>): void {
    this.options.send(JSON.stringify(message));
  }
}
