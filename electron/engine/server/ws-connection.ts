import { WebSocket, type RawData } from 'ws';
import { API_ERROR_CODES, WS_CLOSE_CODES } from '../../../shared/api/errors.js';
import type { TerminalInfo } from '../../../shared/api/schemas.js';
import { clientMessageSchema, type ClientMessage, type ServerMessage } from '../../../shared/api/ws-messages.js';
import type { TraceEvent } from '../../../shared/domain/trace.js';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { errorMessage } from '../lib/result.js';
import type { Logger } from '../lib/logger.js';
import type { TerminalPort } from './engine-api.js';
import { ConnectionTerminals } from './ws-terminals.js';

export interface BackpressureLimits {
  /** Send-buffer size (bytes) above which droppable pushes are skipped for this socket. */
  maxBufferedBytes: number;
  /** How long (ms) the buffer may stay over the cap before the socket is closed. */
  graceMs: number;
  /** How often (ms) an over-cap socket's buffer is re-checked. */
  checkIntervalMs: number;
}

export interface ConnectionDeps {
  terminals: TerminalPort;
  logger: Logger;
  clock: Clock;
  limits: BackpressureLimits;
  /** Pushes were dropped and the socket has drained: send it fresh state. */
  onRecovered(connection: WsConnection): void;
  onClosed(connection: WsConnection): void;
}

/**
 * One WebSocket client: validates its messages, routes terminal requests, filters trace pushes,
 * and guards the engine against a slow reader. Under backpressure, state/ticket/trace/error pushes are
 * dropped (the client is told to resync once it drains); terminal output is not (it has its own
 * credit flow control); if the buffer stays over the cap past the grace period the socket is closed
 * with `backpressure` (4008).
 */
export class WsConnection {
  private readonly terminalSubs: ConnectionTerminals;
  /** Undefined: no trace pushes. Null: all issues. A string: that issue only. */
  private traceFilter: string | null | undefined = undefined;
  private requestType: string | null = null;
  private pressureTimer: TimerHandle | null = null;
  private overSince = 0;
  private dropped = 0;
  private closing = false;
  readonly closed: Promise<void>;

  constructor(
    private readonly ws: WebSocket,
    private readonly deps: ConnectionDeps,
  ) {
    this.terminalSubs = new ConnectionTerminals(
      deps.terminals,
      (message) => this.write(JSON.stringify(message), false),
      (code, message) => this.sendError(code, message),
    );
    this.closed = new Promise((resolve) => ws.once('close', () => resolve()));
    ws.on('message', (data, isBinary) => this.onMessage(data, isBinary));
    ws.on('error', (e) => deps.logger.debug({ err: errorMessage(e) }, 'websocket error'));
    void this.closed.then(() => this.cleanup());
  }

  /** A push that may be dropped while this socket is over its buffer cap. */
  push(payload: string): void {
    this.write(payload, true);
  }

  /** A message that is never dropped (hello, resync; terminal messages go the same way). */
  send(message: ServerMessage): void {
    this.write(JSON.stringify(message), false);
  }

  wantsTrace(event: TraceEvent): boolean {
    return this.traceFilter === null || (this.traceFilter !== undefined && this.traceFilter === event.issue_identifier);
  }

  reconcileTerminals(list: readonly TerminalInfo[]): void {
    this.terminalSubs.reconcile(list);
  }

  get terminalCount(): number {
    return this.terminalSubs.size;
  }

  close(code: number, reason: string): void {
    if (this.closing) return;
    this.closing = true;
    this.ws.close(code, reason);
  }

  terminate(): void {
    this.closing = true;
    this.ws.terminate();
  }

