import type { FastifyInstance } from 'fastify';
import { STATUS_CODES, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { API_ERROR_CODES } from '../../../shared/api/errors.js';
import { WS_PATH } from '../../../shared/api/routes.js';
import { systemClock, type Clock } from '../lib/clock.js';
import type { Disposable } from '../lib/disposable.js';
import type { Logger } from '../lib/logger.js';
import { errorMessage } from '../lib/result.js';
import { buildApiApp } from './api-app.js';
import { createApiHandlers } from './api-handlers.js';
import { originAllowed, TokenAuth } from './auth.js';
import type { EngineApi } from './engine-api.js';
import { HostAllowList } from './host-allow-list.js';
import { httpStatusFor } from './http-errors.js';
import { MAX_BODY_BYTES } from './request-body.js';
import { StaticFiles } from './static.js';
import type { BackpressureLimits } from './ws-connection.js';
import { WsHub } from './ws-hub.js';

export interface ApiServerOptions {
  engine: EngineApi;
  logger: Logger;
  clock?: Clock;
  /** The API token; a fresh random one (32 bytes, base64url) when absent. */
  token?: string;
  /** The renderer's build directory (with index.html); null or absent serves the status page. */
  staticDir?: string | null;
  /** Origins besides our own that may call the API and open WebSockets (e.g. a dev server). */
  allowedOrigins?: readonly string[];
  maxBodyBytes?: number;
  wsLimits?: Partial<BackpressureLimits>;
}

export interface ListenOptions {
  /** Default 127.0.0.1. Anything not loopback is the caller's explicit choice and is logged. */
  host?: string;
  /** Default 0: an ephemeral port. */
  port?: number;
}

export interface ListenResult {
  url: string;
  host: string;
  port: number;
}

export const DEFAULT_HOST = '127.0.0.1';

/**
 * Baton's HTTP + WebSocket API server (SPEC §13.7 plus Baton's routes): JSON under `/api/v1`
 * (shared/api/contract.ts, served by Fastify: api-app.ts), the WebSocket at `/api/v1/ws`, and the
 * renderer's static files everywhere else.
 */
export class ApiServer implements Disposable {
  private readonly auth: TokenAuth;
  private readonly clock: Clock;
  private readonly staticFiles: StaticFiles;
  private app: FastifyInstance | null = null;
  private hub: WsHub | null = null;
  /** Known once bound: the Host headers we answer (DNS rebinding guard). */
  private hosts: HostAllowList | null = null;
  private closing: Promise<void> | null = null;

  constructor(private readonly options: ApiServerOptions) {
    this.auth = new TokenAuth(options.token);
    this.clock = options.clock ?? systemClock;
    this.staticFiles = new StaticFiles(options.staticDir ?? null);
  }

  get token(): string {
    return this.auth.token;
  }

  async listen({ host = DEFAULT_HOST, port = 0 }: ListenOptions = {}): Promise<ListenResult> {
    if (this.app || this.closing) throw new Error('ApiServer.listen() may be called once');
    if (!isLoopback(host)) {
      this.options.logger.warn({ host }, 'API server bound to a non-loopback address: reachable from the network, guarded only by the token');
    }
    const { engine, logger } = this.options;
    const app = await buildApiApp({
      handlers: createApiHandlers(engine, this.clock),
      resolveIdentifier: (identifier) => engine.resolveIdentifier(identifier),
      auth: this.auth,
      logger,
      maxBodyBytes: this.options.maxBodyBytes ?? MAX_BODY_BYTES,
      staticFiles: this.staticFiles,
      refusal: (req) => this.refusal(req),
    });
    this.app = app;
    const server = app.server;
    this.hub = new WsHub({ engine, logger, clock: this.clock, limits: this.options.wsLimits });
    server.on('upgrade', (req, socket, head) => this.onUpgrade(req, socket, head));
    await app.listen({ port, host }).catch(async (e: unknown) => {
      await this.close();
      throw e;
    });
    server.on('error', (e) => logger.error({ err: errorMessage(e) }, 'API server error'));
    const bound = (server.address() as AddressInfo).port;
    this.hosts = new HostAllowList(host, bound);
    const urlHost = host.includes(':') ? `[${host}]` : host;
    return { url: `http://${urlHost}:${bound}`, host, port: bound };
  }

  /** Stops listening, closes every WebSocket (1001) and HTTP connection; leaves no handle behind. */
  close(): Promise<void> {
    this.closing ??= this.shutdown();
    return this.closing;
  }

  dispose(): Promise<void> {
    return this.close();
  }

  private async shutdown(): Promise<void> {
    const app = this.app;
    const stopped = app ? app.close() : Promise.resolve();
    await this.hub?.close();
    app?.server.closeAllConnections();
    await stopped;
  }

  /**
   * Checks every request and upgrade passes before anything else: a Host we answer (DNS rebinding),
   * and, when a browser names the page that sent it, our own origin.
   */
  private refusal(req: IncomingMessage): { code: string; message: string } | null {
    if (!this.hosts?.allows(req.headers.host)) {
      return { code: API_ERROR_CODES.forbiddenHost, message: `requests for host ${JSON.stringify(req.headers.host ?? '')} are not answered; use the address baton printed (127.0.0.1 or localhost)` };
    }
    if (!originAllowed(req, this.options.allowedOrigins ?? [])) {
      return { code: API_ERROR_CODES.forbiddenOrigin, message: `requests from origin ${req.headers.origin} are not accepted` };
    }
    return null;
  }

  private onUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    socket.on('error', (e) => this.options.logger.debug({ err: errorMessage(e) }, 'upgrade socket error'));
    const url = requestUrl(req);
    if (!url) return rejectUpgrade(socket, API_ERROR_CODES.invalidRequest, 'malformed request URL');
    const refused = this.refusal(req);
    if (refused) return rejectUpgrade(socket, refused.code, refused.message);
    // Browsers cannot set headers on a WebSocket, so the query token is accepted here. The token
    // comes before the path, so an unauthorized caller learns nothing about which paths exist.
    if (!this.auth.authenticate(req, url, true)) return rejectUpgrade(socket, API_ERROR_CODES.unauthorized, 'missing or wrong API token');
    if (url.pathname !== WS_PATH) return rejectUpgrade(socket, API_ERROR_CODES.notFound, `no WebSocket at ${url.pathname}`);
    if (!this.hub || this.closing) return rejectUpgrade(socket, API_ERROR_CODES.serviceUnavailable, 'the engine is stopping');
    this.hub.handleUpgrade(req, socket, head);
  }
}

function requestUrl(req: IncomingMessage): URL | null {
  try {
    return new URL(req.url ?? '/', 'http://localhost');
  } catch {
    return null;
  }
}

function rejectUpgrade(socket: Duplex, code: string, message: string): void {
  const status = httpStatusFor(code);
  const body = JSON.stringify({ error: { code, message } });
  socket.once('finish', () => socket.destroy());
  socket.end(
    `HTTP/1.1 ${status} ${STATUS_CODES[status] ?? ''}\r\n` +
      'Connection: close\r\nContent-Type: application/json; charset=utf-8\r\n' +
      `Content-Length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
}

export function isLoopback(host: string): boolean {
  return host === 'localhost' || host === '::1' || /^127\.\d+\.\d+\.\d+$/.test(host) || /^::ffff:127\./i.test(host);
}
