import type { Landing, LandingStatus, LandingStep } from '../../../shared/api/review-schemas.js';
import { err, ok, type Result } from '../lib/result.js';
import { writeTransaction, type SqliteDatabase } from './database.js';
import { guard, STORE_READ_FAILED, STORE_WRITE_FAILED } from './guard.js';

/** A landing-queue entry as stored: the wire Landing without overlaps, plus what the queue keeps for itself. */
export interface StoredLanding extends Omit<Landing, 'overlaps'> {
  issue_id: string | null;
  /** The base branch before the landing advanced it (the audited change is `base_before..landed_commit`). */
  base_before: string | null;
  /** The queue's own working state (guidance text, progress markers), JSON; null when empty. */
  payload: Record<string, unknown> | null;
}

export interface NewLanding {
  kind: Landing['kind'];
  issue_id: string | null;
  identifier: string;
  title: string;
  branch: string;
  enqueued_at: string;
  payload?: Record<string, unknown> | null;
}

/** Fields an update may set; absent fields stay as they are. */
export type LandingPatch = Partial<
  Pick<StoredLanding, 'title' | 'status' | 'step' | 'started_at' | 'ended_at' | 'error' | 'terminal_id' | 'base_before' | 'landed_commit' | 'push_error' | 'files' | 'payload'>
>;

/** Statuses of entries still in the queue (the rest are history). */
export const ACTIVE_LANDING_STATUSES: readonly LandingStatus[] = ['queued', 'landing', 'blocked'];

const COLUMNS = 'id, kind, issue_id, identifier, title, branch, status, step, enqueued_at, started_at, ended_at, error, terminal_id, base_before, landed_commit, push_error, files, payload';
const ACTIVE_SQL = ACTIVE_LANDING_STATUSES.map((s) => `'${s}'`).join(', ');
const PATCH_COLUMNS = ['title', 'status', 'step', 'started_at', 'ended_at', 'error', 'terminal_id', 'base_before', 'landed_commit', 'push_error', 'files', 'payload'] as const;

/** The landing queue (table `landings`): waiting and running entries, and finished ones as history. */
export class LandingStore {
  constructor(private readonly db: SqliteDatabase) {}

  enqueue(entry: NewLanding): Result<StoredLanding> {
    return guard(STORE_WRITE_FAILED, 'enqueue landing', () => {
      const insert = this.db.prepare(
        "INSERT INTO landings (kind, issue_id, identifier, title, branch, status, enqueued_at, files, payload) VALUES (?, ?, ?, ?, ?, 'queued', ?, '[]', ?)",
      );
      const info = writeTransaction(this.db, () =>
        insert.run(entry.kind, entry.issue_id, entry.identifier, entry.title, entry.branch, entry.enqueued_at, entry.payload ? JSON.stringify(entry.payload) : null),
      );
      return this.get(Number(info.lastInsertRowid)) as Result<StoredLanding>;
    });
  }

  /** `landing_not_found` for an unknown id. */
  get(id: number): Result<StoredLanding> {
    return guard(STORE_READ_FAILED, 'read landing', () => {
      const row = this.db.prepare(`SELECT ${COLUMNS} FROM landings WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
      return row ? ok(toLanding(row)) : err('landing_not_found', `no landing ${id}`);
    });
  }

  /** Queued, landing and blocked entries in landing order (id). */
  listActive(): Result<StoredLanding[]> {
    return this.select('list active landings', `WHERE status IN (${ACTIVE_SQL}) ORDER BY id`);
  }

  /** Finished entries (landed, failed), newest first. */
  listRecent(limit = 20): Result<StoredLanding[]> {
    const n = Math.min(Math.max(1, Math.floor(limit) || 1), 1000);
    return this.select('list recent landings', `WHERE status NOT IN (${ACTIVE_SQL}) ORDER BY id DESC LIMIT ${n}`);
  }

  /** The active entry of a ticket (identifiers compare case-insensitively, like the trackers'), or null. */
  findActive(identifier: string): Result<StoredLanding | null> {
    const found = this.select('find active landing', `WHERE status IN (${ACTIVE_SQL}) AND identifier = ? COLLATE NOCASE ORDER BY id LIMIT 1`, identifier);
    return found.ok ? ok(found.value[0] ?? null) : found;
  }

  /** Entries of one kind, newest first (guidance numbering). */
  listByKind(kind: Landing['kind'], limit = 1000): Result<StoredLanding[]> {
    return this.select('list landings by kind', `WHERE kind = ? ORDER BY id DESC LIMIT ${Math.max(1, Math.floor(limit))}`, kind);
  }

  update(id: number, patch: LandingPatch): Result<StoredLanding> {
    const keys = PATCH_COLUMNS.filter((k) => patch[k] !== undefined);
    if (keys.length === 0) return this.get(id);
    return guard(STORE_WRITE_FAILED, 'update landing', () => {
      const values = keys.map((k) => {
        const v = patch[k];
        if (k === 'files') return JSON.stringify(v);
        if (k === 'payload') return v === null ? null : JSON.stringify(v);
        return v;
      });
      const statement = this.db.prepare(`UPDATE landings SET ${keys.map((k) => `${k} = ?`).join(', ')} WHERE id = ?`);
      const info = writeTransaction(this.db, () => statement.run(...values, id));
      if (info.changes === 0) return err('landing_not_found', `no landing ${id}`);
      return this.get(id);
    });
  }

  private select(what: string, where: string, ...params: unknown[]): Result<StoredLanding[]> {
    return guard(STORE_READ_FAILED, what, () => {
      const rows = this.db.prepare(`SELECT ${COLUMNS} FROM landings ${where}`).all(...params) as Record<string, unknown>[];
      return ok(rows.map(toLanding));
    });
  }
}

function toLanding(r: Record<string, unknown>): StoredLanding {
  return {
    id: Number(r.id),
    kind: String(r.kind) as StoredLanding['kind'],
    issue_id: nullable(r.issue_id),
    identifier: String(r.identifier),
    title: String(r.title),
    branch: String(r.branch),
    status: String(r.status) as LandingStatus,
    step: nullable(r.step) as LandingStep | null,
    enqueued_at: String(r.enqueued_at),
    started_at: nullable(r.started_at),
    ended_at: nullable(r.ended_at),
    error: nullable(r.error),
    terminal_id: nullable(r.terminal_id),
    base_before: nullable(r.base_before),
    landed_commit: nullable(r.landed_commit),
    push_error: nullable(r.push_error),
    files: JSON.parse(String(r.files ?? '[]')) as string[],
    payload: r.payload == null ? null : (JSON.parse(String(r.payload)) as Record<string, unknown>),
  };
}

function nullable(v: unknown): string | null {
  return v == null ? null : String(v);
}
