import path from 'node:path';
import type { Issue } from '../../shared/domain/issue.js';
import { systemClock } from '../../electron/engine/lib/clock.js';
import { KeyedMutex } from '../../electron/engine/lib/keyed-mutex.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import type { Result } from '../../electron/engine/lib/result.js';
import { CheckRunner } from '../../electron/engine/review/checks/check-runner.js';
import { LandingQueue } from '../../electron/engine/review/landing/landing-queue.js';
import { Store } from '../../electron/engine/store/store.js';
import { TerminalRegistry } from '../../electron/engine/terminals/terminal-registry.js';
import { LocalTracker } from '../../electron/engine/tracker/local/local-tracker.js';
import type { ReviewConfig, ServiceConfig } from '../../electron/engine/workflow/config-types.js';
import type { GitExec } from '../../electron/engine/lib/git/git-exec.js';
import type { GitClient } from '../../electron/engine/lib/git/simple-git-client.js';
import { CheckCopies } from '../../electron/engine/workspace/check-copies.js';
import { GitWorktrees } from '../../electron/engine/workspace/git-worktree.js';
import { HookRunner } from '../../electron/engine/workspace/hooks.js';
import { WorkspaceManager } from '../../electron/engine/workspace/workspace-manager.js';
import { benchConfig } from '../worktrees/bench-config.js';

export function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

/** The local tracker's default states (issue 4): Merging is the queue's, Rework is active again. */
const STATES = ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Rework', 'Merging', 'Done', 'Cancelled'];

/**
 * What the engine's review loop runs on, built as the engine builds it, in `dir`: the local
 * tracker and the history Store (SQLite files), a WorkspaceManager in git mode over `repo` (base
 * `main`, checked out in the main checkout), a HookRunner without hooks, a TerminalRegistry
 * without raw logs and a CheckRunner over it.
 */
export class ReviewRig {
  readonly config: ServiceConfig;
  readonly tracker: LocalTracker;
  readonly store: Store;
  readonly hooks = new HookRunner({ logger: silentLogger() });
  readonly terminals = new TerminalRegistry({ rawLogDir: null });
  readonly repoMutex = new KeyedMutex();
  readonly workspaces: WorkspaceManager;
  readonly checks: CheckRunner;
  private readonly copies: CheckCopies;
  private readonly queues: LandingQueue[] = [];

  /**
   * `git` and `gitClient` run every git call of the workspaces and queues (the engine's execGit and
   * a GitClient of their own, or counting ones).
   */
  constructor(dir: string, repo: string, review: Partial<ReviewConfig> = {}, private readonly git?: GitExec, private readonly gitClient?: GitClient) {
    const base = benchConfig(path.join(dir, 'workspaces'), repo);
    const tracker = { ...base.tracker, states: STATES, active_states: ['Todo', 'In Progress', 'Rework'], provider: { path: path.join(dir, 'tickets.db'), prefix: 'BENCH' } };
    this.config = { ...base, tracker, review: { ...base.review, ...review } };
    const settings = () => ({ states: STATES, active_states: tracker.active_states, terminal_states: tracker.terminal_states });
    this.tracker = value(LocalTracker.open({ path: tracker.provider.path, prefix: 'BENCH', settings, clock: systemClock }));
    this.store = value(Store.open({ path: path.join(dir, 'state.db'), clock: systemClock, logger: silentLogger() }));
    this.workspaces = new WorkspaceManager({ config: () => this.config, hooks: this.hooks, logger: silentLogger(), secretVarNames: () => [], repoMutex: this.repoMutex, git, gitClient });
    this.copies = new CheckCopies({ config: () => this.config, worktrees: new GitWorktrees({ git, client: gitClient, mutex: this.repoMutex }), logger: silentLogger() });
    this.checks = new CheckRunner({ terminals: this.terminals, config: () => this.config, copies: this.copies, setup: (copy, o) => this.workspaces.runHook('after_create', copy, o), logger: silentLogger() });
  }

  /** A ticket in `state` with its worktree (on `baton/<key>`) made by the WorkspaceManager. */
  async ticket(title: string, state: string): Promise<{ issue: Issue; worktree: string }> {
    const issue = value(await this.tracker.createIssue({ title, state }));
    const ws = value(await this.workspaces.ensure(issue.identifier));
    return { issue, worktree: ws.path };
  }

  queue(): LandingQueue {
    const queue = new LandingQueue({
      config: () => this.config,
      tracker: this.tracker,
      store: this.store,
      workspaces: this.workspaces,
      checks: this.checks,
      copies: this.copies,
      clock: systemClock,
      logger: silentLogger(),
      random: Math.random,
      onChange: () => undefined,
      repoMutex: this.repoMutex,
      git: this.git,
      gitClient: this.gitClient,
    });
    this.queues.push(queue);
    return queue;
  }

  /** In the engine's order: queues, then checks, workspaces, hooks, terminals, stores. */
  async dispose(): Promise<void> {
    for (const q of this.queues) await q.dispose();
    await this.checks.dispose();
    await this.workspaces.dispose();
    await this.hooks.dispose();
    await this.terminals.dispose();
    this.tracker.dispose();
    this.store.dispose();
  }
}
