import { chmodSync, existsSync, mkdirSync, mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, scalar, SchemaTooNewError, schemaVersion, writeTransaction, type Migration } from './database.js';

const createT: Migration = { version: 1, description: 't', up: (db) => db.exec('CREATE TABLE t (x INTEGER)') };
const addY: Migration = { version: 2, description: 'y', up: (db) => db.exec('ALTER TABLE t ADD COLUMN y TEXT') };

describe('openDatabase', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-db-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('creates missing parent directories and opens in WAL with synchronous=NORMAL', () => {
    const db = openDatabase(join(dir, 'a', 'b', 'x.db'), { migrations: [createT], busyTimeoutMs: 100 });
    expect(scalar(db, 'PRAGMA journal_mode')).toBe('wal');
    expect(scalar(db, 'PRAGMA synchronous')).toBe(1);
    expect(scalar(db, 'PRAGMA busy_timeout')).toBe(100);
    db.close();
  });

  // Issue 7: state files were world-readable (SQLite's default 0644).
  it('keeps the database and its -wal and -shm files owner-only, and the directories it creates 0700', () => {
    const modeOf = (p: string) => statSync(p).mode & 0o777;
    const path = join(dir, 'new', 'x.db');
    const db = openDatabase(path, { migrations: [createT], busyTimeoutMs: 0 });
    db.prepare('INSERT INTO t (x) VALUES (1)').run();
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(modeOf(file), file).toBe(0o600);
    expect(modeOf(join(dir, 'new'))).toBe(0o700);
    db.close();
  });

  it('tightens the files of an older install, and leaves an existing parent directory as it is', () => {
    const modeOf = (p: string) => statSync(p).mode & 0o777;
    const repo = join(dir, 'repo');
    mkdirSync(repo, { mode: 0o755 });
    chmodSync(repo, 0o755);
    const path = join(repo, 'tickets.db');
    const first = openDatabase(path, { migrations: [createT], busyTimeoutMs: 0 });
    first.prepare('INSERT INTO t (x) VALUES (1)').run();
    for (const file of [path, `${path}-wal`, `${path}-shm`]) chmodSync(file, 0o644);
    const again = openDatabase(path, { migrations: [createT], busyTimeoutMs: 0 });
    for (const file of [path, `${path}-wal`, `${path}-shm`]) expect(modeOf(file), file).toBe(0o600);
    expect(modeOf(repo)).toBe(0o755);
    again.close();
    first.close();
    expect(existsSync(path)).toBe(true);
  });

  it('still refuses a file that is not a database', () => {
    const path = join(dir, 'notes.db');
    writeFileSync(path, 'just some text, definitely not SQLite '.repeat(40));
    expect(() => openDatabase(path, { migrations: [createT], busyTimeoutMs: 0 })).toThrow();
  });

  it('applies pending migrations once and records the version', () => {
    const path = join(dir, 'x.db');
    const first = openDatabase(path, { migrations: [createT], busyTimeoutMs: 0 });
    first.prepare('INSERT INTO t (x) VALUES (1)').run();
    expect(schemaVersion(first)).toBe(1);
    first.close();
    const second = openDatabase(path, { migrations: [createT, addY], busyTimeoutMs: 0 });
    expect(schemaVersion(second)).toBe(2);
    expect(second.prepare('SELECT x, y FROM t').all()).toEqual([{ x: 1, y: null }]);
    second.close();
    // Reopening at the same version runs nothing (a second ALTER would throw).
    openDatabase(path, { migrations: [createT, addY], busyTimeoutMs: 0 }).close();
  });

  it('refuses a file written by a newer schema', () => {
    const path = join(dir, 'x.db');
    openDatabase(path, { migrations: [createT, addY], busyTimeoutMs: 0 }).close();
    expect(() => openDatabase(path, { migrations: [createT], busyTimeoutMs: 0 })).toThrow(SchemaTooNewError);
  });

  it('rolls back a failing migration step together with its version bump', () => {
    const path = join(dir, 'x.db');
    const broken: Migration = {
      version: 2,
      description: 'broken',
      up: (db) => {
        db.exec('CREATE TABLE half (x INTEGER)');
        db.exec('THIS IS NOT SQL');
      },
    };
    openDatabase(path, { migrations: [createT], busyTimeoutMs: 0 }).close();
    expect(() => openDatabase(path, { migrations: [createT, broken], busyTimeoutMs: 0 })).toThrow();
    const db = openDatabase(path, { migrations: [createT], busyTimeoutMs: 0 });
    expect(schemaVersion(db)).toBe(1);
    expect(scalar(db, "SELECT count(*) FROM sqlite_master WHERE name = 'half'")).toBe(0);
    db.close();
  });

  it('rejects migration lists with gaps', () => {
    expect(() => openDatabase(join(dir, 'x.db'), { migrations: [addY], busyTimeoutMs: 0 })).toThrow(/without gaps/);
  });
});

describe('writeTransaction', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-tx-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('commits what fn wrote and returns its value', () => {
    const db = openDatabase(join(dir, 'x.db'), { migrations: [createT], busyTimeoutMs: 100 });
    expect(writeTransaction(db, () => db.prepare('INSERT INTO t (x) VALUES (1)').run().changes)).toBe(1);
    expect(scalar(db, 'SELECT COUNT(*) FROM t')).toBe(1);
    db.close();
  });

  it('rolls back and rethrows fn’s error, leaving the connection usable', () => {
    const db = openDatabase(join(dir, 'x.db'), { migrations: [createT], busyTimeoutMs: 100 });
    expect(() => writeTransaction(db, () => {
      db.prepare('INSERT INTO t (x) VALUES (1)').run();
      throw new Error('boom');
    })).toThrow('boom');
    expect(db.inTransaction).toBe(false);
    expect(scalar(db, 'SELECT COUNT(*) FROM t')).toBe(0);
    writeTransaction(db, () => db.prepare('INSERT INTO t (x) VALUES (2)').run());
    expect(scalar(db, 'SELECT COUNT(*) FROM t')).toBe(1);
    db.close();
  });

  // Regression (issue 7, disk full): SQLite rolls back by itself after SQLITE_FULL or an I/O error,
  // and the second ROLLBACK's "no transaction is active" was reported instead of the real error.
  it('reports the real error when SQLite already rolled the transaction back', () => {
    const db = openDatabase(join(dir, 'x.db'), { migrations: [createT], busyTimeoutMs: 100 });
    expect(() => writeTransaction(db, () => {
      db.exec('ROLLBACK');
      throw new Error('database or disk is full');
    })).toThrow('database or disk is full');
    expect(db.inTransaction).toBe(false);
    db.close();
  });
});
