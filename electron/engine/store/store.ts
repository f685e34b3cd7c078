import type { Clock } from '../lib/clock.js';
import type { Disposable } from '../lib/disposable.js';
import type { Logger } from '../lib/logger.js';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import { ActionStore } from './action-store.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { AuditStore } from './audit-store.js';
import { LandingStore } from './landing-store.js';
import { ProcessStore } from './process-store.js';
import { ReviewStore } from './review-store.js';
import { ReviewerStore } from './reviewer-store.js';
import { RunStore } from './run-store.js';
import { STORE_MIGRATIONS } from './store-migrations.js';
import { TokenStore } from './token-store.js';
import { TraceStore, type TraceBatchOptions } from './trace-store.js';

/**
 * The engine is this file's only writer, so a lock means an outside reader (sqlite3 shell, a backup)
 * is checkpointing; the driver waits synchronously, so keep the wait short and let callers retry.
 */
export const STORE_BUSY_TIMEOUT_MS = 500;

export interface StoreDeps {
  /** Absolute path of the history database, normally `<workflow dir>/.baton/state.db`. */
  path: string;
  clock: Clock;
  logger: Logger;
  busyTimeoutMs?: number;
  trace?: Partial<TraceBatchOptions>;
}

/**
 * The engine's durable history: runs, trace events, daily token totals and the operator audit log,
 * in one SQLite file separate from the tickets. The engine should call
 * `runs.markInterruptedRuns(now)` once after opening, before it starts new runs.
 */
export class Store implements Disposable {
  readonly runs: RunStore;
  readonly traces: TraceStore;
  readonly tokens: TokenStore;
  readonly actions: ActionStore;
  readonly reviews: ReviewStore;
  readonly reviewer: ReviewerStore;
  readonly landings: LandingStore;
  readonly audits: AuditStore;
  readonly processes: ProcessStore;
  private readonly db: SqliteDatabase;
  private readonly logger: Logger;
  private disposed = false;

  /** Throws if the file cannot be opened or migrated; `Store.open` returns that as a Result. */
  constructor(deps: StoreDeps) {
    this.logger = deps.logger;
    this.db = openDatabase(deps.path, { migrations: STORE_MIGRATIONS, busyTimeoutMs: deps.busyTimeoutMs ?? STORE_BUSY_TIMEOUT_MS });
    try {
      this.runs = new RunStore(this.db);
      this.traces = new TraceStore(this.db, deps.clock, deps.logger, deps.trace);
      this.tokens = new TokenStore(this.db);
      this.actions = new ActionStore(this.db);
      this.reviews = new ReviewStore(this.db);
      this.reviewer = new ReviewerStore(this.db);
      this.landings = new LandingStore(this.db);
      this.audits = new AuditStore(this.db);
      this.processes = new ProcessStore(this.db);
    } catch (e) {
      this.db.close();
      throw e;
    }
  }

  static open(deps: StoreDeps): Result<Store> {
    try {
      return ok(new Store(deps));
    } catch (e) {
      return err('store_unavailable', `cannot open the history store at ${deps.path}: ${errorMessage(e)}`);
    }
  }

  /** Flushes queued trace events and closes the file. Safe to call twice. */
  dispose(): void {
    if (this.disposed) return;
    this.disposed = true;
    this.traces.dispose();
    try {
      // Fold the WAL back into the main file so a closed store is one self-contained file.
      this.db.exec('PRAGMA wal_checkpoint(TRUNCATE)');
    } catch (e) {
      this.logger.warn({ err: errorMessage(e) }, 'history store checkpoint at close failed');
    }
    this.db.close();
  }
}
