import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'libsql';
import { ensurePrivateFileSync, PRIVATE_DIR_MODE } from '../lib/private-files.js';

export type SqliteDatabase = Database.Database;

/** One schema step. `version` starts at 1 and increases by one per step; a step never changes once shipped. */
export interface Migration {
  version: number;
  description: string;
  up(db: SqliteDatabase): void;
}

export interface OpenDatabaseOptions {
  migrations: readonly Migration[];
  /**
   * How long a write waits for another connection's lock before failing with SQLITE_BUSY. The
   * driver is synchronous, so this blocks the event loop while it waits: keep it short.
   */
  busyTimeoutMs: number;
}

/** Thrown by openDatabase when the file was written by a newer Baton than this one. */
export class SchemaTooNewError extends Error {
  constructor(path: string, found: number, supported: number) {
    super(`${path} has schema version ${found}, newer than the ${supported} this version of Baton understands; upgrade Baton`);
    this.name = 'SchemaTooNewError';
  }
}

/**
 * Opens (creating parent directories and the file if needed) a SQLite database in WAL mode with
 * synchronous=NORMAL — safe against a crash of the process, not against power loss, and it avoids
 * an fsync per commit — then applies any pending migrations. Throws on failure; callers turn that
 * into their own error code. Sync fs is fine here: this runs once at startup.
 *
 * The file is the owner's only (0600), created so before SQLite opens it: SQLite gives its -wal and
 * -shm files the database file's mode. Files left looser by an older version are tightened here.
 * Directories it creates are 0700; an existing parent (which may be the repository) is left alone.
 */
export function openDatabase(path: string, options: OpenDatabaseOptions): SqliteDatabase {
  if (path !== ':memory:') {
    mkdirSync(dirname(path), { recursive: true, mode: PRIVATE_DIR_MODE });
    ensurePrivateFileSync(path);
    for (const suffix of ['-wal', '-shm']) ensurePrivateFileSync(`${path}${suffix}`, false);
  }
  const db = new Database(path);
  try {
    // busy_timeout first, so that even switching to WAL waits for a peer's lock.
    db.exec(`PRAGMA busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
    db.exec('PRAGMA journal_mode = WAL');
    db.exec('PRAGMA synchronous = NORMAL');
    db.exec('PRAGMA foreign_keys = ON');
    migrate(db, path, options.migrations);
    return db;
  } catch (e) {
    db.close();
    throw e;
  }
}

export function schemaVersion(db: SqliteDatabase): number {
  return Number(scalar(db, 'PRAGMA user_version') ?? 0);
}

function migrate(db: SqliteDatabase, path: string, migrations: readonly Migration[]): void {
  const sorted = [...migrations].sort((a, b) => a.version - b.version);
  sorted.forEach((m, i) => {
    if (m.version !== i + 1) throw new Error(`migration versions must be 1..n without gaps (found ${m.version} at position ${i + 1})`);
  });
  const latest = sorted.length;
  const current = schemaVersion(db);
  if (current > latest) throw new SchemaTooNewError(path, current, latest);
  for (const m of sorted.slice(current)) {
    // Each step and its version bump commit together: a crash mid-migration leaves the previous version.
    writeTransaction(db, () => {
      m.up(db);
      db.exec(`PRAGMA user_version = ${m.version}`);
    });
  }
}

/**
 * First column of the first row, or undefined. libsql's `pluck()` is a no-op and `get()` adds a
 * `_metadata` key to rows, so `raw()` is the dependable way to read a single value.
 */
export function scalar(db: SqliteDatabase, sql: string, ...params: unknown[]): unknown {
  const row = db.prepare(sql).raw(true).get(...params) as unknown[] | undefined;
  return row?.[0];
}

/**
 * Runs `fn` in a BEGIN IMMEDIATE transaction. Every write goes through here, not through an
 * autocommit statement: libsql never resets a statement that failed with SQLITE_BUSY, and such a
 * statement keeps the connection "in progress", so every later COMMIT on it fails. With the write
 * lock taken up front, a busy database fails at BEGIN (no statement involved) and the connection
 * stays usable once the lock is released.
 */
export function writeTransaction<T>(db: SqliteDatabase, fn: () => T): T {
  // Not libsql's transaction(): it always sends ROLLBACK on failure, and SQLite has already rolled
  // back by itself after a full disk or an I/O error; "cannot rollback - no transaction is active"
  // then replaced the one error that said what was wrong.
  db.exec('BEGIN IMMEDIATE');
  try {
    const result = fn();
    db.exec('COMMIT');
    return result;
  } catch (e) {
    if (db.inTransaction) {
      try {
        db.exec('ROLLBACK');
      } catch {
        // The original error is the one worth reporting.
      }
    }
    throw e;
  }
}
