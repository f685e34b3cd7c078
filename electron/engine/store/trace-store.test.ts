import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NewTraceEvent } from '../../../shared/domain/trace.js';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import { openDatabase, scalar, type SqliteDatabase } from './database.js';
import { STORE_MIGRATIONS } from './store-migrations.js';
import { TraceStore, type TraceBatchOptions } from './trace-store.js';

/** A clock whose timers fire only when the test advances time. */
class ManualClock implements Clock {
  private t = 0;
  private nextId = 0;
  private readonly timers = new Map<number, { at: number; fn: () => void }>();
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const id = ++this.nextId;
    this.timers.set(id, { at: this.t + ms, fn });
    return { id } as unknown as TimerHandle;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers.delete((handle as unknown as { id: number }).id);
  }
  get pending(): number {
    return this.timers.size;
  }
  advance(ms: number): void {
    const target = this.t + ms;
    for (;;) {
      const due = [...this.timers.entries()].filter(([, x]) => x.at <= target).sort((a, b) => a[1].at - b[1].at)[0];
      if (!due) break;
      this.timers.delete(due[0]);
      this.t = due[1].at;
      due[1].fn();
    }
    this.t = target;
  }
}

function ev(identifier: string, i: number): NewTraceEvent {
  return {
    issue_id: `id-${identifier}`,
    issue_identifier: identifier,
    run_id: 'run-1',
    session_id: null,
    at: new Date(i).toISOString(),
    kind: 'message',
    summary: `event ${i}`,
    data: { i },
  };
}

