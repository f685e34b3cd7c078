import type { Issue, IssueComment } from '../../../../shared/domain/issue.js';
import { normalizeState } from '../../../../shared/domain/issue.js';
import { isoTime, type Clock } from '../../lib/clock.js';
import { Emitter, type EventSubscription } from '../../lib/emitter.js';
import type { Logger } from '../../lib/logger.js';
import { err, errorMessage, ok, type Result } from '../../lib/result.js';
import { openDatabase, type SqliteDatabase } from '../../store/database.js';
import type { IssueChangeListener, IssuePatch, NewIssueInput, Tracker, TrackerWriter } from '../tracker.js';
import { validateNewIssue, validatePatch } from './issue-input.js';
import { IssueRepository } from './issue-repository.js';
import { LOCAL_TRACKER_MIGRATIONS } from './local-schema.js';
import { candidateStateKeys, stateSpelling, type LocalStateSettings } from './state-matcher.js';

/**
 * Other processes (the `baton` CLI, an agent's ticket tool) may write the same file; their writes
 * are a few rows, so a one-second wait covers them without stalling the engine's loop for long.
 */
export const LOCAL_TRACKER_BUSY_TIMEOUT_MS = 1000;

/** ASCII only: identifiers are matched case-insensitively, and SQLite's NOCASE folds ASCII letters only. */
const PREFIX = /^[A-Za-z][A-Za-z0-9]{0,15}$/;

export interface LocalTrackerOptions {
  /** Absolute path of the tickets database (created with its parent directories if missing). */
  path: string;
  /** Identifier prefix: issues are `<prefix>-<n>`. */
  prefix: string;
  /** Read on every call, because WORKFLOW.md reloads live. */
  settings: () => LocalStateSettings;
  clock: Clock;
  logger?: Logger;
  busyTimeoutMs?: number;
}

/**
 * `tracker.kind: local`: tickets in an embedded SQLite file, readable by the orchestrator and
 * writable by operators. Every method resolves to a Result; storage faults become
 * `tracker_unavailable` (reads) or `tracker_write_failed` (writes). See docs/tracker-local.md.
 */
export class LocalTracker implements Tracker, TrackerWriter {
  readonly kind = 'local';
  readonly writer: TrackerWriter = this;
  private readonly db: SqliteDatabase;
  private readonly repo: IssueRepository;
  private readonly changes = new Emitter<Issue>((e, issue) =>
    this.options.logger?.error({ issue_id: issue.id, issue_identifier: issue.identifier, err: errorMessage(e) }, 'issue change listener failed'),
  );
  private closed = false;

  /** Throws when the prefix is invalid or the file cannot be opened; `LocalTracker.open` returns a Result. */
  constructor(private readonly options: LocalTrackerOptions) {
    if (!PREFIX.test(options.prefix)) {
      throw new Error(`tracker prefix ${JSON.stringify(options.prefix)} must be 1-16 ASCII letters or digits, starting with a letter`);
    }
    this.db = openDatabase(options.path, {
      migrations: LOCAL_TRACKER_MIGRATIONS,
      busyTimeoutMs: options.busyTimeoutMs ?? LOCAL_TRACKER_BUSY_TIMEOUT_MS,
    });
    this.repo = new IssueRepository(
      this.db,
      () => stateSpelling(this.options.settings()),
      () => this.options.settings().terminal_states,
    );
  }

  static open(options: LocalTrackerOptions): Result<LocalTracker> {
    try {
      return ok(new LocalTracker(options));
    } catch (e) {
      return err('tracker_unavailable', `cannot open the local tracker at ${options.path}: ${errorMessage(e)}`);
    }
  }

  async fetchCandidateIssues(): Promise<Result<Issue[]>> {
    return this.read('fetch candidate issues', () => ok(this.repo.listByStateKeys(candidateStateKeys(this.options.settings()))));
  }

  async fetchIssuesByStates(states: string[]): Promise<Result<Issue[]>> {
    if (states.length === 0) return ok([]);
    return this.read('fetch issues by states', () => ok(this.repo.listByStateKeys([...new Set(states.map(normalizeState))])));
  }

  async fetchIssueStatesByIds(ids: string[]): Promise<Result<Issue[]>> {
    if (ids.length === 0) return ok([]);
    return this.read('fetch issues by ids', () => ok(this.repo.listByIds([...new Set(ids)])));
  }

  async listIssues(): Promise<Result<Issue[]>> {
    return this.read('list issues', () => ok(this.repo.listAll()));
  }

