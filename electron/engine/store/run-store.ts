import { err, ok, type Result } from '../lib/result.js';
import { guard, STORE_READ_FAILED, STORE_WRITE_FAILED } from './guard.js';
import { writeTransaction, type SqliteDatabase } from './database.js';
import { RUN_STATUSES, type NewRun, type RunEnd, type RunPatch, type RunRecord, type RunStatus } from './store-types.js';

/** The error a run left running by a previous engine process gets when the store reopens. */
export const ENGINE_RESTARTED_ERROR = 'engine restarted';

const PATCHABLE: readonly (keyof RunPatch)[] = [
  'workspace_path', 'branch', 'session_id', 'agent_kind', 'turn_count', 'input_tokens', 'output_tokens', 'total_tokens',
];

const INSERT_RUN = `INSERT INTO runs (run_id, issue_id, issue_identifier, attempt, started_at, ended_at, status, error,
    workspace_path, branch, session_id, agent_kind, turn_count, input_tokens, output_tokens, total_tokens)
  VALUES (@run_id, @issue_id, @issue_identifier, @attempt, @started_at, @ended_at, @status, @error,
    @workspace_path, @branch, @session_id, @agent_kind, @turn_count, @input_tokens, @output_tokens, @total_tokens)`;

/** Tokens and turn count are optional at the end: null keeps the last value reported while running. */
const END_RUN = `UPDATE runs SET status = @status, error = @error, ended_at = @ended_at,
    turn_count = COALESCE(@turn_count, turn_count),
    input_tokens = COALESCE(@input_tokens, input_tokens),
    output_tokens = COALESCE(@output_tokens, output_tokens),
    total_tokens = COALESCE(@total_tokens, total_tokens)
  WHERE run_id = @run_id`;

/** Run attempts, one row each; errors come back as `store_write_failed` / `store_read_failed`. */
export class RunStore {
  constructor(private readonly db: SqliteDatabase) {}

  startRun(run: NewRun): Result<RunRecord> {
    const row: RunRecord = {
      run_id: run.run_id,
      issue_id: run.issue_id,
      issue_identifier: run.issue_identifier,
      attempt: run.attempt,
      started_at: run.started_at,
      ended_at: null,
      status: 'running',
      error: null,
      workspace_path: run.workspace_path ?? null,
      branch: run.branch ?? null,
      session_id: run.session_id ?? null,
      agent_kind: run.agent_kind ?? null,
      turn_count: 0,
      input_tokens: 0,
      output_tokens: 0,
      total_tokens: 0,
    };
    return guard(STORE_WRITE_FAILED, 'start run', () => {
      this.write(INSERT_RUN, { ...row });
      return ok(row);
    });
  }

  /** Updates the given live fields; `run_not_found` if no such run. */
  updateRun(runId: string, patch: RunPatch): Result<void> {
    const keys = PATCHABLE.filter((k) => patch[k] !== undefined);
    if (keys.length === 0) return ok(undefined);
    const params: Record<string, unknown> = { run_id: runId };
    for (const k of keys) params[k] = patch[k];
    const sets = keys.map((k) => `${k} = @${k}`).join(', ');
    return guard(STORE_WRITE_FAILED, 'update run', () => {
      return this.changedOne(this.write(`UPDATE runs SET ${sets} WHERE run_id = @run_id`, params), runId);
    });
  }

  endRun(runId: string, end: RunEnd): Result<void> {
    if (!RUN_STATUSES.includes(end.status) || end.status === ('running' as RunStatus)) {
      return err('invalid_input', `a run cannot end with status ${JSON.stringify(end.status)}`);
    }
    const params = {
      run_id: runId,
      status: end.status,
      error: end.error ?? null,
      ended_at: end.ended_at,
      turn_count: end.turn_count ?? null,
      input_tokens: end.tokens?.input_tokens ?? null,
      output_tokens: end.tokens?.output_tokens ?? null,
      total_tokens: end.tokens?.total_tokens ?? null,
    };
    return guard(STORE_WRITE_FAILED, 'end run', () => {
      return this.changedOne(this.write(END_RUN, params), runId);
    });
  }

  getRun(runId: string): Result<RunRecord | null> {
    return guard(STORE_READ_FAILED, 'read run', () => {
      const row = this.db.prepare('SELECT * FROM runs WHERE run_id = ?').get(runId) as Record<string, unknown> | undefined;
      return ok(row ? toRun(row) : null);
    });
  }

  /** How the newest run spelled an identifier, matched case-insensitively; null when no run has it. */
  identifierSpelling(identifier: string): Result<string | null> {
    return guard(STORE_READ_FAILED, 'find run identifier', () => {
      const row = this.db
        .prepare('SELECT issue_identifier FROM runs WHERE issue_identifier = ? COLLATE NOCASE ORDER BY started_at DESC, rowid DESC LIMIT 1')
        .raw(true)
        .get(identifier) as unknown[] | undefined;
      return ok(typeof row?.[0] === 'string' ? row[0] : null);
    });
  }

  /** Runs of one issue, newest first. */
  listRuns(issueIdentifier: string): Result<RunRecord[]> {
    return guard(STORE_READ_FAILED, 'list runs', () => {
      const rows = this.db
        .prepare('SELECT * FROM runs WHERE issue_identifier = ? ORDER BY started_at DESC, rowid DESC')
        .all(issueIdentifier) as Record<string, unknown>[];
      return ok(rows.map(toRun));
    });
  }

  /**
   * At startup no run from a previous process can still be alive (SPEC §14.3), so any row still
   * `running` is closed as `canceled` with the reason, instead of staying "running" forever.
   * Returns how many rows were closed.
   */
  markInterruptedRuns(nowIso: string): Result<number> {
    return guard(STORE_WRITE_FAILED, 'mark interrupted runs', () => {
      const params = { error: ENGINE_RESTARTED_ERROR, ended_at: nowIso };
      return ok(this.write("UPDATE runs SET status = 'canceled', error = @error, ended_at = @ended_at WHERE status = 'running'", params));
    });
  }

  /** One statement in its own write transaction; returns the number of rows changed. */
  private write(sql: string, params: Record<string, unknown>): number {
    return writeTransaction(this.db, () => this.db.prepare(sql).run(params).changes);
  }

  private changedOne(changes: number, runId: string): Result<void> {
    return changes === 0 ? err('run_not_found', `no run with id ${runId}`) : ok(undefined);
  }
}

function toRun(r: Record<string, unknown>): RunRecord {
  return {
    run_id: String(r.run_id),
    issue_id: String(r.issue_id),
    issue_identifier: String(r.issue_identifier),
    attempt: r.attempt == null ? null : Number(r.attempt),
    started_at: String(r.started_at),
    ended_at: r.ended_at == null ? null : String(r.ended_at),
    status: String(r.status) as RunStatus,
    error: r.error == null ? null : String(r.error),
    workspace_path: r.workspace_path == null ? null : String(r.workspace_path),
    branch: r.branch == null ? null : String(r.branch),
    session_id: r.session_id == null ? null : String(r.session_id),
    agent_kind: r.agent_kind == null ? null : String(r.agent_kind),
    turn_count: Number(r.turn_count),
    input_tokens: Number(r.input_tokens),
    output_tokens: Number(r.output_tokens),
    total_tokens: Number(r.total_tokens),
  };
}
