import type { AuditItem } from '../../../shared/api/review-schemas.js';
import { err, ok, type Result } from '../lib/result.js';
import { writeTransaction, type SqliteDatabase } from './database.js';
import { guard, STORE_READ_FAILED, STORE_WRITE_FAILED } from './guard.js';

export type NewAudit = Omit<AuditItem, 'id' | 'status'>;

const COLUMNS = 'id, landing_id, identifier, title, base_before, landed_commit, created_at, status';

/** The audit queue (table `audits`): sampled auto-landed tickets for a person to read after the fact. */
export class AuditStore {
  constructor(private readonly db: SqliteDatabase) {}

  create(audit: NewAudit): Result<AuditItem> {
    return guard(STORE_WRITE_FAILED, 'create audit', () => {
      const insert = this.db.prepare(
        "INSERT INTO audits (landing_id, identifier, title, base_before, landed_commit, created_at, status) VALUES (?, ?, ?, ?, ?, ?, 'open')",
      );
      const info = writeTransaction(this.db, () =>
        insert.run(audit.landing_id, audit.identifier, audit.title, audit.base_before, audit.landed_commit, audit.created_at),
      );
      return ok({ ...audit, id: Number(info.lastInsertRowid), status: 'open' as const });
    });
  }

  /** `audit_not_found` for an unknown id. */
  get(id: number): Result<AuditItem> {
    return guard(STORE_READ_FAILED, 'read audit', () => {
      const row = this.db.prepare(`SELECT ${COLUMNS} FROM audits WHERE id = ?`).get(id) as Record<string, unknown> | undefined;
      return row ? ok(toAudit(row)) : err('audit_not_found', `no audit ${id}`);
    });
  }

  /** Audits awaiting a read, oldest first. */
  listOpen(): Result<AuditItem[]> {
    return guard(STORE_READ_FAILED, 'list open audits', () => {
      const rows = this.db.prepare(`SELECT ${COLUMNS} FROM audits WHERE status = 'open' ORDER BY id`).all() as Record<string, unknown>[];
      return ok(rows.map(toAudit));
    });
  }

  /** `audit_not_found` for an unknown id. */
  setStatus(id: number, status: AuditItem['status']): Result<AuditItem> {
    return guard(STORE_WRITE_FAILED, 'update audit', () => {
      const update = this.db.prepare('UPDATE audits SET status = ? WHERE id = ?');
      const info = writeTransaction(this.db, () => update.run(status, id));
      if (info.changes === 0) return err('audit_not_found', `no audit ${id}`);
      return this.get(id);
    });
  }
}

function toAudit(r: Record<string, unknown>): AuditItem {
  return {
    id: Number(r.id),
    landing_id: Number(r.landing_id),
    identifier: String(r.identifier),
    title: String(r.title),
    base_before: String(r.base_before),
    landed_commit: String(r.landed_commit),
    created_at: String(r.created_at),
    status: String(r.status) as AuditItem['status'],
  };
}
