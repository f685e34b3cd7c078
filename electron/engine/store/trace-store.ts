import type { NewTraceEvent, TraceEvent, TraceKind } from '../../../shared/domain/trace.js';
import type { Clock, TimerHandle } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { err, errorMessage, ok, type BatonError, type Result } from '../lib/result.js';
import { scalar, writeTransaction, type SqliteDatabase } from './database.js';
import { guard, STORE_READ_FAILED, STORE_WRITE_FAILED } from './guard.js';

export interface TraceBatchOptions {
  /** Group commit size: ~1,000 rows per transaction is where SQLite insert throughput levels off. */
  batchSize: number;
  /** Longest an event waits in memory before its batch commits: the durability window. */
  flushDelayMs: number;
  /** First wait before retrying a failed write; doubles per failure up to maxRetryDelayMs. */
  retryDelayMs: number;
  maxRetryDelayMs: number;
  /** Memory cap while the disk refuses writes; past it the oldest events are dropped (and counted, and logged). */
  maxQueued: number;
}

export const DEFAULT_TRACE_BATCH: TraceBatchOptions = {
  batchSize: 1000,
  flushDelayMs: 50,
  retryDelayMs: 1000,
  // A locked database makes every attempt wait busy_timeout on the event loop: back off far enough that
  // a stuck lock costs a few percent of the loop, not half of it.
  maxRetryDelayMs: 30_000,
  // ~300 bytes per event: about 60 MB held in memory before anything is dropped.
  maxQueued: 200_000,
};

export const DEFAULT_EVENTS_PAGE = 1000;
export const MAX_EVENTS_PAGE = 5000;

export interface ListEventsQuery {
  issue_identifier: string;
  /** Only events with a larger seq (exclusive), for paging and for resuming after live events. */
  after?: number;
  limit?: number;
}

interface Queued {
  event: TraceEvent;
  data: string;
}

/**
 * The trace log. `append` numbers an event at once (seq continues from the largest stored seq) and
 * queues it; queued events commit together in one transaction when `batchSize` are waiting or
 * `flushDelayMs` after the first one, never one transaction per event. A failed write keeps the whole
 * batch queued, records `lastError`, and retries with backoff; reads include queued events.
 */
