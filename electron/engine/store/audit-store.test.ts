import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { AuditStore, type NewAudit } from './audit-store.js';
import { openDatabase, type SqliteDatabase } from './database.js';
import { STORE_MIGRATIONS } from './store-migrations.js';

const audit = (n: number): NewAudit => ({
  landing_id: n,
  identifier: `BAT-${n}`,
  title: `Ticket ${n}`,
  base_before: `before${n}`,
  landed_commit: `after${n}`,
  created_at: `2026-01-01T00:00:0${n}.000Z`,
});

describe('AuditStore', () => {
  let dir: string;
  let db: SqliteDatabase;
  let audits: AuditStore;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-audits-'));
    db = openDatabase(join(dir, 'state.db'), { migrations: STORE_MIGRATIONS, busyTimeoutMs: 0 });
    audits = new AuditStore(db);
  });
  afterEach(() => {
    if (db.open) db.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('creates open audits and lists the open ones oldest first', () => {
    const first = audits.create(audit(1));
    expect(first).toEqual({ ok: true, value: { id: 1, status: 'open', ...audit(1) } });
    audits.create(audit(2));
    audits.create(audit(3));
    const done = audits.setStatus(2, 'done');
    expect(done.ok && done.value.status).toBe('done');
    const open = audits.listOpen();
    expect(open.ok && open.value.map((a) => a.id)).toEqual([1, 3]);
    expect(audits.get(2)).toEqual(done);
    audits.setStatus(2, 'open');
    const again = audits.listOpen();
    expect(again.ok && again.value.map((a) => a.id)).toEqual([1, 2, 3]);
  });

  it('answers audit_not_found for an unknown id', () => {
    expect(audits.setStatus(7, 'done')).toMatchObject({ ok: false, error: { code: 'audit_not_found' } });
    expect(audits.get(7)).toMatchObject({ ok: false, error: { code: 'audit_not_found' } });
  });

  it('turns a storage fault into a result', () => {
    db.close();
    expect(audits.create(audit(1))).toMatchObject({ ok: false, error: { code: 'store_write_failed' } });
    expect(audits.listOpen()).toMatchObject({ ok: false, error: { code: 'store_read_failed' } });
  });
});
