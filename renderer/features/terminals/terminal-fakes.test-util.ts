import type { ClientMessage, ServerMessage } from '../../../shared/api/ws-messages.js';
import type { SocketStatus } from '../../lib/live-socket.js';
import type { FindDirection, LineMarker, TerminalSize, TerminalView } from './terminal-view.js';
import type { TerminalTransport } from './terminal-transport.js';

/**
 * Test doubles for the terminal manager: a socket that records what is sent, and a view that
 * parses only when told (`parse()`), so tests can tell "received" from "parsed".
 */
export class FakeTransport implements TerminalTransport {
  current: SocketStatus = 'open';
  readonly sent: ClientMessage[] = [];
  private readonly messageListeners = new Set<(m: ServerMessage) => void>();
  private readonly statusListeners = new Set<(s: SocketStatus) => void>();

  send(message: ClientMessage): boolean {
    if (this.current !== 'open') return false;
    this.sent.push(message);
    return true;
  }

  onMessage(listener: (m: ServerMessage) => void): () => void {
    this.messageListeners.add(listener);
    return () => this.messageListeners.delete(listener);
  }

  onStatus(listener: (s: SocketStatus) => void): () => void {
    this.statusListeners.add(listener);
    return () => this.statusListeners.delete(listener);
  }

  emit(message: ServerMessage): void {
    for (const l of [...this.messageListeners]) l(message);
  }

  setStatus(status: SocketStatus): void {
    this.current = status;
    for (const l of [...this.statusListeners]) l(status);
  }

  /** Sent messages of one type, without the type field's noise. */
  ofType<T extends ClientMessage['type']>(type: T): Array<Extract<ClientMessage, { type: T }>> {
    return this.sent.filter((m): m is Extract<ClientMessage, { type: T }> => m.type === type);
  }

  get listenerCount(): number {
    return this.messageListeners.size + this.statusListeners.size;
  }
}

export class FakeView implements TerminalView {
  cols = 80;
  rows = 24;
  /** Text parsed so far (after the last full reset). */
  screen = '';
  readonly writes: string[] = [];
  mountedIn: HTMLElement | null = null;
  readOnly = true;
  webgl = false;
  webglAvailable = true;
  loseContext: (() => void) | null = null;
  disposed = false;
  fitSize: TerminalSize | null = null;
  scrolledTo: number | 'bottom' | null = null;
  lines = 0;
  private queue: Array<{ data: string; parsed?: () => void }> = [];
  private inputListener: ((data: string) => void) | null = null;

  mount(container: HTMLElement): void {
    this.mountedIn = container;
  }
  unmount(): void {
    this.mountedIn = null;
  }
  setReadOnly(readOnly: boolean): void {
    this.readOnly = readOnly;
  }
  write(data: string, parsed?: () => void): void {
    this.writes.push(data);
    this.queue.push({ data, parsed });
  }
  /** Parses everything written so far, running the write callbacks in order. */
  parse(): void {
    for (const { data, parsed } of this.queue.splice(0)) {
      if (data.startsWith('\x1bc')) {
        this.screen = data.slice(2);
        this.lines = 0;
      } else this.screen += data;
      this.lines += (data.match(/\n/g) ?? []).length;
      parsed?.();
    }
  }
  resize(cols: number, rows: number): void {
    this.cols = cols;
    this.rows = rows;
  }
  proposeSize(): TerminalSize | null {
    return this.mountedIn ? this.fitSize : null;
  }
  onInput(listener: (data: string) => void): () => void {
    this.inputListener = listener;
    return () => (this.inputListener = null);
  }
  type(data: string): void {
    this.inputListener?.(data);
  }
  cursorLine(): number {
    return this.lines;
  }
  markCursor(): LineMarker {
    return { line: this.lines, isDisposed: false, dispose: () => {} };
  }
  scrollToLine(line: number): void {
    this.scrolledTo = line;
  }
  scrollToBottom(): void {
    this.scrolledTo = 'bottom';
  }
  enableWebgl(onLost: () => void): boolean {
    if (!this.webglAvailable) return false;
    this.webgl = true;
    this.loseContext = onLost;
    return true;
  }
  disableWebgl(): void {
    this.webgl = false;
  }
  find(query: string, _direction: FindDirection): boolean {
    return query !== '' && this.screen.includes(query);
  }
  clearFind(): void {}
  focus(): void {}
  dispose(): void {
    this.disposed = true;
  }
}

export function snapshot(id: string, data: string, offset: number, cols = 100, rows = 30): ServerMessage {
  return { type: 'terminal.snapshot', terminal_id: id, data, cols, rows, offset };
}

export function data(id: string, text: string, offset: number): ServerMessage {
  return { type: 'terminal.data', terminal_id: id, data: text, offset };
}
