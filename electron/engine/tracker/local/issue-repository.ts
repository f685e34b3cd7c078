import { blockersAllowDispatch } from '../blocker-rule.js';
import { randomUUID } from 'node:crypto';
import type { BlockerRef, Issue, IssueComment } from '../../../../shared/domain/issue.js';
import { normalizeState } from '../../../../shared/domain/issue.js';
import { writeTransaction, type SqliteDatabase } from '../../store/database.js';
import type { IssueFields } from './issue-input.js';

type Row = Record<string, unknown>;

const ISSUE_COLUMNS = 'id, identifier, title, description, priority, state, labels, branch_name, url, created_at, updated_at';

/** Counts up per prefix and never down, so a number is never handed out twice. */
const NEXT_NUMBER = `INSERT INTO identifier_sequences (prefix_key, last_number) VALUES (?, 1)
  ON CONFLICT(prefix_key) DO UPDATE SET last_number = last_number + 1 RETURNING last_number`;

const INSERT_ISSUE = `INSERT INTO issues (id, number, identifier, title, description, priority, state, state_key, labels,
    branch_name, url, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, NULL, NULL, ?, ?)`;

/**
 * SQL for the local tracker. Synchronous and throwing: LocalTracker turns exceptions into Results.
 * Lists of ids travel as one JSON parameter (`json_each`), so no query is built per list length.
 */
export class IssueRepository {
  constructor(
    private readonly db: SqliteDatabase,
    /** Maps a stored state to the spelling the workflow currently uses. */
    private readonly spell: () => (stored: string) => string,
    /** The workflow's terminal states, for the blocker rule behind `dispatchable`. */
    private readonly terminalStates: () => readonly string[] = () => [],
  ) {}

  listAll(): Issue[] {
    return this.hydrate(this.db.prepare(`SELECT ${ISSUE_COLUMNS} FROM issues ORDER BY rowid`).all() as Row[]);
  }

  listByStateKeys(keys: string[]): Issue[] {
    const rows = this.db
      .prepare(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE state_key IN (SELECT value FROM json_each(?)) ORDER BY rowid`)
      .all(JSON.stringify(keys)) as Row[];
    return this.hydrate(rows);
  }

  listByIds(ids: string[]): Issue[] {
    const rows = this.db
      .prepare(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE id IN (SELECT value FROM json_each(?)) ORDER BY rowid`)
      .all(JSON.stringify(ids)) as Row[];
    return this.hydrate(rows);
  }

  /** Case-insensitive (the column is COLLATE NOCASE). */
  findByIdentifier(identifier: string): Issue | null {
    const row = this.db.prepare(`SELECT ${ISSUE_COLUMNS} FROM issues WHERE identifier = ?`).get(identifier) as Row | undefined;
    return row ? (this.hydrate([row])[0] ?? null) : null;
  }

  findById(id: string): Issue | null {
    return this.listByIds([id])[0] ?? null;
  }

  /** Allocates the next number of the prefix and inserts, atomically even against other processes. */
  insert(fields: IssueFields, prefix: string, nowIso: string): string {
    const id = randomUUID();
    writeTransaction(this.db, () => {
      const next = this.db.prepare(NEXT_NUMBER).raw(true).get(prefix.toUpperCase()) as unknown[];
      const number = Number(next[0]);
      this.db
        .prepare(INSERT_ISSUE)
        .run(id, number, `${prefix}-${number}`, fields.title, fields.description, fields.priority, fields.state,
          normalizeState(fields.state), JSON.stringify(fields.labels), nowIso, nowIso);
    });
    return id;
  }

  update(id: string, changes: Partial<IssueFields>, nowIso: string): void {
    const sets: string[] = ['updated_at = @updated_at'];
    const params: Record<string, unknown> = { id, updated_at: nowIso };
    for (const [key, value] of Object.entries(changes)) {
      sets.push(`${key} = @${key}`);
      params[key] = key === 'labels' ? JSON.stringify(value) : value;
    }
    if (changes.state !== undefined) {
      sets.push('state_key = @state_key');
      params.state_key = normalizeState(changes.state);
    }
    writeTransaction(this.db, () => this.db.prepare(`UPDATE issues SET ${sets.join(', ')} WHERE id = @id`).run(params));
  }

