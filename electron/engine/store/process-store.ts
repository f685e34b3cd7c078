import { ok, type Result } from '../lib/result.js';
import { writeTransaction, type SqliteDatabase } from './database.js';
import { guard, STORE_READ_FAILED, STORE_WRITE_FAILED } from './guard.js';

export type ProcessKind = 'agent' | 'hook' | 'check' | 'shell';

export interface NewProcessGroup {
  /** The group's id: the pid of the process Baton started (each runs in its own group). */
  pgid: number;
  kind: ProcessKind;
  /** What it is, for people: the command or hook name. */
  label: string;
  cwd: string | null;
  issue_id: string | null;
  issue_identifier: string | null;
  run_id: string | null;
  /** When it was recorded, epoch ms: just after the start, so the leader started before it. */
  recorded_at_ms: number;
}

export interface StoredProcessGroup extends NewProcessGroup {
  id: number;
}

/**
 * The process groups the engine started and has not seen end. A row outlives the engine only when
 * the engine did not stop cleanly (kill -9, a crash, power loss): the next start reaps what is left.
 * One write per process start and end, never per output byte.
 */
export class ProcessStore {
  constructor(private readonly db: SqliteDatabase) {}

  add(group: NewProcessGroup): Result<number> {
    return guard(STORE_WRITE_FAILED, 'record a process group', () => {
      const insert = this.db.prepare(
        'INSERT INTO process_groups (pgid, kind, label, cwd, issue_id, issue_identifier, run_id, recorded_at_ms) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      );
      const info = writeTransaction(this.db, () =>
        insert.run(group.pgid, group.kind, group.label, group.cwd, group.issue_id, group.issue_identifier, group.run_id, group.recorded_at_ms),
      );
      return ok(Number(info.lastInsertRowid));
    });
  }

  remove(id: number): Result<void> {
    return guard(STORE_WRITE_FAILED, 'forget a process group', () => {
      const del = this.db.prepare('DELETE FROM process_groups WHERE id = ?');
      writeTransaction(this.db, () => del.run(id));
      return ok(undefined);
    });
  }

  list(): Result<StoredProcessGroup[]> {
    return guard(STORE_READ_FAILED, 'list process groups', () => {
      const rows = this.db.prepare('SELECT * FROM process_groups ORDER BY id').all() as Record<string, unknown>[];
      return ok(
        rows.map((r) => ({
          id: Number(r.id),
          pgid: Number(r.pgid),
          kind: String(r.kind) as ProcessKind,
          label: String(r.label),
          cwd: r.cwd == null ? null : String(r.cwd),
          issue_id: r.issue_id == null ? null : String(r.issue_id),
          issue_identifier: r.issue_identifier == null ? null : String(r.issue_identifier),
          run_id: r.run_id == null ? null : String(r.run_id),
          recorded_at_ms: Number(r.recorded_at_ms),
        })),
      );
    });
  }
}
