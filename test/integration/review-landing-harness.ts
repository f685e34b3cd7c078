import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { Issue } from '../../shared/domain/issue.js';
import { systemClock } from '../../electron/engine/lib/clock.js';
import { KeyedMutex } from '../../electron/engine/lib/keyed-mutex.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { err, type Result } from '../../electron/engine/lib/result.js';
import { CheckRunner } from '../../electron/engine/review/checks/check-runner.js';
import { LandingQueue } from '../../electron/engine/review/landing/landing-queue.js';
import type { LandingQueueDeps } from '../../electron/engine/review/landing/landing-types.js';
import { AuditStore } from '../../electron/engine/store/audit-store.js';
import { openDatabase, type SqliteDatabase } from '../../electron/engine/store/database.js';
import { LandingStore, type StoredLanding } from '../../electron/engine/store/landing-store.js';
import { ReviewStore } from '../../electron/engine/store/review-store.js';
import { STORE_MIGRATIONS } from '../../electron/engine/store/store-migrations.js';
import { TerminalRegistry } from '../../electron/engine/terminals/terminal-registry.js';
import { LocalTracker } from '../../electron/engine/tracker/local/local-tracker.js';
import type { Tracker, TrackerWriter } from '../../electron/engine/tracker/tracker.js';
import type { ServiceConfig } from '../../electron/engine/workflow/config-types.js';
import { CheckCopies } from '../../electron/engine/workspace/check-copies.js';
import { GitWorktrees } from '../../electron/engine/workspace/git-worktree.js';
import { HookRunner } from '../../electron/engine/workspace/hooks.js';
import { WorkspaceManager } from '../../electron/engine/workspace/workspace-manager.js';
import { testConfig } from '../fixtures/service-config.js';
import { git, makeRepo, tempDir } from './workspace-helpers.js';

export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/**
 * A real landing setup in a temp dir: a repository whose main checkout has `main` checked out,
 * worktrees under a workspace root made by the real WorkspaceManager, the real local tracker,
 * a real SQLite store and checks in real ptys.
 */
export class LandingHarness {
  config!: ServiceConfig;
  tracker!: LocalTracker;
  db!: SqliteDatabase;
  stores!: { landings: LandingStore; audits: AuditStore; reviews: ReviewStore };
  workspaces!: WorkspaceManager;
  hooks!: HookRunner;
  terminals!: TerminalRegistry;
  checks!: CheckRunner;
  queue!: LandingQueue;
  repoMutex = new KeyedMutex();
  /** What the injected random() returns. */
  random = 0.5;
  changes = 0;
  private readonly queues: LandingQueue[] = [];

  private constructor(
    readonly dir: string,
    readonly repo: string,
    readonly root: string,
    private readonly cleanupDir: () => Promise<void>,
  ) {}

  static async create(files: Record<string, string> = { 'README.md': 'hello\n', 'src/app.ts': 'export const app = 1;\n' }): Promise<LandingHarness> {
    const { dir, cleanup } = await tempDir('landing');
    const repo = await makeRepo(path.join(dir, 'repo'), files);
    const h = new LandingHarness(dir, repo, path.join(dir, 'workspaces'), cleanup);
    h.config = testConfig({
      tracker: { provider: { path: path.join(dir, 'tickets.db'), prefix: 'BAT' } },
      workspace: { root: h.root, repo, base_branch: null },
      hooks: { timeout_ms: 10_000 },
      review: { checks_timeout_ms: 20_000 },
    });
    const settings = () => ({ states: h.config.tracker.states, active_states: h.config.tracker.active_states, terminal_states: h.config.tracker.terminal_states });
    h.tracker = value(LocalTracker.open({ path: path.join(dir, 'tickets.db'), prefix: 'BAT', settings, clock: systemClock }));
    h.db = openDatabase(path.join(dir, 'state.db'), { migrations: STORE_MIGRATIONS, busyTimeoutMs: 0 });
    h.stores = { landings: new LandingStore(h.db), audits: new AuditStore(h.db), reviews: new ReviewStore(h.db) };
    h.hooks = new HookRunner({ logger: silentLogger(), killGraceMs: 200 });
    h.workspaces = new WorkspaceManager({ config: () => h.config, hooks: h.hooks, logger: silentLogger(), secretVarNames: () => [], repoMutex: h.repoMutex });
    h.terminals = new TerminalRegistry({ rawLogDir: null });
    h.checks = new CheckRunner({ terminals: h.terminals, config: () => h.config, copies: h.checkCopies(), setup: (copy, o) => h.workspaces.runHook('after_create', copy, o), killGraceMs: 200 });
    h.queue = h.makeQueue();
    return h;
  }