describe('TraceStore', () => {
  let dir: string;
  let path: string;
  let db: SqliteDatabase;
  let peer: Database.Database | null;
  let clock: ManualClock;
  const storeWith = (options: Partial<TraceBatchOptions> = {}) => new TraceStore(db, clock, silentLogger(), options);
  // Rows another connection can see: only committed transactions count.
  const committed = () => Number(scalar(peer ?? (peer = new Database(path)), 'SELECT count(*) FROM trace_events'));

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-trace-'));
    path = join(dir, 'state.db');
    db = openDatabase(path, { migrations: STORE_MIGRATIONS, busyTimeoutMs: 0 });
    peer = null;
    clock = new ManualClock();
  });
  afterEach(() => {
    peer?.close();
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('numbers events at append time and writes nothing until the delay passes', () => {
    const traces = storeWith();
    const a = traces.append(ev('BAT-1', 1));
    const b = traces.append(ev('BAT-2', 2));
    expect([a.seq, b.seq]).toEqual([1, 2]);
    clock.advance(49);
    expect(committed()).toBe(0);
    expect(traces.queuedCount).toBe(2);
    clock.advance(1);
    expect(committed()).toBe(2);
    expect(traces.queuedCount).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('recentEvents returns the newest events of one issue, stored and queued, oldest first', () => {
    const traces = storeWith({ batchSize: 10 });
    for (let i = 1; i <= 12; i++) traces.append(ev(i % 2 === 0 ? 'BAT-1' : 'BAT-2', i));
    expect(committed()).toBe(10);
    const recent = traces.recentEvents('BAT-1', 4);
    expect(recent.ok && recent.value.map((e) => e.summary)).toEqual(['event 6', 'event 8', 'event 10', 'event 12']);
  });

  it('commits as soon as a full batch is queued, and not before', () => {
    const traces = storeWith({ batchSize: 100 });
    for (let i = 0; i < 99; i++) traces.append(ev('BAT-1', i));
    expect(committed()).toBe(0);
    traces.append(ev('BAT-1', 99));
    expect(committed()).toBe(100);
    expect(clock.pending).toBe(0);
  });

  it('continues seq from the largest stored one', () => {
    const first = storeWith();
    for (let i = 0; i < 5; i++) first.append(ev('BAT-1', i));
    first.dispose();
    const second = storeWith();
    expect(second.append(ev('BAT-1', 5)).seq).toBe(6);
  });

  it('lists one issue in seq order, merging queued events, with after and limit', () => {
    const traces = storeWith();
    for (let i = 0; i < 6; i++) traces.append(ev(i % 2 === 0 ? 'BAT-1' : 'BAT-2', i));
    expect(traces.flush()).toEqual({ ok: true, value: 6 });
    for (let i = 6; i < 10; i++) traces.append(ev(i % 2 === 0 ? 'BAT-1' : 'BAT-2', i));
    expect(committed()).toBe(6);
    const all = traces.listEvents({ issue_identifier: 'BAT-1' });
    expect(all.ok && all.value.map((e) => e.seq)).toEqual([1, 3, 5, 7, 9]);
    expect(all.ok && all.value[4]).toMatchObject({ kind: 'message', summary: 'event 8', data: { i: 8 }, session_id: null });
    const page = traces.listEvents({ issue_identifier: 'BAT-1', after: 3, limit: 3 });
    expect(page.ok && page.value.map((e) => e.seq)).toEqual([5, 7, 9]);
    const short = traces.listEvents({ issue_identifier: 'BAT-1', after: 1, limit: 1 });
    expect(short.ok && short.value.map((e) => e.seq)).toEqual([3]);
    const queuedOnly = traces.listEvents({ issue_identifier: 'BAT-2', after: 6 });
    expect(queuedOnly.ok && queuedOnly.value.map((e) => e.seq)).toEqual([8, 10]);
  });

  it('stores an unserializable payload as a note instead of failing', () => {
    const traces = storeWith();
    const data: Record<string, unknown> = {};
    data.self = data;
    const stored = traces.append({ ...ev('BAT-1', 1), data });
    traces.flush();
    const list = traces.listEvents({ issue_identifier: 'BAT-1' });
    expect(list.ok && list.value[0]?.data).toEqual(stored.data);
    expect(stored.data).toHaveProperty('unserializable');
  });

  it('keeps a batch queued with lastError while the database is locked, and writes it after the lock goes', () => {
    const traces = storeWith({ batchSize: 10, retryDelayMs: 1000 });
    peer = new Database(path);
    peer.exec('BEGIN IMMEDIATE'); // another writer holds the lock; busy_timeout is 0 in this test

    for (let i = 0; i < 10; i++) traces.append(ev('BAT-1', i));
    expect(traces.lastError).toMatchObject({ code: 'store_write_failed' });
    expect(traces.lastError?.message).toMatch(/locked/);
    expect(traces.queuedCount).toBe(10);
    // More appends while failing neither throw nor retry on every event; reads still see everything.
    for (let i = 10; i < 25; i++) traces.append(ev('BAT-1', i));
    const during = traces.listEvents({ issue_identifier: 'BAT-1' });
    expect(during.ok && during.value.length).toBe(25);
    clock.advance(1000); // retry while still locked: fails again, backs off
    expect(traces.queuedCount).toBe(25);
    expect(traces.flush()).toMatchObject({ ok: false, error: { code: 'store_write_failed' } });

    peer.exec('ROLLBACK');
    expect(committed()).toBe(0);
    clock.advance(4000);
    expect(committed()).toBe(25);
    expect(traces.lastError).toBeNull();
    expect(traces.queuedCount).toBe(0);
    const after = traces.listEvents({ issue_identifier: 'BAT-1' });
    expect(after.ok && after.value.map((e) => e.seq)).toEqual(Array.from({ length: 25 }, (_, i) => i + 1));
  });

  it('drops the oldest events past maxQueued while writes fail, and counts them', () => {
    const traces = storeWith({ batchSize: 5, maxQueued: 8 });
    peer = new Database(path);
    peer.exec('BEGIN IMMEDIATE');
    for (let i = 0; i < 12; i++) traces.append(ev('BAT-1', i));
    expect(traces.queuedCount).toBe(8);
    expect(traces.dropped).toBe(4);
    peer.exec('ROLLBACK');
    expect(traces.flush()).toEqual({ ok: true, value: 8 });
    const list = traces.listEvents({ issue_identifier: 'BAT-1' });
    expect(list.ok && list.value.map((e) => e.seq)).toEqual([5, 6, 7, 8, 9, 10, 11, 12]);
  });

  it('flushes on dispose and stores nothing appended afterwards', () => {
    const traces = storeWith();
    traces.append(ev('BAT-1', 1));
    traces.dispose();
    expect(committed()).toBe(1);
    expect(clock.pending).toBe(0);
    traces.append(ev('BAT-1', 2));
    expect(traces.queuedCount).toBe(0);
    expect(clock.pending).toBe(0);
  });

  it('returns a read error instead of throwing when the database is closed', () => {
    const traces = storeWith();
    db.close();
    expect(traces.listEvents({ issue_identifier: 'BAT-1' })).toMatchObject({ ok: false, error: { code: 'store_read_failed' } });
  });
});