  async getIssue(identifier: string): Promise<Result<Issue | null>> {
    return this.read('get issue', () => ok(typeof identifier === 'string' ? this.repo.findByIdentifier(identifier) : null));
  }

  async createIssue(input: NewIssueInput): Promise<Result<Issue>> {
    const fields = validateNewIssue(input, this.options.settings());
    if (!fields.ok) return fields;
    return this.write('create issue', () => {
      const id = this.repo.insert(fields.value, this.options.prefix, this.now());
      return this.changed(id);
    });
  }

  async updateIssue(identifier: string, patch: IssuePatch): Promise<Result<Issue>> {
    const changes = validatePatch(patch, this.options.settings());
    if (!changes.ok) return changes;
    return this.write('update issue', () => {
      const issue = this.find(identifier);
      if (!issue.ok) return issue;
      if (Object.keys(changes.value).length === 0) return ok(issue.value);
      this.repo.update(issue.value.id, changes.value, this.now());
      // A new state shows up in the blocked_by of every issue this one blocks: push those too.
      const dependents = changes.value.state !== undefined ? this.repo.dependentIds(issue.value.id) : [];
      const fresh = this.changed(issue.value.id);
      for (const id of dependents) this.changed(id);
      return fresh;
    });
  }

  async setBlockers(identifier: string, blockerIdentifiers: string[]): Promise<Result<Issue>> {
    if (!Array.isArray(blockerIdentifiers) || !blockerIdentifiers.every((b) => typeof b === 'string')) {
      return err('invalid_input', 'blockers must be an array of issue identifiers');
    }
    return this.write('set blockers', () => {
      const issue = this.find(identifier);
      if (!issue.ok) return issue;
      const blockerIds = new Set<string>();
      for (const b of blockerIdentifiers) {
        const blocker = this.find(b);
        if (!blocker.ok) return blocker;
        if (blocker.value.id === issue.value.id) return err('invalid_input', `${issue.value.identifier} cannot block itself`);
        blockerIds.add(blocker.value.id);
      }
      this.repo.replaceBlockers(issue.value.id, [...blockerIds], this.now());
      return this.changed(issue.value.id);
    });
  }

  async addComment(identifier: string, body: string, author: string): Promise<Result<IssueComment>> {
    if (typeof body !== 'string' || body.trim() === '') return err('invalid_input', 'comment body must be a non-empty string');
    if (typeof author !== 'string' || author.trim() === '') return err('invalid_input', 'comment author must be a non-empty string');
    return this.write('add comment', () => {
      const issue = this.find(identifier);
      if (!issue.ok) return issue;
      const comment = this.repo.insertComment(issue.value.id, author.trim(), body, this.now());
      this.changed(issue.value.id);
      return ok(comment);
    });
  }

  async listComments(identifier: string): Promise<Result<IssueComment[]>> {
    return this.read('list comments', () => {
      const issue = this.find(identifier);
      return issue.ok ? ok(this.repo.listComments(issue.value.id)) : issue;
    });
  }

  onIssueChanged(listener: IssueChangeListener): EventSubscription {
    return this.changes.on(listener);
  }

  dispose(): void {
    if (this.closed) return;
    this.closed = true;
    this.changes.dispose();
    this.db.close();
  }

  private find(identifier: string): Result<Issue> {
    const issue = typeof identifier === 'string' ? this.repo.findByIdentifier(identifier) : null;
    return issue ? ok(issue) : err('issue_not_found', `no issue ${JSON.stringify(identifier)} in the local tracker`);
  }

  /** Reads the fresh record and tells listeners; a throwing listener is logged, never fails the write. */
  private changed(id: string): Result<Issue> {
    const issue = this.repo.findById(id);
    if (!issue) return err('issue_not_found', `issue ${id} vanished during the write`);
    this.changes.emit(issue);
    return ok(issue);
  }

  private now(): string {
    return isoTime(this.options.clock.now());
  }

  private read<T>(what: string, fn: () => Result<T>): Result<T> {
    return this.guarded('tracker_unavailable', what, fn);
  }

  private write<T>(what: string, fn: () => Result<T>): Result<T> {
    return this.guarded('tracker_write_failed', what, fn);
  }

  private guarded<T>(code: string, what: string, fn: () => Result<T>): Result<T> {
    if (this.closed) return err('tracker_unavailable', 'the local tracker is closed');
    try {
      return fn();
    } catch (e) {
      return err(code, `local tracker could not ${what}: ${errorMessage(e)}`);
    }
  }
}
