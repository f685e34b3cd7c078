// JSON-RPC over stdio as codex app-server speaks it: one JSON object per line, no "jsonrpc"
// field on output (tolerated on input), requests in both directions.
import { createInterface } from 'node:readline';

export const ERROR_INVALID_REQUEST = -32600;
export const ERROR_METHOD_NOT_FOUND = -32601;
export const ERROR_INVALID_PARAMS = -32602;

export class Peer {
  /**
   * @param {{ input: NodeJS.ReadableStream, output: NodeJS.WritableStream, log: (line: string) => void }} io
   * @param {{ onRequest: (method: string, params: any, id: string | number) => void, onNotification: (method: string, params: any) => void, onClose: () => void }} handlers
   */
  constructor(io, handlers) {
    this.io = io;
    this.handlers = handlers;
    this.nextId = 1;
    /** Our requests to the client (approvals, tool calls) waiting for an answer, by id. */
    this.pending = new Map();
    const lines = createInterface({ input: io.input, crlfDelay: Infinity });
    lines.on('line', (line) => this.receive(line));
    lines.on('close', () => {
      for (const waiter of this.pending.values()) waiter({ error: { code: -32000, message: 'the client closed the connection' } });
      this.pending.clear();
      handlers.onClose();
    });
  }

  send(message) {
    this.io.output.write(`${JSON.stringify(message)}\n`);
  }

  notify(method, params) {
    this.send({ method, params });
  }

  respond(id, result) {
    this.send({ id, result });
  }

  fail(id, code, message) {
    this.send({ id, error: { code, message } });
  }

  /** A server→client request; resolves with the client's `{result}` or `{error}`. */
  request(method, params) {
    const id = this.nextId++;
    return {
      id,
      answer: new Promise((resolve) => {
        this.pending.set(id, resolve);
        this.send({ id, method, params });
      }),
    };
  }

  receive(line) {
    if (line.trim() === '') return;
    let message;
    try {
      message = JSON.parse(line);
    } catch {
      this.io.log(`ignoring a line that is not JSON: ${line.slice(0, 200)}`);
      return;
    }
    if (message === null || typeof message !== 'object' || Array.isArray(message)) {
      this.io.log('ignoring a message that is not an object');
      return;
    }
    const hasId = typeof message.id === 'string' || typeof message.id === 'number';
    if (typeof message.method === 'string') {
      if (hasId) this.handlers.onRequest(message.method, message.params ?? {}, message.id);
      else this.handlers.onNotification(message.method, message.params ?? {});
      return;
    }
    if (hasId && this.pending.has(message.id)) {
      const resolve = this.pending.get(message.id);
      this.pending.delete(message.id);
      resolve('error' in message ? { error: message.error } : { result: message.result ?? {} });
      return;
    }
    this.io.log(`ignoring an unexpected message: ${line.slice(0, 200)}`);
  }
}
