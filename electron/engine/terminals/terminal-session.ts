import { systemClock, type Clock } from '../lib/clock.js';
import type { Disposable } from '../lib/disposable.js';
import { Emitter, type EventSubscription } from '../lib/emitter.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { errorMessage } from '../lib/result.js';
import { BULK_FLUSH_MAX_CHARS, bulkFlushDelayMs } from './bulk-flush.js';
import { ChunkCoalescer } from './chunk-coalescer.js';
import { OutputBatcher } from './output-batcher.js';
import { RawLog } from './raw-log.js';
import { ScreenMirror } from './screen-mirror.js';
import { SubscriberChannel } from './subscriber-channel.js';
import type { TerminalSink } from './terminal-sink.js';
import type { SubscribeOptions, Subscription, TerminalClient, TerminalSnapshot } from './terminal-types.js';

export interface TerminalSessionOptions {
  id: string;
  cols: number;
  rows: number;
  /** Directory of `<id>.log`; null keeps no raw log (tests, throwaway shells). */
  rawLogDir: string | null;
  clock?: Clock;
  logger?: Logger;
}

/**
 * One terminal's output path: every write goes out to subscribed viewers in batches, each with its
 * own flow control, and in bulk (BULK_FLUSH_DELAY_MS) into the headless screen copy and the raw log.
 * Nothing is kept for viewers beyond the screen copy and the batch being assembled, so an unwatched
 * terminal never holds up its producer; without a live viewer there is no batching either.
 */
export class TerminalSession implements TerminalSink, Disposable {
  readonly id: string;
  private readonly mirror: ScreenMirror;
  private readonly batcher: OutputBatcher;
  private readonly rawLog: RawLog | null;
  /** Output on its way to the screen copy and the raw log. */
  private readonly bulk: ChunkCoalescer;
  private readonly channels = new Set<SubscriberChannel>();
  private readonly inputs = new Emitter<string>((e) => this.logger.warn({ err: errorMessage(e) }, 'terminal input handler failed'));
  private readonly resizes = new Emitter<{ cols: number; rows: number }>((e) => this.logger.warn({ err: errorMessage(e) }, 'terminal resize handler failed'));
  private readonly logger: Logger;
  private disposed: Promise<void> | null = null;

  constructor(options: TerminalSessionOptions) {
    this.id = options.id;
    this.logger = options.logger ?? silentLogger();
    this.mirror = new ScreenMirror(options.cols, options.rows);
    this.rawLog = options.rawLogDir === null ? null : new RawLog(options.rawLogDir, options.id);
    const clock = options.clock ?? systemClock;
    this.bulk = new ChunkCoalescer(clock, bulkFlushDelayMs(options.id), BULK_FLUSH_MAX_CHARS, (data) => {
      this.mirror.write(data);
      this.rawLog?.write(data);
    });
    this.batcher = new OutputBatcher(clock, (data, offset) => this.emit(data, offset));
    this.batcher.setDirect(true);
  }

  get cols(): number {
    return this.mirror.cols;
  }

  get rows(): number {
    return this.mirror.rows;
  }

  /** Stream offset of all output that has left the batcher. */
  get offset(): number {
    return this.batcher.offset;
  }

  get rawLogPath(): string | null {
    return this.rawLog?.path ?? null;
  }

  /** The raw log's first write/open error (it then drops later output); null while it works. */
  get rawLogError(): string | null {
    return this.rawLog?.error ?? null;
  }

  get subscriberCount(): number {
    return this.channels.size;
  }

  write(data: string): void {
    if (this.disposed === null) this.batcher.push(data);
  }

  /** The screen as of everything that has left the batcher (`offset`), including unparsed output. */
  snapshot(): TerminalSnapshot {
    this.bulk.flush();
    return this.mirror.snapshot(this.batcher.offset);
  }

  subscribe(client: TerminalClient, options: SubscribeOptions): Subscription {
    if (this.disposed !== null) throw new Error(`terminal ${this.id} is disposed`);
    const channel = new SubscriberChannel(client, options.visible, () => this.snapshot(), this.logger);
    const snapshot = this.snapshot();
    this.channels.add(channel);
    this.updateBatching();
    return {
      snapshot,
      ack: (chars) => channel.ack(chars),
      setVisible: (visible) => {
        channel.setVisible(visible);
        this.updateBatching();
      },
      dispose: () => {
        channel.dispose();
        this.channels.delete(channel);
        this.updateBatching();
      },
    };
  }

  /** Keystrokes from a viewer, routed to whoever owns the process (`onInput`). */
  input(data: string): void {
    if (this.disposed !== null || data.length === 0) return;
    this.inputs.emit(data);
  }

  onInput(handler: (data: string) => void): EventSubscription {
    return this.inputs.on(handler);
  }

  /** Resizes the screen copy, tells the process owner (`onResize`) and every viewer. */
  resize(cols: number, rows: number): void {
    if (this.disposed !== null || !validSize(cols, rows)) return;
    if (cols === this.mirror.cols && rows === this.mirror.rows) return;
    // Output produced at the old size goes out (and into the screen copy) before the size changes.
    this.batcher.flush();
    this.bulk.flush();
    this.mirror.resize(cols, rows);
    this.resizes.emit({ cols, rows });
    for (const channel of this.channels) channel.resized(cols, rows);
  }

  onResize(handler: (cols: number, rows: number) => void): EventSubscription {
    return this.resizes.on(({ cols, rows }) => handler(cols, rows));
  }

  /**
   * Flushes pending output (to viewers, the screen copy and the raw log's stream) and waits until
   * the screen copy has parsed all of it.
   */
  async drain(): Promise<void> {
    this.batcher.flush();
    this.bulk.flush();
    await this.mirror.whenParsed();
  }

  /**
   * Last non-empty lines of the parsed screen. xterm parses asynchronously, so call `drain()` first
   * to be sure the latest output is in.
   */
  lastLines(count: number): string[] {
    this.bulk.flush();
    return this.mirror.lastLines(count);
  }

  /** Stops the batch timer, closes the raw log (flushing it) and frees the screen copy. */
  dispose(): Promise<void> {
    this.disposed ??= this.doDispose();
    return this.disposed;
  }

  private async doDispose(): Promise<void> {
    this.batcher.dispose();
    this.bulk.flush();
    for (const channel of this.channels) channel.dispose();
    this.channels.clear();
    this.inputs.dispose();
    this.resizes.dispose();
    this.mirror.dispose();
    await this.rawLog?.close();
  }

  /** Batches only while some viewer takes live data; otherwise each chunk goes straight through. */
  private updateBatching(): void {
    let live = false;
    for (const channel of this.channels) live ||= channel.live;
    this.batcher.setDirect(!live);
  }

  private emit(data: string, offset: number): void {
    this.bulk.push(data);
    if (this.channels.size === 0) return;
    const batch = { data, offset };
    for (const channel of this.channels) channel.deliver(batch);
  }
}

/**
 * Upper bounds on a size a viewer may ask for. The screen copy allocates cols × rows cells (12 B
 * each), so a garbage resize from a client must not allocate gigabytes; real screens are far smaller.
 */
const MAX_COLS = 2_000;
const MAX_ROWS = 1_000;

function validSize(cols: number, rows: number): boolean {
  return Number.isInteger(cols) && Number.isInteger(rows) && cols > 0 && rows > 0 && cols <= MAX_COLS && rows <= MAX_ROWS;
}
