import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'libsql';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import { Store } from './store.js';

describe('Store', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-store-'));
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('opens under a missing .baton directory and composes the parts', () => {
    const opened = Store.open({ path: join(dir, '.baton', 'state.db'), clock: systemClock, logger: silentLogger() });
    if (!opened.ok) throw new Error(opened.error.message);
    const store = opened.value;
    expect(store.runs.listRuns('BAT-1')).toEqual({ ok: true, value: [] });
    expect(store.tokens.tokensForDay('2026-01-01').ok).toBe(true);
    expect(store.actions.listActions().ok).toBe(true);
    expect(store.traces.listEvents({ issue_identifier: 'BAT-1' })).toEqual({ ok: true, value: [] });
    store.dispose();
    store.dispose();
  });

  it('answers store_unavailable when the path cannot hold a database', () => {
    const path = join(dir, 'state.db');
    mkdirSync(path);
    expect(Store.open({ path, clock: systemClock, logger: silentLogger() })).toMatchObject({ ok: false, error: { code: 'store_unavailable' } });
    const garbage = join(dir, 'garbage.db');
    writeFileSync(garbage, 'this is not a sqlite database, just some text long enough to have a header');
    expect(Store.open({ path: garbage, clock: systemClock, logger: silentLogger() })).toMatchObject({ ok: false, error: { code: 'store_unavailable' } });
  });

  // Regression: libsql never resets a statement that failed with SQLITE_BUSY, and one such
  // statement made every later COMMIT on the connection fail ("SQL statements in progress"), so a
  // single lock during a token write would have stopped all trace writes for good.
  it('stays writable after writes failed on a database locked by another connection', () => {
    const path = join(dir, 'state.db');
    const opened = Store.open({ path, clock: systemClock, logger: silentLogger(), busyTimeoutMs: 0 });
    if (!opened.ok) throw new Error(opened.error.message);
    const store = opened.value;
    const peer = new Database(path);
    peer.exec('BEGIN IMMEDIATE');
    const run = { run_id: 'r1', issue_id: 'i', issue_identifier: 'BAT-1', attempt: null, started_at: '2026-01-01T00:00:00.000Z' };
    expect(store.runs.startRun(run)).toMatchObject({ ok: false, error: { code: 'store_write_failed' } });
    expect(store.runs.markInterruptedRuns('2026-01-01T00:00:00.000Z')).toMatchObject({ ok: false, error: { code: 'store_write_failed' } });
    expect(store.tokens.recordTokens('2026-01-01', { input_tokens: 1, output_tokens: 1, total_tokens: 2 })).toMatchObject({ ok: false });
    expect(store.actions.recordAction({ at: 't', actor: 'a', action: 'x', target: null })).toMatchObject({ ok: false });
    peer.exec('ROLLBACK');
    peer.close();
    store.traces.append({ issue_id: 'i', issue_identifier: 'BAT-1', run_id: 'r1', session_id: null, at: 't', kind: 'message', summary: 's', data: {} });
    expect(store.traces.flush()).toEqual({ ok: true, value: 1 });
    expect(store.runs.startRun(run).ok).toBe(true);
    expect(store.tokens.recordTokens('2026-01-01', { input_tokens: 1, output_tokens: 1, total_tokens: 2 }).ok).toBe(true);
    store.dispose();
  });
});
