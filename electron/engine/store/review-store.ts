import type { CheckResult, LineComment, ReviewFeedback } from '../../../shared/api/review-schemas.js';
import { ok, type Result } from '../lib/result.js';
import { writeTransaction, type SqliteDatabase } from './database.js';
import { guard, STORE_READ_FAILED, STORE_WRITE_FAILED } from './guard.js';

export interface NewFeedback {
  issue_id: string;
  issue_identifier: string;
  source: ReviewFeedback['source'];
  decision: ReviewFeedback['decision'];
  summary: string;
  comments: LineComment[];
  at: string;
  actor: string;
}

/**
 * Review feedback (every request-changes, restart and landing failure sent back to the agent, in
 * rounds) and the latest pre-review check of each ticket.
 */
export class ReviewStore {
  constructor(private readonly db: SqliteDatabase) {}

  /** Appends feedback as the ticket's next round (1 for its first). */
  recordFeedback(feedback: NewFeedback): Result<ReviewFeedback> {
    return guard(STORE_WRITE_FAILED, 'record review feedback', () => {
      const next = this.db.prepare('SELECT COALESCE(MAX(round), 0) + 1 AS round FROM review_feedback WHERE issue_identifier = ?');
      const insert = this.db.prepare(
        'INSERT INTO review_feedback (issue_id, issue_identifier, round, source, decision, summary, comments, at, actor) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const saved = writeTransaction(this.db, () => {
        const round = Number((next.get(feedback.issue_identifier) as { round: number }).round);
        const info = insert.run(
          feedback.issue_id,
          feedback.issue_identifier,
          round,
          feedback.source,
          feedback.decision,
          feedback.summary,
          JSON.stringify(feedback.comments),
          feedback.at,
          feedback.actor,
        );
        return { id: Number(info.lastInsertRowid), round };
      });
      return ok({
        id: saved.id,
        round: saved.round,
        source: feedback.source,
        decision: feedback.decision,
        summary: feedback.summary,
        comments: feedback.comments,
        at: feedback.at,
        actor: feedback.actor,
      });
    });
  }

  /** Every round of feedback on the ticket, oldest first. */
  listFeedback(identifier: string): Result<ReviewFeedback[]> {
    return guard(STORE_READ_FAILED, 'list review feedback', () => {
      const rows = this.db
        .prepare('SELECT id, round, source, decision, summary, comments, at, actor FROM review_feedback WHERE issue_identifier = ? ORDER BY id')
        .all(identifier) as Record<string, unknown>[];
      return ok(rows.map(toFeedback));
    });
  }

  saveCheck(identifier: string, check: CheckResult): Result<void> {
    return guard(STORE_WRITE_FAILED, 'save check result', () => {
      const upsert = this.db.prepare(
        `INSERT INTO review_checks (issue_identifier, status, command, terminal_id, exit_code, output_tail, started_at, ended_at, head, tree)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
         ON CONFLICT(issue_identifier) DO UPDATE SET status = excluded.status, command = excluded.command,
           terminal_id = excluded.terminal_id, exit_code = excluded.exit_code, output_tail = excluded.output_tail,
           started_at = excluded.started_at, ended_at = excluded.ended_at, head = excluded.head, tree = excluded.tree`,
      );
      writeTransaction(this.db, () =>
        upsert.run(identifier, check.status, check.command, check.terminal_id, check.exit_code, check.output_tail, check.started_at, check.ended_at, check.head, check.tree),
      );
      return ok(undefined);
    });
  }

  latestCheck(identifier: string): Result<CheckResult | null> {
    return guard(STORE_READ_FAILED, 'read check result', () => {
      const row = this.db
        .prepare('SELECT status, command, terminal_id, exit_code, output_tail, started_at, ended_at, head, tree FROM review_checks WHERE issue_identifier = ?')
        .get(identifier) as Record<string, unknown> | undefined;
      if (!row) return ok(null);
      return ok({
        status: String(row.status) as CheckResult['status'],
        command: String(row.command),
        terminal_id: row.terminal_id == null ? null : String(row.terminal_id),
        exit_code: row.exit_code == null ? null : Number(row.exit_code),
        output_tail: String(row.output_tail),
        started_at: String(row.started_at),
        ended_at: row.ended_at == null ? null : String(row.ended_at),
        head: row.head == null ? null : String(row.head),
        tree: row.tree == null ? null : String(row.tree),
      });
    });
  }
}

function toFeedback(r: Record<string, unknown>): ReviewFeedback {
  return {
    id: Number(r.id),
    round: Number(r.round),
    source: String(r.source) as ReviewFeedback['source'],
    decision: String(r.decision) as ReviewFeedback['decision'],
    summary: String(r.summary),
    comments: JSON.parse(String(r.comments)) as LineComment[],
    at: String(r.at),
    actor: String(r.actor),
  };
}
