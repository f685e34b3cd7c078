import { lstat, mkdir, rm, rmdir } from 'node:fs/promises';
import path from 'node:path';
import type { ServiceConfig } from '../workflow/config-types.js';
import { childEnvironment, childEnvSecrets } from '../lib/child-env.js';
import { KeyedMutex } from '../lib/keyed-mutex.js';
import type { Logger } from '../lib/logger.js';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import { resolveInsideRoot } from './containment.js';
import { branchFor, GitWorktrees, type RepoInfo } from './git-worktree.js';
import type { HookName, HookRunner, HookRunOptions, HookRunResult } from './hooks.js';
import { CreationMarker } from './creation-marker.js';
import { execGit, type GitExec } from '../lib/git/git-exec.js';
import { GitClient } from '../lib/git/simple-git-client.js';
import { assessWorktree, holdsLandedWork, saveSnapshot } from './snapshot.js';
import type { RemovedWorkspace } from './removal-record.js';
import { clearStaleIndexLock } from './stale-lock.js';
import { removeTempArtifacts } from './temp-artifacts.js';
import { workspaceKey } from './workspace-key.js';

/** SPEC §5.3.4 default, used when the config carries a non-positive value. */
const DEFAULT_HOOK_TIMEOUT_MS = 60_000;

export interface WorkspaceManagerDeps {
  config: () => ServiceConfig;
  hooks: HookRunner;
  logger: Logger;
  /** Variables named by `$VAR` in the raw `tracker.provider.api_key` (or `tracker.api_key`), stripped from hook environments. */
  secretVarNames: () => string[];
  /** Values (the API token) no variable of a hook may hold. */
  secretValues?: () => string[];
  git?: GitExec;
  /** simple-git for the operations it parses (status, branch deletion); one of its own by default. */
  gitClient?: GitClient;
  /** The engine's per-repository lock, shared with every other writer of the repositories. */
  repoMutex?: KeyedMutex;
  /** Environment hooks start from (default `process.env`), before secrets are stripped. */
  baseEnv?: () => NodeJS.ProcessEnv;
  /** Told after a workspace was removed, with where its unsaved work went (removal-record.ts). */
  onRemoved?: (identifier: string, removed: RemovedWorkspace) => void;
}

export interface EnsuredWorkspace {
  path: string;
  key: string;
  createdNow: boolean;
  /** Branch checked out in the worktree (git mode), null in plain mode or on a detached HEAD. */
  branch: string | null;
  baseBranch: string | null;
  /** What was repaired in a reused workspace before handing it out (a stale git lock removed), for the run's trace. */
  repairs: string[];
}

export interface RunHookOptions {
  identifier?: string;
  onOutput?: HookRunOptions['onOutput'];
  signal?: AbortSignal;
  /** Added to the hook's environment (e.g. `BATON_CHECK` when it prepares a check's copy). */
  env?: Record<string, string>;
}

/**
 * Per-issue workspaces (SPEC §9): `<workspace.root>/<workspaceKey(identifier)>`, a plain directory,
 * or — Baton's extension, when `workspace.repo` is set — a git worktree on branch `baton/<key>`.
 * Operations on one workspace are serialized; removal never deletes unsaved work (snapshot.ts).
 */
export class WorkspaceManager {
  private readonly worktrees: GitWorktrees;
  private readonly git: GitExec | undefined;
  private readonly gitClient: GitClient;
  /** One operation at a time per workspace path: ensure and remove of one issue must not interleave. */
  private readonly workspaceLocks = new KeyedMutex();
  private readonly inFlight = new Set<Promise<unknown>>();
  private disposed = false;

  constructor(private readonly deps: WorkspaceManagerDeps) {
    this.git = deps.git;
    this.gitClient = deps.gitClient ?? new GitClient();
    this.worktrees = new GitWorktrees({ git: deps.git, client: this.gitClient, mutex: deps.repoMutex });
  }

  /** The workspace path an identifier maps to (it may not exist yet). */
  pathFor(identifier: string): Promise<Result<string>> {
    return resolveInsideRoot(this.deps.config().workspace.root, workspaceKey(identifier));
  }

