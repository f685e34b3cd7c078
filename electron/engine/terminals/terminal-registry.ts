import { isoTime, systemClock, type Clock, type TimerHandle } from '../lib/clock.js';
import type { Disposable } from '../lib/disposable.js';
import { Emitter, type EventSubscription } from '../lib/emitter.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { err, ok, type Result } from '../lib/result.js';
import { TerminalSession } from './terminal-session.js';
import type { TerminalInfo, TerminalKind } from './terminal-types.js';

/**
 * How long an exited terminal stays listed and attachable. A run usually ends while nobody watches;
 * the reviewer who opens the ticket from the "ready for review" notification minutes later should
 * still see the final screen live, not only a log file. Five minutes covers that and the
 * orchestrator's retry backoff ceiling (SPEC default `max_retry_backoff_ms` 300 000), while keeping
 * at most ~1.5 MB of screen per finished session; after that the raw log on disk is the record.
 */
export const RETAIN_EXITED_MS = 5 * 60_000;

export interface CreateTerminalInput {
  id: string;
  issue_id?: string | null;
  issue_identifier: string | null;
  kind: TerminalKind;
  title: string;
  cols: number;
  rows: number;
}

export interface TerminalRegistryOptions {
  /** Directory of the raw logs (`<id>.log`); null keeps none. */
  rawLogDir: string | null;
  clock?: Clock;
  logger?: Logger;
  retainExitedMs?: number;
}

interface Entry {
  info: TerminalInfo;
  session: TerminalSession;
  expiry: TimerHandle | null;
  onResize: EventSubscription;
}

export interface TerminalExit {
  exit_code: number | null;
  signal: number | null;
}

export type TerminalListListener = (terminals: TerminalInfo[]) => void;

/** Every live (and recently exited) terminal of the engine, by id. */
export class TerminalRegistry implements Disposable {
  private readonly entries = new Map<string, Entry>();
  private readonly changes = new Emitter<TerminalInfo[]>((e) => this.logger.warn({ err: e }, 'terminal list listener failed'));
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly retainExitedMs: number;
  private disposed = false;

  constructor(private readonly options: TerminalRegistryOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = options.logger ?? silentLogger();
    this.retainExitedMs = options.retainExitedMs ?? RETAIN_EXITED_MS;
  }

  create(input: CreateTerminalInput): Result<TerminalSession> {
    if (this.disposed) return err('terminal_registry_disposed', 'The terminal registry is shut down.');
    if (this.entries.has(input.id)) return err('terminal_exists', `A terminal with id ${input.id} already exists.`);
    const session = new TerminalSession({
      id: input.id,
      cols: input.cols,
      rows: input.rows,
      rawLogDir: this.options.rawLogDir,
      clock: this.clock,
      logger: this.logger.child({ session_id: input.id }),
    });
    const info: TerminalInfo = {
      id: input.id,
      issue_id: input.issue_id ?? null,
      issue_identifier: input.issue_identifier,
      kind: input.kind,
      title: input.title,
      cols: session.cols,
      rows: session.rows,
      created_at: isoTime(this.clock.now()),
      exited: false,
      exit_code: null,
      signal: null,
    };
    const onResize = session.onResize((cols, rows) => {
      info.cols = cols;
      info.rows = rows;
      this.changed();
    });
    this.entries.set(input.id, { info, session, expiry: null, onResize });
    this.changed();
    return ok(session);
  }

  get(id: string): TerminalSession | undefined {
    return this.entries.get(id)?.session;
  }

  info(id: string): TerminalInfo | undefined {
    const entry = this.entries.get(id);
    return entry ? { ...entry.info } : undefined;
  }

  /** Live terminals whose raw log stopped (a full disk, the directory gone): the newest first. */
  rawLogFailures(): Array<{ id: string; path: string; error: string }> {
    const failed: Array<{ id: string; path: string; error: string }> = [];
    for (const { info, session } of this.entries.values()) {
      const error = session.rawLogError;
      if (error !== null && !info.exited) failed.unshift({ id: info.id, path: session.rawLogPath ?? '', error });
    }
    return failed;
  }

  /** Oldest first. */
  list(): TerminalInfo[] {
    return [...this.entries.values()].map((entry) => ({ ...entry.info }));
  }

  /**
   * The process behind a terminal ended: keep its screen for `retainExitedMs`, then drop it.
   * Call it after the terminal's last output was flushed (`drain()`), so viewers told about the
   * exit already have the final screen.
   */
  markExited(id: string, exit: TerminalExit = { exit_code: null, signal: null }): void {
    const entry = this.entries.get(id);
    if (!entry || entry.info.exited) return;
    entry.info.exited = true;
    entry.info.exit_code = exit.exit_code;
    entry.info.signal = exit.signal;
    entry.expiry = this.clock.setTimeout(() => void this.remove(id), this.retainExitedMs);
    this.changed();
  }

  /** Drops a terminal now (closed by the operator, or its retention ran out). */
  async remove(id: string): Promise<void> {
    const entry = this.entries.get(id);
    if (!entry) return;
    this.entries.delete(id);
    if (entry.expiry !== null) this.clock.clearTimeout(entry.expiry);
    entry.onResize.dispose();
    this.changed();
    await entry.session.dispose();
  }

  onChange(listener: TerminalListListener): EventSubscription {
    return this.changes.on(listener);
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    this.changes.dispose();
    const entries = [...this.entries.values()];
    this.entries.clear();
    for (const entry of entries) if (entry.expiry !== null) this.clock.clearTimeout(entry.expiry);
    await Promise.all(entries.map((entry) => entry.session.dispose()));
  }

  private changed(): void {
    // Building the list costs a copy of every entry: only when someone listens.
    if (this.changes.size === 0) return;
    this.changes.emit(this.list());
  }
}
