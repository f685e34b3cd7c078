import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { ReviewerReport } from '../../../shared/api/review-schemas.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { ReviewerStore } from './reviewer-store.js';
import { STORE_MIGRATIONS } from './store-migrations.js';

const done: ReviewerReport = {
  status: 'done',
  model: 'gpt-test',
  head: 'abc123',
  at: '2026-01-01T00:00:00.000Z',
  error: null,
  findings: [
    { id: 'f1a2b3c4', severity: 'P0', path: 'src/db.ts', line: 12, title: 'Drops the users table', body: 'The migration deletes data.', status: 'open' },
    { id: 'f5d6e7f8', severity: 'P0', path: null, line: null, title: 'Build breaks', body: '', status: 'dismissed' },
  ],
};

describe('ReviewerStore', () => {
  let dir: string;
  let db: SqliteDatabase;
  let store: ReviewerStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-reviewer-store-'));
    db = openDatabase(join(dir, 'state.db'), { migrations: STORE_MIGRATIONS, busyTimeoutMs: 0 });
    store = new ReviewerStore(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('returns null for a ticket never reviewed', () => {
    expect(store.getReport('BAT-1')).toEqual({ ok: true, value: null });
  });

  it('round-trips a report with its findings, per ticket', () => {
    expect(store.saveReport('BAT-1', done).ok).toBe(true);
    expect(store.getReport('BAT-1')).toEqual({ ok: true, value: done });
    expect(store.getReport('BAT-2')).toEqual({ ok: true, value: null });
  });

  it('replaces the previous report of the same ticket', () => {
    store.saveReport('BAT-1', done);
    const failed: ReviewerReport = { status: 'failed', model: 'other', head: null, at: '2026-01-02T00:00:00.000Z', error: 'endpoint down', findings: [] };
    store.saveReport('BAT-1', failed);
    expect(store.getReport('BAT-1')).toEqual({ ok: true, value: failed });
  });

  it('deletes a report', () => {
    store.saveReport('BAT-1', done);
    expect(store.deleteReport('BAT-1').ok).toBe(true);
    expect(store.getReport('BAT-1')).toEqual({ ok: true, value: null });
  });

  it('turns a closed database into store errors instead of throwing', () => {
    db.close();
    const saved = store.saveReport('BAT-1', done);
    expect(!saved.ok && saved.error.code).toBe('store_write_failed');
    const read = store.getReport('BAT-1');
    expect(!read.ok && read.error.code).toBe('store_read_failed');
  });
});