export class TraceStore {
  private queue: Queued[] = [];
  private nextSeq: number;
  private timer: TimerHandle | null = null;
  private retryDelayMs: number;
  private failing = false;
  private disposed = false;
  private droppedCount = 0;
  private error: BatonError | null = null;
  private readonly options: TraceBatchOptions;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly clock: Clock,
    private readonly logger: Logger,
    options: Partial<TraceBatchOptions> = {},
  ) {
    this.options = { ...DEFAULT_TRACE_BATCH, ...options };
    this.retryDelayMs = this.options.retryDelayMs;
    this.nextSeq = Number(scalar(db, 'SELECT MAX(seq) FROM trace_events') ?? 0) + 1;
  }

  /** The last write failure not yet overcome by a successful flush; null when healthy. */
  get lastError(): BatonError | null {
    return this.error;
  }

  get queuedCount(): number {
    return this.queue.length;
  }

  /** Events dropped because the queue hit `maxQueued` while writes were failing. */
  get dropped(): number {
    return this.droppedCount;
  }

  append(input: NewTraceEvent): TraceEvent {
    const event: TraceEvent = { ...input, data: input.data ?? {}, seq: this.nextSeq++ };
    let data: string;
    try {
      data = JSON.stringify(event.data);
    } catch (e) {
      // A circular or BigInt payload from an adapter must not take the event down with it.
      event.data = { unserializable: errorMessage(e) };
      data = JSON.stringify(event.data);
    }
    if (this.disposed) {
      this.logger.warn({ seq: event.seq, issue_identifier: event.issue_identifier }, 'trace store disposed; event not stored');
      return event;
    }
    this.queue.push({ event, data });
    if (this.queue.length > this.options.maxQueued) this.dropOldest();
    if (this.queue.length >= this.options.batchSize && !this.failing) this.flush();
    else if (this.timer === null) this.timer = this.clock.setTimeout(() => this.onTimer(), this.options.flushDelayMs);
    return event;
  }

  /** Writes everything queued in one transaction. Returns how many rows were written. */
  flush(): Result<number> {
    this.clearTimer();
    if (this.queue.length === 0) return ok(0);
    const batch = this.queue;
    try {
      this.insertBatch(batch);
    } catch (e) {
      return this.onWriteFailure(batch.length, e);
    }
    this.queue = [];
    if (this.failing) this.logger.info({ events: batch.length }, 'trace store recovered; queued events written');
    this.failing = false;
    this.error = null;
    this.retryDelayMs = this.options.retryDelayMs;
    return ok(batch.length);
  }

  /** Events of one issue in seq order, stored and still queued alike. */
  listEvents(query: ListEventsQuery): Result<TraceEvent[]> {
    const after = Number.isFinite(query.after) ? Math.floor(query.after as number) : 0;
    const limit = clampLimit(query.limit);
    return guard(STORE_READ_FAILED, 'list trace events', () => {
      const rows = this.db
        .prepare(`SELECT seq, issue_id, issue_identifier, run_id, session_id, at, kind, summary, data
          FROM trace_events WHERE issue_identifier = ? AND seq > ? ORDER BY seq LIMIT ?`)
        .all(query.issue_identifier, after, limit) as Record<string, unknown>[];
      const events = rows.map(toEvent);
      // Every queued seq is above every stored one (a batch commits whole or not at all), so
      // appending the queued tail keeps seq order.
      for (const q of this.queue) {
        if (events.length >= limit) break;
        if (q.event.issue_identifier === query.issue_identifier && q.event.seq > after) events.push(q.event);
      }
      return ok(events);
    });
  }

  /** The newest `limit` events of an issue, oldest first (for summaries; paging uses listEvents). */
  recentEvents(issueIdentifier: string, limit: number): Result<TraceEvent[]> {
    const n = clampLimit(limit);
    return guard(STORE_READ_FAILED, 'list recent trace events', () => {
      const queued = this.queue.filter((q) => q.event.issue_identifier === issueIdentifier).map((q) => q.event).slice(-n);
      const rows = this.db
        .prepare(`SELECT seq, issue_id, issue_identifier, run_id, session_id, at, kind, summary, data
          FROM trace_events WHERE issue_identifier = ? ORDER BY seq DESC LIMIT ?`)
        .all(issueIdentifier, n - queued.length) as Record<string, unknown>[];
      return ok([...rows.map(toEvent).reverse(), ...queued]);
    });
  }

  /** The issue's newest event of one kind (e.g. the agent's last `message`), queued ones included. */
  latestOfKind(issueIdentifier: string, kind: TraceEvent['kind']): Result<TraceEvent | null> {
    return guard(STORE_READ_FAILED, 'read latest trace event', () => {
      for (let i = this.queue.length - 1; i >= 0; i--) {
        const q = this.queue[i]!.event;
        if (q.issue_identifier === issueIdentifier && q.kind === kind) return ok(q);
      }
      const row = this.db
        .prepare(`SELECT seq, issue_id, issue_identifier, run_id, session_id, at, kind, summary, data
          FROM trace_events WHERE issue_identifier = ? AND kind = ? ORDER BY seq DESC LIMIT 1`)
        .get(issueIdentifier, kind) as Record<string, unknown> | undefined;
      return ok(row ? toEvent(row) : null);
    });
  }

  /** Flushes what is queued; events that still cannot be written are reported, not silently lost. */
  dispose(): void {
    if (this.disposed) return;
    const result = this.flush();
    this.clearTimer();
    this.disposed = true;
    if (!result.ok) {
      this.logger.error({ events: this.queue.length, error: result.error.message }, 'trace store closing with unwritten events');
    }
  }

  private insertBatch(batch: Queued[]): void {
    const insert = this.db.prepare(`INSERT INTO trace_events
      (seq, issue_id, issue_identifier, run_id, session_id, at, kind, summary, data) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
    writeTransaction(this.db, () => {
      for (const { event: e, data } of batch) {
        insert.run(e.seq, e.issue_id, e.issue_identifier, e.run_id, e.session_id, e.at, e.kind, e.summary, data);
      }
    });
  }

  private onWriteFailure(count: number, e: unknown): Result<number> {
    const message = `trace events not written (${count} queued, will retry): ${errorMessage(e)}`;
    this.error = { code: STORE_WRITE_FAILED, message };
    this.failing = true;
    this.logger.error({ events: count, retry_in_ms: this.retryDelayMs, err: errorMessage(e) }, 'trace store write failed');
    if (!this.disposed) this.timer = this.clock.setTimeout(() => this.onTimer(), this.retryDelayMs);
    this.retryDelayMs = Math.min(this.retryDelayMs * 2, this.options.maxRetryDelayMs);
    return err(STORE_WRITE_FAILED, message);
  }

  private dropOldest(): void {
    const excess = this.queue.length - this.options.maxQueued;
    this.queue.splice(0, excess);
    this.droppedCount += excess;
    this.logger.error({ dropped: excess, dropped_total: this.droppedCount }, 'trace store queue full while writes fail; oldest events dropped');
  }

  private onTimer(): void {
    this.timer = null;
    this.flush();
  }

  private clearTimer(): void {
    if (this.timer !== null) this.clock.clearTimeout(this.timer);
    this.timer = null;
  }
}

function clampLimit(limit: number | undefined): number {
  if (limit === undefined || !Number.isFinite(limit)) return DEFAULT_EVENTS_PAGE;
  return Math.min(Math.max(1, Math.floor(limit)), MAX_EVENTS_PAGE);
}

function toEvent(r: Record<string, unknown>): TraceEvent {
  return {
    seq: Number(r.seq),
    issue_id: String(r.issue_id),
    issue_identifier: String(r.issue_identifier),
    run_id: String(r.run_id),
    session_id: r.session_id == null ? null : String(r.session_id),
    at: String(r.at),
    kind: String(r.kind) as TraceKind,
    summary: String(r.summary),
    data: JSON.parse(String(r.data)) as Record<string, unknown>,
  };
}