  /** Check copies over the harness's repository, under the same repository lock as its worktrees. */
  checkCopies(): CheckCopies {
    return new CheckCopies({ config: () => this.config, worktrees: new GitWorktrees({ mutex: this.repoMutex }), logger: silentLogger() });
  }

  /** A queue over the same repository, tracker and store (a restarted engine makes a new one). */
  makeQueue(overrides: Partial<LandingQueueDeps> = {}): LandingQueue {
    const queue = new LandingQueue({
      config: () => this.config,
      tracker: this.tracker as Tracker,
      store: this.stores,
      workspaces: this.workspaces,
      checks: this.checks,
      copies: this.checkCopies(),
      clock: systemClock,
      logger: silentLogger(),
      random: () => this.random,
      onChange: () => void this.changes++,
      repoMutex: this.repoMutex,
      ...overrides,
    });
    this.queues.push(queue);
    return queue;
  }

  /** A ticket (in `state`) with its worktree on `baton/<key>`. */
  async ticket(title: string, state = 'Merging'): Promise<{ issue: Issue; wt: string }> {
    const issue = value(await this.tracker.createIssue({ title, state }));
    const ws = value(await this.workspaces.ensure(issue.identifier));
    return { issue, wt: ws.path };
  }

  /** Writes files in a worktree and, unless `commit` is false, commits them. */
  async work(wt: string, files: Record<string, string>, commit: string | false = 'agent work'): Promise<void> {
    for (const [name, content] of Object.entries(files)) {
      await mkdir(path.dirname(path.join(wt, name)), { recursive: true });
      await writeFile(path.join(wt, name), content);
    }
    if (commit === false) return;
    await git(wt, 'add', '-A');
    await git(wt, 'commit', '-q', '-m', commit);
  }

  /** Commits files directly on main in the main checkout (someone else landing meanwhile). */
  async commitOnMain(files: Record<string, string>, message = 'other work'): Promise<string> {
    await this.work(this.repo, files, message);
    return git(this.repo, 'rev-parse', 'main');
  }

  async enqueueAndLand(issue: Issue, queue = this.queue): Promise<StoredLanding> {
    const entry = value(await queue.enqueue({ kind: 'ticket', issue }));
    await queue.tick();
    return value(this.stores.landings.get(entry.id));
  }

  async state(identifier: string): Promise<string | undefined> {
    return value(await this.tracker.getIssue(identifier))?.state;
  }

  readMain(file: string): Promise<string> {
    return git(this.repo, 'show', `main:${file}`);
  }

  readCheckout(file: string): Promise<string> {
    return readFile(path.join(this.repo, file), 'utf8');
  }

  async close(): Promise<void> {
    for (const q of this.queues) await q.dispose();
    await this.checks.dispose();
    await this.workspaces.dispose();
    await this.hooks.dispose();
    await this.terminals.dispose();
    this.tracker.dispose();
    if (this.db.open) this.db.close();
    await this.cleanupDir();
  }
}

/** The real tracker, except that state changes fail ("database is locked") while `failing()`. */
export function flakyTracker(real: LocalTracker, failing: () => boolean): Tracker {
  const writer: TrackerWriter = {
    listIssues: () => real.listIssues(),
    getIssue: (id) => real.getIssue(id),
    createIssue: (input) => real.createIssue(input),
    updateIssue: async (id, patch) => (failing() ? err('tracker_write_failed', 'database is locked') : real.updateIssue(id, patch)),
    addComment: (id, body, author) => real.addComment(id, body, author),
    listComments: (id) => real.listComments(id),
  };
  return {
    kind: 'local',
    writer,
    fetchCandidateIssues: () => real.fetchCandidateIssues(),
    fetchIssuesByStates: (states) => real.fetchIssuesByStates(states),
    fetchIssueStatesByIds: (ids) => real.fetchIssueStatesByIds(ids),
    onIssueChanged: (listener) => real.onIssueChanged(listener),
    dispose: () => undefined,
  };
}
