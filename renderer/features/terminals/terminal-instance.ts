import type { ClientMessage, ServerMessage, ServerMessageOf } from '../../../shared/api/ws-messages.js';
import { InputSender, type Timers } from './input-sender.js';
import { OffsetMarks, type OffsetLocation } from './offset-marks.js';
import type { FindDirection, TerminalView } from './terminal-view.js';
import type { WebglClient } from './webgl-budget.js';

export type TerminalPhase = 'connecting' | 'live' | 'exited' | 'missing' | 'offline';

/** What a terminal pane shows around the screen. Never carries terminal bytes. */
export interface TerminalStatus {
  phase: TerminalPhase;
  exitCode: number | null;
  signal: number | null;
  /** The screen was (re)built from the engine's copy at least once. */
  restored: boolean;
  /** Chars of input dropped the last time the engine could not be reached; 0 otherwise. */
  droppedInput: number;
  webgl: boolean;
}

/** ESC c (RIS): a full reset written in order with the output, so queued writes cannot land after it. */
const FULL_RESET = '\x1bc';

/**
 * A hook for benchmarks and diagnostics: when a page defines it (Playwright's addInitScript), it is
 * called with each snapshot and live batch once xterm has parsed it. Undefined in normal use (one
 * property read per batch).
 */
declare global {
  var __BATON_TERMINAL_PROBE__: ((terminalId: string, data: string, kind: 'snapshot' | 'data') => void) | undefined;
}

export interface InstanceDeps {
  send(message: ClientMessage): boolean;
  isOpen(): boolean;
  changed(): void;
  timers?: Timers;
}

/**
 * One terminal's side of the engine's terminal protocol: subscribe with the current visibility,
 * replace the screen on `terminal.snapshot`, write `terminal.data` in stream order and ack it from
 * xterm's write callback (after parse) while visible, follow resizes, and ask for a fresh snapshot
 * when the stream has a gap. Keeps (offset → line) marks for trace jumps.
 */
export class TerminalInstance implements WebglClient {
  readonly marks: OffsetMarks;
  /** Use counter value of the last attach, for least-recently-used eviction. */
  lastUsed = 0;
  mountToken: object | null = null;
  private offset: number | null = null;
  private generation = 0;
  private mounted = false;
  private pageVisible = true;
  private subscribed = false;
  private interactive = false;
  private offInput: (() => void) | null = null;
  private readonly input: InputSender;
  private current: TerminalStatus;

  constructor(
    readonly id: string,
    readonly view: TerminalView,
    private readonly deps: InstanceDeps,
  ) {
    this.marks = new OffsetMarks(view);
    this.input = new InputSender(
      (data) => deps.send({ type: 'terminal.input', terminal_id: id, data }),
      (chars) => this.update({ droppedInput: chars }),
      deps.timers,
    );
    this.current = { phase: 'offline', exitCode: null, signal: null, restored: false, droppedInput: 0, webgl: false };
  }

  get status(): TerminalStatus {
    return this.current;
  }

  get visible(): boolean {
    return this.mounted && this.pageVisible;
  }

  get isMounted(): boolean {
    return this.mounted;
  }

  /** Stream offset of everything written so far (null before the first snapshot). */
  get streamOffset(): number | null {
    return this.offset;
  }

  /** (Re)subscribes; the engine answers with a snapshot, then live output while visible. */
  subscribe(): void {
    this.subscribed = this.deps.send({ type: 'terminal.subscribe', terminal_id: this.id, visible: this.visible });
    this.update({ phase: this.subscribed ? 'connecting' : 'offline' });
  }

  connectionLost(): void {
    this.subscribed = false;
    if (this.current.phase !== 'missing') this.update({ phase: 'offline' });
  }

  setMounted(mounted: boolean): void {
    this.setVisibility(() => (this.mounted = mounted));
  }

  setPageVisible(visible: boolean): void {
    this.setVisibility(() => (this.pageVisible = visible));
  }

  setInteractive(interactive: boolean): void {
    if (interactive === this.interactive && (this.offInput !== null) === interactive) return;
    this.interactive = interactive;
    this.view.setReadOnly(!interactive);
    this.offInput?.();
    this.offInput = interactive ? this.view.onInput((data) => this.input.push(data)) : null;
  }

