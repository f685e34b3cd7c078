import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from './database.js';
import { LandingStore, type NewLanding } from './landing-store.js';
import { STORE_MIGRATIONS } from './store-migrations.js';

const entry = (n: number, fields: Partial<NewLanding> = {}): NewLanding => ({
  kind: 'ticket',
  issue_id: `id-${n}`,
  identifier: `BAT-${n}`,
  title: `Ticket ${n}`,
  branch: `baton/BAT-${n}`,
  enqueued_at: `2026-01-01T00:00:0${n}.000Z`,
  ...fields,
});

describe('LandingStore', () => {
  let dir: string;
  let db: SqliteDatabase;
  let landings: LandingStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-landings-'));
    db = openDatabase(join(dir, 'state.db'), { migrations: STORE_MIGRATIONS, busyTimeoutMs: 0 });
    landings = new LandingStore(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('enqueues an entry as queued with empty progress, and reads it back', () => {
    const made = landings.enqueue(entry(1, { payload: { text: 'x' } }));
    expect(made.ok && made.value).toEqual({
      id: 1,
      kind: 'ticket',
      issue_id: 'id-1',
      identifier: 'BAT-1',
      title: 'Ticket 1',
      branch: 'baton/BAT-1',
      status: 'queued',
      step: null,
      enqueued_at: '2026-01-01T00:00:01.000Z',
      started_at: null,
      ended_at: null,
      error: null,
      terminal_id: null,
      base_before: null,
      landed_commit: null,
      push_error: null,
      files: [],
      payload: { text: 'x' },
    });
    expect(landings.get(1)).toEqual(made);
    expect(landings.get(99)).toMatchObject({ ok: false, error: { code: 'landing_not_found' } });
  });

  it('updates fields, clears them with null, and leaves absent ones alone', () => {
    landings.enqueue(entry(1));
    const updated = landings.update(1, { status: 'landing', step: 'checking', terminal_id: 'check-1', files: ['a.ts', 'b.ts'], payload: { passed: 't' } });
    expect(updated.ok && updated.value).toMatchObject({ status: 'landing', step: 'checking', terminal_id: 'check-1', files: ['a.ts', 'b.ts'], payload: { passed: 't' } });
    const cleared = landings.update(1, { step: null, payload: null, landed_commit: 'abc', base_before: 'def' });
    expect(cleared.ok && cleared.value).toMatchObject({ status: 'landing', step: null, terminal_id: 'check-1', payload: null, landed_commit: 'abc', base_before: 'def' });
    expect(landings.update(1, {})).toEqual(cleared);
    expect(landings.update(42, { status: 'failed' })).toMatchObject({ ok: false, error: { code: 'landing_not_found' } });
  });

  it('lists active entries in id order and finished ones newest first', () => {
    for (let n = 1; n <= 5; n++) landings.enqueue(entry(n));
    landings.update(1, { status: 'landed' });
    landings.update(2, { status: 'blocked' });
    landings.update(3, { status: 'failed' });
    landings.update(4, { status: 'landing' });
    const active = landings.listActive();
    expect(active.ok && active.value.map((l) => [l.id, l.status])).toEqual([
      [2, 'blocked'],
      [4, 'landing'],
      [5, 'queued'],
    ]);
    const recent = landings.listRecent(10);
    expect(recent.ok && recent.value.map((l) => l.id)).toEqual([3, 1]);
    const one = landings.listRecent(1);
    expect(one.ok && one.value.map((l) => l.id)).toEqual([3]);
  });

  it('finds the active entry of an identifier, case-insensitively, ignoring history', () => {
    landings.enqueue(entry(1));
    landings.update(1, { status: 'failed' });
    expect(landings.findActive('BAT-1')).toEqual({ ok: true, value: null });
    landings.enqueue(entry(1));
    const found = landings.findActive('bat-1');
    expect(found.ok && found.value?.id).toBe(2);
    expect(landings.findActive('BAT-2')).toEqual({ ok: true, value: null });
  });

  it('lists entries of one kind newest first', () => {
    landings.enqueue(entry(1));
    landings.enqueue(entry(2, { kind: 'guidance', identifier: 'guidance-1', issue_id: null }));
    landings.enqueue(entry(3, { kind: 'guidance', identifier: 'guidance-2', issue_id: null }));
    const list = landings.listByKind('guidance');
    expect(list.ok && list.value.map((l) => l.identifier)).toEqual(['guidance-2', 'guidance-1']);
  });

  it('turns a storage fault into a result', () => {
    db.close();
    expect(landings.enqueue(entry(1))).toMatchObject({ ok: false, error: { code: 'store_write_failed' } });
    expect(landings.listActive()).toMatchObject({ ok: false, error: { code: 'store_read_failed' } });
  });
});
