import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from './database.js';
import { ENGINE_RESTARTED_ERROR, RunStore } from './run-store.js';
import { STORE_MIGRATIONS } from './store-migrations.js';
import type { NewRun } from './store-types.js';

function newRun(id: string, startedAt: string, fields: Partial<NewRun> = {}): NewRun {
  return { run_id: id, issue_id: 'i-1', issue_identifier: 'BAT-1', attempt: null, started_at: startedAt, ...fields };
}

describe('RunStore', () => {
  let dir: string;
  let db: SqliteDatabase;
  let runs: RunStore;
  const open = () => {
    db = openDatabase(join(dir, 'state.db'), { migrations: STORE_MIGRATIONS, busyTimeoutMs: 0 });
    runs = new RunStore(db);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-runs-'));
    open();
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('finds how runs spelled an identifier, in any case (a ticket gone from the tracker keeps its history)', () => {
    runs.startRun(newRun('r1', '2026-01-01T00:00:00.000Z'));
    expect(runs.identifierSpelling('bat-1')).toEqual({ ok: true, value: 'BAT-1' });
    expect(runs.identifierSpelling('BAT-1')).toEqual({ ok: true, value: 'BAT-1' });
    expect(runs.identifierSpelling('BAT-2')).toEqual({ ok: true, value: null });
  });

  it('starts, updates and ends a run', () => {
    const started = runs.startRun(newRun('r1', '2026-01-01T00:00:00.000Z', { agent_kind: 'codex', workspace_path: '/ws/BAT-1' }));
    expect(started.ok && started.value.status).toBe('running');
    expect(runs.updateRun('r1', { session_id: 'th-tu', turn_count: 2, input_tokens: 10 }).ok).toBe(true);
    const ended = runs.endRun('r1', {
      status: 'failed',
      error: 'turn timeout',
      ended_at: '2026-01-01T00:05:00.000Z',
      tokens: { input_tokens: 100, output_tokens: 50, total_tokens: 150 },
    });
    expect(ended.ok).toBe(true);
    const got = runs.getRun('r1');
    expect(got.ok && got.value).toMatchObject({
      status: 'failed',
      error: 'turn timeout',
      ended_at: '2026-01-01T00:05:00.000Z',
      session_id: 'th-tu',
      workspace_path: '/ws/BAT-1',
      agent_kind: 'codex',
      turn_count: 2,
      input_tokens: 100,
      output_tokens: 50,
      total_tokens: 150,
    });
  });

  it('lists runs of one issue newest first', () => {
    runs.startRun(newRun('a', '2026-01-01T00:00:00.000Z'));
    runs.startRun(newRun('c', '2026-01-01T02:00:00.000Z', { attempt: 2 }));
    runs.startRun(newRun('b', '2026-01-01T01:00:00.000Z', { attempt: 1 }));
    runs.startRun(newRun('other', '2026-01-01T03:00:00.000Z', { issue_identifier: 'BAT-2' }));
    const list = runs.listRuns('BAT-1');
    expect(list.ok && list.value.map((r) => [r.run_id, r.attempt])).toEqual([['c', 2], ['b', 1], ['a', null]]);
  });

  it('answers run_not_found for unknown runs and invalid_input for a running end status', () => {
    expect(runs.updateRun('nope', { turn_count: 1 })).toMatchObject({ ok: false, error: { code: 'run_not_found' } });
    expect(runs.endRun('nope', { status: 'succeeded', ended_at: 'x' })).toMatchObject({ ok: false, error: { code: 'run_not_found' } });
    runs.startRun(newRun('r1', '2026-01-01T00:00:00.000Z'));
    expect(runs.endRun('r1', { status: 'running' as never, ended_at: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('reports a duplicate run id and a closed database as store errors, without throwing', () => {
    runs.startRun(newRun('r1', '2026-01-01T00:00:00.000Z'));
    expect(runs.startRun(newRun('r1', '2026-01-01T00:00:00.000Z'))).toMatchObject({ ok: false, error: { code: 'store_write_failed' } });
    db.close();
    expect(runs.listRuns('BAT-1')).toMatchObject({ ok: false, error: { code: 'store_read_failed' } });
    expect(runs.markInterruptedRuns('2026-01-02T00:00:00.000Z')).toMatchObject({ ok: false, error: { code: 'store_write_failed' } });
  });

  it('closes runs left running by a previous process as canceled after reopening', () => {
    runs.startRun(newRun('live', '2026-01-01T00:00:00.000Z'));
    runs.startRun(newRun('done', '2026-01-01T00:00:01.000Z'));
    runs.endRun('done', { status: 'succeeded', ended_at: '2026-01-01T00:01:00.000Z' });
    db.close();
    open();
    const marked = runs.markInterruptedRuns('2026-01-02T00:00:00.000Z');
    expect(marked).toEqual({ ok: true, value: 1 });
    const list = runs.listRuns('BAT-1');
    expect(list.ok && list.value.map((r) => [r.run_id, r.status, r.error, r.ended_at])).toEqual([
      ['done', 'succeeded', null, '2026-01-01T00:01:00.000Z'],
      ['live', 'canceled', ENGINE_RESTARTED_ERROR, '2026-01-02T00:00:00.000Z'],
    ]);
  });
});