  ensure(identifier: string): Promise<Result<EnsuredWorkspace>> {
    return this.track(identifier, async (cfg, key, wsPath) => {
      const log = this.log(identifier, key);
      const marker = new CreationMarker(path.resolve(cfg.workspace.root), key);
      if (await marker.present()) {
        const discarded = await this.discardInterrupted(cfg, wsPath, log);
        if (!discarded.ok) return discarded;
        await marker.clear();
      }
      const made = cfg.workspace.repo ? await this.ensureWorktree(cfg, cfg.workspace.repo, key, wsPath, marker) : await this.ensureDirectory(key, wsPath, marker);
      // A failed creation keeps its marker: the next ensure discards whatever the failure left.
      if (!made.ok) return made;
      if (made.value.createdNow) {
        const hook = await this.runHook('after_create', wsPath, { identifier });
        if (!hook.ok) {
          // Nothing of value is in a workspace that just failed its first hook.
          await this.discardNew(cfg, key, wsPath, made.value.branchCreated, log);
          return hook;
        }
        await marker.clear();
      }
      for (const repair of made.value.repairs) log.warn({ workspace_path: wsPath }, repair);
      log.info({ workspace_path: wsPath, created_now: made.value.createdNow }, 'workspace ready');
      const { branchCreated: _unused, ...workspace } = made.value;
      return ok(workspace);
    });
  }

  /** Runs a configured hook in a workspace with `hooks.timeout_ms`; ok(null) when none is configured. */
  async runHook(name: HookName, workspacePath: string, options: RunHookOptions = {}): Promise<Result<HookRunResult | null>> {
    const cfg = this.deps.config();
    const script = cfg.hooks[name];
    if (!script || script.trim() === '') return ok(null);
    // Hooks obey the same invariant as agents: they run only inside the workspace root.
    const inside = await resolveInsideRoot(cfg.workspace.root, path.basename(workspacePath));
    if (!inside.ok || inside.value !== path.resolve(workspacePath)) {
      return err('invalid_workspace_cwd', `hook ${name} refused: ${workspacePath} is not a workspace under ${cfg.workspace.root}`);
    }
    const extra: Record<string, string> = { ...options.env, BATON_HOOK: name, BATON_WORKSPACE_PATH: inside.value, BATON_WORKSPACE_KEY: path.basename(inside.value) };
    if (options.identifier !== undefined) extra.BATON_ISSUE_IDENTIFIER = options.identifier;
    const secrets = childEnvSecrets(cfg, this.deps.secretVarNames(), this.deps.secretValues?.() ?? []);
    const env = childEnvironment((this.deps.baseEnv ?? (() => process.env))(), secrets, { extra });
    const timeoutMs = cfg.hooks.timeout_ms > 0 ? cfg.hooks.timeout_ms : DEFAULT_HOOK_TIMEOUT_MS;
    return this.deps.hooks.run(name, script, inside.value, { timeoutMs, env, onOutput: options.onOutput, signal: options.signal });
  }

  /**
   * Removes an issue's workspace: `before_remove` (failure ignored), then in git mode a snapshot of
   * unsaved work, worktree removal and branch deletion; in plain mode the directory. A missing
   * workspace is fine (ok with null). Anything that cannot be proven safe is refused, not deleted.
   * `landed`: the commit the landing queue made of this worktree's work; a worktree that still
   * holds exactly that, now in the base branch, needs no snapshot.
   */
  async remove(identifier: string, options: { landed?: string | null } = {}): Promise<Result<{ snapshotRef: string | null }>> {
    const removed = await this.removeNow(identifier, options.landed ?? null);
    if (removed.ok && removed.value !== null) this.deps.onRemoved?.(identifier, removed.value);
    return removed.ok ? ok({ snapshotRef: removed.value?.snapshotRef ?? null }) : removed;
  }

  /** What was removed, or null when there was nothing to remove. */
  private removeNow(identifier: string, landed: string | null): Promise<Result<RemovedWorkspace | null>> {
    return this.track(identifier, async (cfg, key, wsPath): Promise<Result<RemovedWorkspace | null>> => {
      const log = this.log(identifier, key);
      const stats = await lstat(wsPath).catch(() => null);
      if (stats === null) {
        if (cfg.workspace.repo) await this.pruneQuietly(cfg.workspace.repo);
        return ok(null);
      }
      if (!stats.isDirectory()) return notDirectory(wsPath);
      if (!cfg.workspace.repo) {
        const hookError = await this.beforeRemove(wsPath, identifier, log);
        await rm(wsPath, { recursive: true, force: true });
        log.info({ workspace_path: wsPath }, 'workspace removed');
        return ok({ path: wsPath, snapshotRef: null, hookError });
      }
      return this.removeWorktree(cfg, cfg.workspace.repo, identifier, key, wsPath, log, landed);
    });
  }