  /** Only inside a write transaction. */
  private touch(id: string, nowIso: string): void {
    this.db.prepare('UPDATE issues SET updated_at = ? WHERE id = ?').run(nowIso, id);
  }

  /** Ids of issues that list `id` as a blocker (their `blocked_by` shows its state). */
  dependentIds(id: string): string[] {
    const rows = this.db.prepare('SELECT issue_id FROM blockers WHERE blocker_issue_id = ?').raw(true).all(id) as unknown[][];
    return rows.map((r) => String(r[0]));
  }

  replaceBlockers(id: string, blockerIds: string[], nowIso: string): void {
    writeTransaction(this.db, () => {
      this.db.prepare('DELETE FROM blockers WHERE issue_id = ?').run(id);
      const insert = this.db.prepare('INSERT INTO blockers (issue_id, blocker_issue_id) VALUES (?, ?)');
      for (const b of blockerIds) insert.run(id, b);
      this.touch(id, nowIso);
    });
  }

  insertComment(issueId: string, author: string, body: string, nowIso: string): IssueComment {
    const comment: IssueComment = { id: randomUUID(), issue_id: issueId, author, body, created_at: nowIso };
    writeTransaction(this.db, () => {
      this.db
        .prepare('INSERT INTO comments (id, issue_id, author, body, created_at) VALUES (?, ?, ?, ?, ?)')
        .run(comment.id, issueId, author, body, nowIso);
      this.touch(issueId, nowIso);
    });
    return comment;
  }

  listComments(issueId: string): IssueComment[] {
    const rows = this.db
      .prepare('SELECT id, issue_id, author, body, created_at FROM comments WHERE issue_id = ? ORDER BY created_at, rowid')
      .all(issueId) as Row[];
    return rows.map((r) => ({
      id: String(r.id),
      issue_id: String(r.issue_id),
      author: String(r.author),
      body: String(r.body),
      created_at: String(r.created_at),
    }));
  }

  private hydrate(rows: Row[]): Issue[] {
    if (rows.length === 0) return [];
    const spell = this.spell();
    const blockers = this.blockersOf(rows.map((r) => String(r.id)), spell);
    const terminal = this.terminalStates();
    return rows.map((r) => toIssue(r, blockers.get(String(r.id)) ?? [], spell, terminal));
  }

  private blockersOf(ids: string[], spell: (s: string) => string): Map<string, BlockerRef[]> {
    const rows = this.db
      .prepare(`SELECT b.issue_id AS issue_id, i.id AS id, i.identifier AS identifier, i.state AS state
        FROM blockers b JOIN issues i ON i.id = b.blocker_issue_id
        WHERE b.issue_id IN (SELECT value FROM json_each(?)) ORDER BY i.rowid`)
      .all(JSON.stringify(ids)) as Row[];
    const out = new Map<string, BlockerRef[]>();
    for (const r of rows) {
      const key = String(r.issue_id);
      const list = out.get(key) ?? [];
      list.push({ id: String(r.id), identifier: String(r.identifier), state: spell(String(r.state)) });
      out.set(key, list);
    }
    return out;
  }
}

function toIssue(r: Row, blockedBy: BlockerRef[], spell: (s: string) => string, terminalStates: readonly string[]): Issue {
  const state = spell(String(r.state));
  return {
    id: String(r.id),
    native_ref: null,
    identifier: String(r.identifier),
    title: String(r.title),
    description: r.description == null ? null : String(r.description),
    priority: typeof r.priority === 'number' && Number.isInteger(r.priority) ? r.priority : null,
    state,
    branch_name: r.branch_name == null ? null : String(r.branch_name),
    url: r.url == null ? null : String(r.url),
    assignee_id: null,
    labels: parseLabels(r.labels),
    blocked_by: blockedBy,
    dispatchable: blockersAllowDispatch(state, blockedBy, terminalStates),
    created_at: r.created_at == null ? null : String(r.created_at),
    updated_at: r.updated_at == null ? null : String(r.updated_at),
  };
}

/** Best effort (SPEC §11.3): a hand-edited, unreadable labels cell becomes no labels, not a failed poll. */
function parseLabels(cell: unknown): string[] {
  try {
    const parsed: unknown = JSON.parse(String(cell));
    return Array.isArray(parsed) ? parsed.filter((l): l is string => typeof l === 'string').map((l) => l.toLowerCase()) : [];
  } catch {
    return [];
  }
}
