import { API_ERROR_CODES } from '../../../shared/api/errors.js';
import type { TerminalInfo } from '../../../shared/api/schemas.js';
import type { ClientMessageOf, ServerMessage } from '../../../shared/api/ws-messages.js';
import type { Subscription, TerminalClient, TerminalPort, TerminalSnapshot } from './engine-api.js';

type Reply = (message: ServerMessage) => void;
type ReplyError = (code: string, message: string) => void;

/**
 * The terminals one WebSocket watches. Terminal messages bypass the droppable push path (their
 * volume is bounded by the session's credit flow control, and a gap would corrupt the screen).
 */
export class ConnectionTerminals {
  private readonly subs = new Map<string, Subscription>();

  constructor(
    private readonly port: TerminalPort,
    private readonly send: Reply,
    private readonly fail: ReplyError,
  ) {}

  subscribe(msg: ClientMessageOf<'terminal.subscribe'>): void {
    const id = msg.terminal_id;
    this.drop(id);
    // Output the session delivers before subscribe() returns must still follow the snapshot.
    let early: ServerMessage[] | null = [];
    let current: Subscription | null = null;
    const deliver = (message: ServerMessage): void => {
      if (early) early.push(message);
      else if (current !== null && this.subs.get(id) === current) this.send(message);
    };
    // With onReset given, the session never sends `reset` batches: every batch is plain output.
    const client: TerminalClient = {
      send: (batch) => deliver({ type: 'terminal.data', terminal_id: id, data: batch.data, offset: batch.offset }),
      onReset: (snap) => deliver(snapshotMessage(id, snap)),
      onResize: (cols, rows) => deliver({ type: 'terminal.resized', terminal_id: id, cols, rows }),
    };
    const sub = this.port.subscribeTerminal(id, client, { visible: msg.visible });
    if (!sub) {
      early = null;
      return this.fail(API_ERROR_CODES.terminalNotFound, `no terminal ${id}`);
    }
    current = sub;
    this.subs.set(id, sub);
    this.send(snapshotMessage(id, sub.snapshot));
    const pending = early;
    early = null;
    for (const message of pending) this.send(message);
    // An exited terminal can still be watched (its final screen), but the client learns it is over.
    const info = this.port.listTerminals().find((t) => t.id === id);
    if (info?.exited) this.exit(id, info);
  }

  unsubscribe(msg: ClientMessageOf<'terminal.unsubscribe'>): void {
    this.drop(msg.terminal_id);
  }

  visible(msg: ClientMessageOf<'terminal.visible'>): void {
    this.withSub(msg.terminal_id, (sub) => sub.setVisible(msg.visible));
  }

  ack(msg: ClientMessageOf<'terminal.ack'>): void {
    this.withSub(msg.terminal_id, (sub) => sub.ack(msg.chars));
  }

  input(msg: ClientMessageOf<'terminal.input'>): void {
    const result = this.port.inputTerminal(msg.terminal_id, msg.data);
    if (!result.ok) this.fail(result.error.code, result.error.message);
  }

  resize(msg: ClientMessageOf<'terminal.resize'>): void {
    const result = this.port.resizeTerminal(msg.terminal_id, msg.cols, msg.rows);
    if (!result.ok) this.fail(result.error.code, result.error.message);
  }

  /** After a terminal list change: report and forget watched terminals that exited or vanished. */
  reconcile(list: readonly TerminalInfo[]): void {
    for (const id of [...this.subs.keys()]) {
      const info = list.find((t) => t.id === id);
      if (!info || info.exited) this.exit(id, info);
    }
  }

  disposeAll(): void {
    for (const id of [...this.subs.keys()]) this.drop(id);
  }

  get size(): number {
    return this.subs.size;
  }

  private exit(id: string, info: TerminalInfo | undefined): void {
    this.drop(id);
    this.send({ type: 'terminal.exit', terminal_id: id, exit_code: info?.exit_code ?? null, signal: info?.signal ?? null });
  }

  private withSub(id: string, fn: (sub: Subscription) => void): void {
    const sub = this.subs.get(id);
    if (!sub) return this.fail(API_ERROR_CODES.notSubscribed, `terminal ${id} is not subscribed on this connection`);
    fn(sub);
  }

  private drop(id: string): void {
    const sub = this.subs.get(id);
    if (!sub) return;
    this.subs.delete(id);
    sub.dispose();
  }
}

function snapshotMessage(id: string, snap: TerminalSnapshot): ServerMessage {
  return { type: 'terminal.snapshot', terminal_id: id, data: snap.data, cols: snap.cols, rows: snap.rows, offset: snap.seq };
}
