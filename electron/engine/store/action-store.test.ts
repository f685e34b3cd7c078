import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ActionStore, MAX_ACTIONS_PAGE } from './action-store.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { STORE_MIGRATIONS } from './store-migrations.js';

describe('ActionStore', () => {
  let dir: string;
  let db: SqliteDatabase;
  let actions: ActionStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-actions-'));
    db = openDatabase(join(dir, 'state.db'), { migrations: STORE_MIGRATIONS, busyTimeoutMs: 0 });
    actions = new ActionStore(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('records actions and lists them newest first with their payloads', () => {
    actions.recordAction({ at: '2026-01-01T00:00:00.000Z', actor: 'operator', action: 'issue.move', target: 'BAT-1', payload: { to: 'Done' } });
    actions.recordAction({ at: '2026-01-01T00:00:01.000Z', actor: 'api', action: 'refresh', target: null });
    const list = actions.listActions(10);
    expect(list.ok && list.value).toEqual([
      { id: 2, at: '2026-01-01T00:00:01.000Z', actor: 'api', action: 'refresh', target: null, payload: null },
      { id: 1, at: '2026-01-01T00:00:00.000Z', actor: 'operator', action: 'issue.move', target: 'BAT-1', payload: { to: 'Done' } },
    ]);
    const one = actions.listActions(1);
    expect(one.ok && one.value.map((a) => a.id)).toEqual([2]);
  });

  it('clamps the page size', () => {
    for (let i = 0; i < 3; i++) actions.recordAction({ at: 't', actor: 'a', action: 'x', target: null });
    const zero = actions.listActions(0);
    expect(zero.ok && zero.value.length).toBe(1);
    expect(MAX_ACTIONS_PAGE).toBeGreaterThan(3);
    const huge = actions.listActions(1e9);
    expect(huge.ok && huge.value.length).toBe(3);
  });

  it('rejects a payload that cannot be serialized', () => {
    const circular: Record<string, unknown> = {};
    circular.self = circular;
    expect(actions.recordAction({ at: 't', actor: 'a', action: 'x', target: null, payload: circular })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
