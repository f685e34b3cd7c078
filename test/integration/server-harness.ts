/**
 * Helpers for the API server tests: start a real ApiServer on an ephemeral loopback port, speak
 * raw HTTP (node:http, so paths reach the server byte for byte) and real WebSocket (ws client).
 */
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { WebSocket } from 'ws';
import type { ServerMessage, ServerMessageOf, ServerMessageType } from '../../shared/api/ws-messages.js';
import { ApiServer, type ApiServerOptions } from '../../electron/engine/server/http-server.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { FakeEngine } from './server-fake-engine.js';

export interface Harness {
  engine: FakeEngine;
  server: ApiServer;
  url: string;
  port: number;
  token: string;
  auth: Record<string, string>;
}

export async function startServer(options: Partial<ApiServerOptions> = {}): Promise<Harness> {
  const engine = (options.engine as FakeEngine | undefined) ?? new FakeEngine();
  const server = new ApiServer({ logger: silentLogger(), ...options, engine });
  const { url, port } = await server.listen({ host: '127.0.0.1', port: 0 });
  return { engine, server, url, port, token: server.token, auth: { authorization: `Bearer ${server.token}` } };
}

export interface RawResponse {
  status: number;
  headers: IncomingHttpHeaders;
  text: string;
  json: () => unknown;
}

export interface RawRequest {
  method?: string;
  headers?: Record<string, string | number>;
  body?: string | Buffer;
  /** Send the body in chunks with no Content-Length (chunked transfer encoding). */
  chunks?: Buffer[];
}

export function send(port: number, path: string, req: RawRequest = {}): Promise<RawResponse> {
  return new Promise((resolve, reject) => {
    const headers: Record<string, string | number> = { ...req.headers };
    if (req.body !== undefined) {
      headers['content-length'] ??= Buffer.byteLength(req.body);
      headers['content-type'] ??= 'application/json';
    }
    const r = httpRequest({ host: '127.0.0.1', port, path, method: req.method ?? 'GET', headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) as unknown });
      });
      res.on('error', reject);
    });
    r.on('error', reject);
    if (req.chunks) {
      for (const c of req.chunks) r.write(c);
      r.end();
    } else {
      r.end(req.body);
    }
  });
}

/** A WebSocket client that queues every message so tests can await them in order. */
export class TestSocket {
  readonly messages: ServerMessage[] = [];
  private waiters: Array<() => void> = [];
  closeCode: number | null = null;
  readonly closed: Promise<number>;

  constructor(readonly ws: WebSocket) {
    ws.on('message', (data) => {
      this.messages.push(JSON.parse(data.toString()) as ServerMessage);
      for (const w of this.waiters.splice(0)) w();
    });
    this.closed = new Promise((resolve) =>
      ws.on('close', (code) => {
        this.closeCode = code;
        for (const w of this.waiters.splice(0)) w();
        resolve(code);
      }),
    );
  }

  static open(port: number, headers: Record<string, string>, path = '/api/v1/ws'): Promise<TestSocket> {
    return new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
      const socket = new TestSocket(ws);
      ws.once('open', () => resolve(socket));
      ws.once('error', reject);
    });
  }

  /** The next message of `type` after index `from` (default: the first of that type ever). */
  async next<T extends ServerMessageType>(type: T, timeoutMs = 3_000): Promise<ServerMessageOf<T>> {
    const found = await this.waitFor(() => this.messages.find((m) => m.type === type), timeoutMs, type);
    return found as ServerMessageOf<T>;
  }

  /** Waits until `predicate` returns a value, re-checking on every message. */
  async waitFor<R>(predicate: () => R | undefined, timeoutMs = 3_000, what = 'condition'): Promise<R> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = predicate();
      if (value !== undefined) return value;
      if (this.closeCode !== null) throw new Error(`socket closed (${this.closeCode}) while waiting for ${what}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new Error(`timed out waiting for ${what}; got ${JSON.stringify(this.messages.map((m) => m.type))}`);
      await new Promise<void>((resolve) => {
        // Re-check on every message, and every 20 ms for conditions outside the socket.
        const timer = setTimeout(resolve, Math.min(left, 20));
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  ofType<T extends ServerMessageType>(type: T): Array<ServerMessageOf<T>> {
    return this.messages.filter((m) => m.type === type) as Array<ServerMessageOf<T>>;
  }

  sendJson(message: unknown): void {
    this.ws.send(JSON.stringify(message));
  }

  async close(): Promise<void> {
    if (this.closeCode === null) this.ws.close();
    await this.closed;
  }
}

/** Resolves with the HTTP status a refused upgrade answered. */
export function upgradeStatus(port: number, headers: Record<string, string>, path = '/api/v1/ws'): Promise<number> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}${path}`, { headers });
    ws.once('unexpected-response', (_req, res) => {
      resolve(res.statusCode ?? 0);
      res.resume();
      ws.terminate();
    });
    ws.once('open', () => {
      ws.terminate();
      reject(new Error('upgrade unexpectedly succeeded'));
    });
    ws.once('error', () => undefined);
  });
}

export function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}

/** Polls `check` until it holds (for conditions outside any socket). */
export async function eventually(check: () => boolean, what: string, timeoutMs = 3_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await delay(20);
  }
}