  handle(message: ServerMessage): void {
    switch (message.type) {
      case 'terminal.snapshot':
        return this.applySnapshot(message);
      case 'terminal.data':
        return this.applyData(message);
      case 'terminal.resized':
        return this.view.resize(message.cols, message.rows);
      case 'terminal.exit':
        this.subscribed = false;
        return this.update({ phase: 'exited', exitCode: message.exit_code, signal: message.signal });
      default:
        return;
    }
  }

  /** The engine does not know this terminal (gone after its retention, or never existed). */
  notFound(): void {
    this.subscribed = false;
    this.update({ phase: 'missing' });
  }

  /** Sizes the terminal to its container and tells the engine (which resizes the pty). */
  fit(): void {
    const size = this.view.proposeSize();
    if (!size || (size.cols === this.view.cols && size.rows === this.view.rows)) return;
    this.view.resize(size.cols, size.rows);
    if (this.subscribed) this.deps.send({ type: 'terminal.resize', terminal_id: this.id, cols: size.cols, rows: size.rows });
  }

  /**
   * Scrolls to the line nearest a stream offset and says how precise that was. The line lands a
   * third of the way down, not at the top: an event is mostly recorded when something finished, so
   * the output that led to it is just above its line.
   */
  reveal(offset: number): OffsetLocation {
    const where = this.marks.locate(offset);
    if (where.kind === 'line') this.view.scrollToLine(Math.max(0, where.line - Math.floor(this.view.rows / 3)));
    else if (where.kind === 'ahead') this.view.scrollToBottom();
    else this.view.scrollToLine(0);
    return where;
  }

  find(query: string, direction: FindDirection): boolean {
    return this.view.find(query, direction);
  }

  enableWebgl(onContextLost: () => void): boolean {
    const enabled = this.view.enableWebgl(onContextLost);
    this.update({ webgl: enabled });
    return enabled;
  }

  disableWebgl(): void {
    this.view.disableWebgl();
    this.update({ webgl: false });
  }

  dispose(): void {
    if (this.subscribed) this.deps.send({ type: 'terminal.unsubscribe', terminal_id: this.id });
    this.subscribed = false;
    this.generation++;
    this.offInput?.();
    this.input.dispose();
    this.marks.dispose();
    this.view.dispose();
  }

  private setVisibility(change: () => void): void {
    const before = this.visible;
    change();
    if (this.visible !== before && this.subscribed) this.deps.send({ type: 'terminal.visible', terminal_id: this.id, visible: this.visible });
  }

  private applySnapshot(message: ServerMessageOf<'terminal.snapshot'>): void {
    const generation = ++this.generation;
    this.offset = message.offset;
    this.view.write(FULL_RESET, () => this.view.resize(message.cols, message.rows));
    this.view.write(message.data, () => {
      if (generation !== this.generation) return;
      this.marks.restart(message.offset);
      globalThis.__BATON_TERMINAL_PROBE__?.(this.id, message.data, 'snapshot');
    });
    if (this.current.phase !== 'exited') this.update({ phase: 'live', restored: true });
  }

  private applyData(message: ServerMessageOf<'terminal.data'>): void {
    const start = message.offset - message.data.length;
    if (this.offset === null || start > this.offset) {
      // Output went missing on the way (or arrived before any snapshot): start over from the engine's screen.
      this.subscribe();
      return;
    }
    if (message.offset <= this.offset) {
      // Already shown (a duplicate): nothing to parse, but the engine counted it.
      if (this.visible && this.subscribed) this.deps.send({ type: 'terminal.ack', terminal_id: this.id, chars: message.data.length });
      return;
    }
    const data = start < this.offset ? message.data.slice(this.offset - start) : message.data;
    this.offset = message.offset;
    const generation = this.generation;
    const chars = message.data.length;
    this.view.write(data, () => {
      if (generation !== this.generation) return;
      this.marks.record(message.offset);
      // Acks only count for a visible subscription: the engine sends live data to nobody else, and
      // resets its count when a terminal becomes visible again.
      if (this.visible && this.subscribed) this.deps.send({ type: 'terminal.ack', terminal_id: this.id, chars });
      globalThis.__BATON_TERMINAL_PROBE__?.(this.id, data, 'data');
    });
  }

  private update(patch: Partial<TerminalStatus>): void {
    let changed = false;
    for (const [key, value] of Object.entries(patch) as Array<[keyof TerminalStatus, TerminalStatus[keyof TerminalStatus]]>) {
      if (this.current[key] !== value) changed = true;
    }
    if (!changed) return;
    this.current = { ...this.current, ...patch };
    this.deps.changed();
  }
}