  /** Refuses new operations and waits for running ones (hooks are bounded by their timeouts). */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.allSettled([...this.inFlight]);
  }

  private async removeWorktree(cfg: ServiceConfig, repoPath: string, identifier: string, key: string, wsPath: string, log: Logger, landed: string | null): Promise<Result<RemovedWorkspace | null>> {
    const repo = await this.worktrees.openRepo(repoPath);
    if (!repo.ok) return repo;
    const state = await this.worktrees.inspect(repo.value, wsPath);
    if (state === 'empty_dir') {
      await rmdir(wsPath);
      return ok(null);
    }
    if (state !== 'worktree') return conflict(wsPath, repo.value);
    const hookError = await this.beforeRemove(wsPath, identifier, log);
    // An unknown base is not an error here: the assessment then treats every commit as unmerged.
    const base = await this.worktrees.resolveBase(repo.value, cfg.workspace.base_branch);
    const target = { repo: repo.value.path, worktree: wsPath, key };
    const assessment = await assessWorktree(target, base.ok ? base.value : null, this.git, this.gitClient);
    if (!assessment.ok) return assessment;
    let snapshotRef: string | null = null;
    const unsaved = assessment.value.dirty || assessment.value.unmerged;
    if (unsaved && landed !== null && (await holdsLandedWork(target, landed, base.ok ? base.value : null, this.git))) {
      log.info({ landed }, 'the work in the worktree is what landed; no snapshot needed');
    } else if (unsaved) {
      const reason = [assessment.value.dirty && 'uncommitted changes', assessment.value.unmerged && 'commits not in the base branch'].filter(Boolean).join(', ');
      const saved = await saveSnapshot(target, assessment.value, reason, this.git);
      if (!saved.ok) {
        log.error({ workspace_path: wsPath, err: saved.error.message }, 'snapshot failed; workspace kept');
        return err('snapshot_failed', `${saved.error.message}; the workspace was not removed`, { path: wsPath });
      }
      snapshotRef = saved.value.ref;
      log.info({ snapshot_ref: snapshotRef, commit: saved.value.commit, reason }, 'workspace saved before removal');
    }
    // `--force` is safe only from here on: whatever it discards is in the verified snapshot ref (or
    // there was nothing to discard). Without --force git refuses any worktree with untracked files.
    const removed = await this.worktrees.remove(repo.value, wsPath, branchFor(key));
    if (!removed.ok) return removed;
    if (removed.value.branchError) log.warn({ err: removed.value.branchError }, 'workspace branch kept');
    log.info({ workspace_path: wsPath, snapshot_ref: snapshotRef }, 'workspace removed');
    return ok({ path: wsPath, snapshotRef, hookError });
  }

  private async ensureDirectory(key: string, wsPath: string, marker: CreationMarker): Promise<Result<EnsuredWorkspace & { branchCreated: boolean }>> {
    const stats = await lstat(wsPath).catch(() => null);
    if (stats !== null && !stats.isDirectory()) return notDirectory(wsPath);
    if (stats === null) {
      try {
        await marker.set();
        await mkdir(wsPath);
      } catch (e) {
        // Nothing was made: a marker left now could later take someone else's directory for ours.
        await marker.clear().catch(() => undefined);
        return err('workspace_create_failed', `cannot create workspace ${wsPath}: ${errorMessage(e)}`);
      }
    }
    await removeTempArtifacts(wsPath);
    return ok({ path: wsPath, key, createdNow: stats === null, branch: null, baseBranch: null, branchCreated: false, repairs: [] });
  }

  private async ensureWorktree(cfg: ServiceConfig, repoPath: string, key: string, wsPath: string, marker: CreationMarker): Promise<Result<EnsuredWorkspace & { branchCreated: boolean }>> {
    const repo = await this.worktrees.openRepo(repoPath);
    if (!repo.ok) return repo;
    const base = await this.worktrees.resolveBase(repo.value, cfg.workspace.base_branch);
    if (!base.ok) return base;
    const state = await this.worktrees.inspect(repo.value, wsPath);
    if (state === 'not_directory') return notDirectory(wsPath);
    if (state === 'foreign_dir') return conflict(wsPath, repo.value);
    let branchCreated = false;
    const repairs: string[] = [];
    if (state === 'worktree') {
      await removeTempArtifacts(wsPath, (name) => this.worktrees.isTracked(wsPath, name));
      // No agent of this ticket runs now: a lock nobody holds would make every git of the next one fail.
      const lock = await clearStaleIndexLock(wsPath, { git: this.git ?? execGit });
      if (lock.ok && lock.value !== null) repairs.push(`removed ${lock.value}, left by a git that was killed`);
      if (!lock.ok) this.deps.logger.warn({ workspace_path: wsPath, err: lock.error.message }, 'git lock in the workspace kept');
    } else {
      await marker.set();
      const added = await this.worktrees.add(repo.value, wsPath, key, base.value);
      if (!added.ok) return added;
      branchCreated = added.value.branchCreated;
    }
    const branch = await this.worktrees.currentBranch(wsPath);
    return ok({ path: wsPath, key, createdNow: state !== 'worktree', branch, baseBranch: base.value, branchCreated, repairs });
  }

  private async discardNew(cfg: ServiceConfig, key: string, wsPath: string, branchCreated: boolean, log: Logger): Promise<void> {
    if (!cfg.workspace.repo) {
      await rm(wsPath, { recursive: true, force: true });
      return;
    }
    const repo = await this.worktrees.openRepo(cfg.workspace.repo);
    // A branch that existed before this call holds an earlier attempt's commits: keep it.
    const removed = repo.ok ? await this.worktrees.remove(repo.value, wsPath, branchCreated ? branchFor(key) : null) : repo;
    if (!removed.ok) log.warn({ err: removed.error.message, workspace_path: wsPath }, 'could not discard the failed workspace');
  }

  /**
   * Discards what an engine killed while making this workspace left at its path (see
   * creation-marker.ts): never handed to an agent, it holds nothing but creation's own output. A
   * worktree's branch is kept (it may be an earlier attempt's); anything not ours is refused.
   */
  private async discardInterrupted(cfg: ServiceConfig, wsPath: string, log: Logger): Promise<Result<void>> {
    log.warn({ workspace_path: wsPath }, 'an earlier engine stopped while making this workspace; making it again');
    if (!cfg.workspace.repo) {
      await rm(wsPath, { recursive: true, force: true });
      return ok(undefined);
    }
    const repo = await this.worktrees.openRepo(cfg.workspace.repo);
    if (!repo.ok) return repo;
    const state = await this.worktrees.inspect(repo.value, wsPath);
    if (state === 'not_directory') return notDirectory(wsPath);
    if (state === 'foreign_dir') return conflict(wsPath, repo.value);
    return this.worktrees.discard(repo.value, wsPath);
  }

  /** Runs `before_remove`; its failure is only reported (returned), never a reason to keep the workspace. */
  private async beforeRemove(wsPath: string, identifier: string, log: Logger): Promise<string | null> {
    const hook = await this.runHook('before_remove', wsPath, { identifier });
    if (hook.ok) return null;
    log.warn({ code: hook.error.code, err: hook.error.message }, 'before_remove hook failed; removing anyway');
    return hook.error.message;
  }

  private async pruneQuietly(repoPath: string): Promise<void> {
    const repo = await this.worktrees.openRepo(repoPath);
    if (repo.ok) await this.worktrees.prune(repo.value);
  }

  /** Resolves the workspace path, then runs `fn` under that workspace's lock, tracked for dispose. */
  private async track<T>(identifier: string, fn: (cfg: ServiceConfig, key: string, wsPath: string) => Promise<Result<T>>): Promise<Result<T>> {
    if (this.disposed) return err('workspace_manager_disposed', 'the workspace manager is shut down');
    const cfg = this.deps.config();
    const key = workspaceKey(identifier);
    const root = path.resolve(cfg.workspace.root);
    try {
      await mkdir(root, { recursive: true });
    } catch (e) {
      return err('workspace_root_unavailable', `cannot create workspace root ${root}: ${errorMessage(e)}`);
    }
    const wsPath = await resolveInsideRoot(root, key);
    if (!wsPath.ok) return wsPath;
    const run = this.workspaceLocks.run(wsPath.value, async (): Promise<Result<T>> => {
      try {
        return await fn(cfg, key, wsPath.value);
      } catch (e) {
        // File system surprises (permissions, a full disk) become a result, never a crashed caller.
        return err('workspace_error', `workspace ${wsPath.value}: ${errorMessage(e)}`, { path: wsPath.value });
      }
    });
    this.inFlight.add(run);
    try {
      return await run;
    } finally {
      this.inFlight.delete(run);
    }
  }

  private log(identifier: string, key: string): Logger {
    return this.deps.logger.child({ issue_identifier: identifier, workspace_key: key });
  }
}

function notDirectory(wsPath: string): { ok: false; error: { code: string; message: string } } {
  return err('workspace_path_not_directory', `${wsPath} exists and is not a directory; Baton never deletes it — move it away`, { path: wsPath });
}

function conflict(wsPath: string, repo: RepoInfo): { ok: false; error: { code: string; message: string } } {
  return err('workspace_conflict', `${wsPath} exists but is not a worktree of ${repo.path}; move it away or remove it`, { path: wsPath, repo: repo.path });
}
