import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { openDatabase, type SqliteDatabase } from './database.js';
import { STORE_MIGRATIONS } from './store-migrations.js';
import { TokenStore } from './token-store.js';

describe('TokenStore', () => {
  let dir: string;
  let db: SqliteDatabase;
  const open = () => {
    db = openDatabase(join(dir, 'state.db'), { migrations: STORE_MIGRATIONS, busyTimeoutMs: 0 });
    return new TokenStore(db);
  };
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-tokens-'));
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('adds deltas per day and keeps them across a reopen', () => {
    let tokens = open();
    tokens.recordTokens('2026-03-01', { input_tokens: 10, output_tokens: 5, total_tokens: 15 });
    expect(tokens.recordTokens('2026-03-01', { input_tokens: 1, output_tokens: 2, total_tokens: 3 })).toEqual({
      ok: true,
      value: { input_tokens: 11, output_tokens: 7, total_tokens: 18 },
    });
    tokens.recordTokens('2026-03-02', { input_tokens: 100, output_tokens: 0, total_tokens: 100 });
    db.close();
    tokens = open();
    expect(tokens.tokensForDay('2026-03-01')).toEqual({ ok: true, value: { input_tokens: 11, output_tokens: 7, total_tokens: 18 } });
    expect(tokens.tokensForDay('2026-03-03')).toEqual({ ok: true, value: { input_tokens: 0, output_tokens: 0, total_tokens: 0 } });
  });

  it('rejects malformed days and negative or fractional deltas', () => {
    const tokens = open();
    expect(tokens.recordTokens('March 1', { input_tokens: 1, output_tokens: 1, total_tokens: 2 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(tokens.recordTokens('2026-03-01', { input_tokens: -1, output_tokens: 1, total_tokens: 0 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(tokens.recordTokens('2026-03-01', { input_tokens: 1.5, output_tokens: 1, total_tokens: 2 })).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(tokens.tokensForDay('2026-03-01')).toEqual({ ok: true, value: { input_tokens: 0, output_tokens: 0, total_tokens: 0 } });
  });

  it('reports a closed database as an error, not a throw', () => {
    const tokens = open();
    db.close();
    expect(tokens.recordTokens('2026-03-01', { input_tokens: 1, output_tokens: 1, total_tokens: 2 })).toMatchObject({ ok: false, error: { code: 'store_write_failed' } });
    expect(tokens.tokensForDay('2026-03-01')).toMatchObject({ ok: false, error: { code: 'store_read_failed' } });
  });
});
