import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { WS_CLOSE_CODES } from '../../../shared/api/errors.js';
import { STATE_PUSH_INTERVAL_MS, WS_PROTOCOL_VERSION, type ServerMessage } from '../../../shared/api/ws-messages.js';
import { isoTime, type Clock, type TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { errorMessage } from '../lib/result.js';
import { Coalescer } from './coalescer.js';
import type { EngineApi, Unsubscribe } from './engine-api.js';
import { toWorkflowResponse } from './workflow-view.js';
import { WsConnection, type BackpressureLimits } from './ws-connection.js';

/** Largest client frame (bytes): the biggest valid message is a terminal paste of 256 Ki chars, which
 *  JSON can inflate to 1.5 MiB (control characters escape to 6 bytes); ws refuses larger frames
 *  before buffering them. */
export const MAX_CLIENT_FRAME_BYTES = 2 * 1024 * 1024;

/** Per-socket send-buffer cap (bytes): several seconds of every terminal on screen streaming at full
 *  speed, yet small enough that 100 stalled sockets cannot hold a gigabyte of engine memory. */
export const MAX_BUFFERED_BYTES = 8 * 1024 * 1024;
/** A socket over the cap this long (ms) is closed: matches the longest pause the design tolerates
 *  for a stuck reader (performance-and-reliability.md §0, flow control). */
export const BACKPRESSURE_GRACE_MS = 10_000;
const PRESSURE_CHECK_INTERVAL_MS = 250;
/** How long (ms) shutdown waits for clients to acknowledge the close before dropping them. */
const CLOSE_GRACE_MS = 500;

export interface WsHubOptions {
  engine: EngineApi;
  logger: Logger;
  clock: Clock;
  limits?: Partial<BackpressureLimits>;
}

/** Minimum time between two `reviews` invalidations (ms): each makes every client refetch the inbox. */
export const REVIEWS_PUSH_INTERVAL_MS = 250;

/**
 * The WebSocket side of the API: accepts authorized upgrades, greets each client, and fans engine
 * changes out. State is pushed coalesced (≤ 1 per STATE_PUSH_INTERVAL_MS, one serialization for
 * all sockets); approvals, workflow and the terminal list are re-read once per burst of changes;
 * tickets and trace events are forwarded as they come (trace only to sockets that asked).
 */
export class WsHub {
  private readonly wss: WebSocketServer;
  private readonly connections = new Set<WsConnection>();
  private readonly unsubscribes: Unsubscribe[] = [];
  private readonly state: Coalescer;
  private readonly approvals: Coalescer;
  private readonly workflow: Coalescer;
  private readonly terminals: Coalescer;
  private readonly reviews: Coalescer;
  private readonly limits: BackpressureLimits;
  private closed = false;

  constructor(private readonly options: WsHubOptions) {
    const { engine, clock, logger } = options;
    this.limits = {
      maxBufferedBytes: options.limits?.maxBufferedBytes ?? MAX_BUFFERED_BYTES,
      graceMs: options.limits?.graceMs ?? BACKPRESSURE_GRACE_MS,
      checkIntervalMs: options.limits?.checkIntervalMs ?? PRESSURE_CHECK_INTERVAL_MS,
    };
    this.wss = new WebSocketServer({ noServer: true, clientTracking: false, maxPayload: MAX_CLIENT_FRAME_BYTES });
    const onError = (what: string) => (e: unknown) => logger.warn({ err: errorMessage(e) }, `websocket ${what} push failed`);
    this.state = new Coalescer(clock, STATE_PUSH_INTERVAL_MS, async () => this.broadcast({ type: 'state', state: await engine.getState() }), onError('state'));
    this.approvals = new Coalescer(clock, 0, async () => this.broadcast({ type: 'approvals', approvals: await engine.listApprovals() }), onError('approvals'));
    this.workflow = new Coalescer(clock, 0, async () => this.broadcast({ type: 'workflow', workflow: toWorkflowResponse(await engine.getWorkflow()) }), onError('workflow'));
    this.terminals = new Coalescer(clock, 0, async () => this.pushTerminals(), onError('terminal list'));
    // An invalidation, not data: clients refetch the inbox and queue, so a burst of landing steps
    // costs them one refetch per interval.
    this.reviews = new Coalescer(clock, REVIEWS_PUSH_INTERVAL_MS, async () => this.broadcast({ type: 'reviews' }), onError('reviews'));
    // With nobody connected there is nothing to push, so changes are not even re-read.
    const whenWatched = (c: Coalescer) => () => {
      if (this.connections.size > 0) c.trigger();
    };
    this.unsubscribes.push(
      engine.onState(whenWatched(this.state)),
      engine.onApprovals(whenWatched(this.approvals)),
      engine.onWorkflow(whenWatched(this.workflow)),
      engine.onTerminals(whenWatched(this.terminals)),
      engine.onReviews(whenWatched(this.reviews)),
      engine.onTicket((ticket) => this.broadcast({ type: 'ticket', ticket })),
      engine.onTrace((event) => {
        let payload: string | null = null;
        for (const c of this.connections) {
          if (!c.wantsTrace(event)) continue;
          payload ??= JSON.stringify({ type: 'trace', event } satisfies ServerMessage);
          c.push(payload);
        }
      }),
    );
  }

  get connectionCount(): number {
    return this.connections.size;
  }

  /** Completes an upgrade the HTTP server has already authorized. */
  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    if (this.closed) return void socket.destroy();
    this.wss.handleUpgrade(req, socket, head, (ws) => {
      if (this.closed) return void ws.terminate();
      const connection = new WsConnection(ws, {
        terminals: this.options.engine,
        logger: this.options.logger,
        clock: this.options.clock,
        limits: this.limits,
        onRecovered: () => this.state.trigger(),
        onClosed: (c) => this.connections.delete(c),
      });
      this.connections.add(connection);
      connection.send({ type: 'hello', version: WS_PROTOCOL_VERSION, server_time: isoTime(this.options.clock.now()) });
      // A newcomer gets everything through the same coalesced pushes the others get, so a slower
      // initial read can never land after (and overwrite) a newer broadcast.
      this.state.trigger();
      this.approvals.trigger();
      this.workflow.trigger();
      this.terminals.trigger();
    });
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    for (const unsubscribe of this.unsubscribes.splice(0)) unsubscribe();
    for (const c of [this.state, this.approvals, this.workflow, this.terminals, this.reviews]) c.dispose();
    const open = [...this.connections];
    for (const c of open) c.close(WS_CLOSE_CODES.goingAway, 'engine stopping');
    const { clock } = this.options;
    let timer: TimerHandle | undefined;
    const grace = new Promise<void>((resolve) => (timer = clock.setTimeout(resolve, CLOSE_GRACE_MS)));
    await Promise.race([Promise.all(open.map((c) => c.closed)), grace]);
    if (timer !== undefined) clock.clearTimeout(timer);
    for (const c of open) c.terminate();
    await Promise.all(open.map((c) => c.closed));
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private broadcast(message: ServerMessage): void {
    if (this.connections.size === 0) return;
    const payload = JSON.stringify(message);
    for (const c of this.connections) c.push(payload);
  }

  private pushTerminals(): void {
    const terminals = this.options.engine.listTerminals();
    this.broadcast({ type: 'terminal.list', terminals });
    for (const c of this.connections) c.reconcileTerminals(terminals);
  }
}
