import type { Finding, ReviewerReport } from '../../../shared/api/review-schemas.js';
import { ok, type Result } from '../lib/result.js';
import { writeTransaction, type SqliteDatabase } from './database.js';
import { guard, STORE_READ_FAILED, STORE_WRITE_FAILED } from './guard.js';

/** The latest reviewer-agent report of each ticket (one row per ticket; a new review replaces it). */
export class ReviewerStore {
  constructor(private readonly db: SqliteDatabase) {}

  saveReport(identifier: string, report: ReviewerReport): Result<void> {
    return guard(STORE_WRITE_FAILED, 'save reviewer report', () => {
      const upsert = this.db.prepare(
        `INSERT INTO reviewer_reports (issue_identifier, status, model, head, at, error, findings) VALUES (?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(issue_identifier) DO UPDATE SET status = excluded.status, model = excluded.model, head = excluded.head,
           at = excluded.at, error = excluded.error, findings = excluded.findings`,
      );
      writeTransaction(this.db, () =>
        upsert.run(identifier, report.status, report.model, report.head, report.at, report.error, JSON.stringify(report.findings)),
      );
      return ok(undefined);
    });
  }

  /** The ticket's report, or null when it was never reviewed. */
  getReport(identifier: string): Result<ReviewerReport | null> {
    return guard(STORE_READ_FAILED, 'read reviewer report', () => {
      const row = this.db
        .prepare('SELECT status, model, head, at, error, findings FROM reviewer_reports WHERE issue_identifier = ?')
        .get(identifier) as Record<string, unknown> | undefined;
      if (!row) return ok(null);
      return ok({
        status: String(row.status) as ReviewerReport['status'],
        model: String(row.model),
        head: row.head == null ? null : String(row.head),
        at: String(row.at),
        error: row.error == null ? null : String(row.error),
        findings: JSON.parse(String(row.findings)) as Finding[],
      });
    });
  }

  /** Forgets the ticket's report (the ticket landed or was cancelled). */
  deleteReport(identifier: string): Result<void> {
    return guard(STORE_WRITE_FAILED, 'delete reviewer report', () => {
      const del = this.db.prepare('DELETE FROM reviewer_reports WHERE issue_identifier = ?');
      writeTransaction(this.db, () => del.run(identifier));
      return ok(undefined);
    });
  }
}