  private onMessage(raw: RawData, isBinary: boolean): void {
    this.requestType = null;
    if (isBinary) return this.sendError(API_ERROR_CODES.invalidMessage, 'binary frames are not accepted; send JSON text');
    let parsed: unknown;
    try {
      parsed = JSON.parse(rawText(raw));
    } catch {
      return this.sendError(API_ERROR_CODES.invalidMessage, 'message is not valid JSON');
    }
    const type = (parsed as { type?: unknown } | null)?.type;
    this.requestType = typeof type === 'string' ? type : null;
    const result = clientMessageSchema.safeParse(parsed);
    if (!result.success) {
      const detail = result.error.issues.map((i) => (i.path.length ? `${i.path.join('.')}: ${i.message}` : i.message));
      return this.sendError(API_ERROR_CODES.invalidMessage, `invalid message: ${detail.join('; ')}`);
    }
    try {
      this.dispatch(result.data);
    } catch (e) {
      this.deps.logger.warn({ err: errorMessage(e), type: this.requestType }, 'websocket request failed');
      this.sendError(API_ERROR_CODES.internalError, errorMessage(e));
    }
  }

  private dispatch(msg: ClientMessage): void {
    switch (msg.type) {
      case 'terminal.subscribe':
        return this.terminalSubs.subscribe(msg);
      case 'terminal.unsubscribe':
        return this.terminalSubs.unsubscribe(msg);
      case 'terminal.visible':
        return this.terminalSubs.visible(msg);
      case 'terminal.ack':
        return this.terminalSubs.ack(msg);
      case 'terminal.input':
        return this.terminalSubs.input(msg);
      case 'terminal.resize':
        return this.terminalSubs.resize(msg);
      case 'trace.subscribe':
        this.traceFilter = msg.issue_identifier ?? null;
        return;
      case 'trace.unsubscribe':
        this.traceFilter = undefined;
        return;
    }
  }

  /** Droppable: a client that floods bad requests without reading must not grow our buffer. */
  private sendError(code: string, message: string): void {
    this.push(JSON.stringify({ type: 'error', code, message, request_type: this.requestType } satisfies ServerMessage));
  }

  private write(payload: string, droppable: boolean): void {
    if (this.closing || this.ws.readyState !== WebSocket.OPEN) return;
    const cap = this.deps.limits.maxBufferedBytes;
    if (droppable && this.ws.bufferedAmount > cap) {
      this.dropped++;
      this.watchPressure();
      return;
    }
    this.ws.send(payload);
    if (this.ws.bufferedAmount > cap) this.watchPressure();
  }

  private watchPressure(): void {
    if (this.pressureTimer !== null) return;
    this.overSince = this.deps.clock.now();
    this.schedulePressureCheck();
  }

  private schedulePressureCheck(): void {
    this.pressureTimer = this.deps.clock.setTimeout(() => this.checkPressure(), this.deps.limits.checkIntervalMs);
  }

  private checkPressure(): void {
    this.pressureTimer = null;
    if (this.closing) return;
    const { maxBufferedBytes, graceMs } = this.deps.limits;
    // Recovery waits for half the cap, so a socket hovering at the cap does not flap.
    if (this.ws.bufferedAmount <= maxBufferedBytes / 2) {
      if (this.dropped === 0) return;
      const dropped = this.dropped;
      this.dropped = 0;
      this.send({ type: 'resync', reason: `${dropped} updates were dropped while this connection was too slow` });
      this.deps.onRecovered(this);
      return;
    }
    if (this.deps.clock.now() - this.overSince >= graceMs) {
      this.deps.logger.warn({ buffered: this.ws.bufferedAmount }, 'closing a websocket that stopped reading');
      this.close(WS_CLOSE_CODES.backpressure, `send buffer stayed over ${maxBufferedBytes} bytes for ${graceMs} ms`);
      return;
    }
    this.schedulePressureCheck();
  }

  private cleanup(): void {
    this.closing = true;
    if (this.pressureTimer !== null) this.deps.clock.clearTimeout(this.pressureTimer);
    this.pressureTimer = null;
    this.terminalSubs.disposeAll();
    this.deps.onClosed(this);
  }
}

function rawText(raw: RawData): string {
  if (Array.isArray(raw)) return Buffer.concat(raw).toString('utf8');
  if (raw instanceof ArrayBuffer) return Buffer.from(raw).toString('utf8');
  return raw.toString('utf8');
}
