import { randomUUID } from 'node:crypto';
import { mkdir, readdir, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Logger } from '../lib/logger.js';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import { resolveInsideRoot } from './containment.js';
import type { GitWorktrees } from './git-worktree.js';
import { workspaceKey } from './workspace-key.js';

/**
 * Name prefix of check copies in the workspace root. Workspace keys never start with `.`
 * (workspace-key.ts), so no ticket's workspace can be mistaken for a copy, or the other way round.
 */
export const CHECK_COPY_PREFIX = '.baton-check-';

export interface CheckCopiesDeps {
  config: () => ServiceConfig;
  worktrees: GitWorktrees;
  logger: Logger;
  newId?: () => string;
}

/**
 * Disposable worktrees that checks run in: `<workspace.root>/.baton-check-<key>-<id>`, detached at
 * the commit being checked. A check never runs in a ticket's worktree, where its agent may be
 * writing (DESIGN.md safety rules; issue 7's P0: a check's cleanup deleted an agent's new files).
 * Everything in a copy is the copy's own, so removing it whole is always safe; copies left by a
 * killed engine are swept at the next start.
 */
export class CheckCopies {
  constructor(private readonly deps: CheckCopiesDeps) {}

  /** Checks `commit` of `workspace.repo` out into a new copy and returns the copy's path. */
  async create(commit: string, label: string): Promise<Result<string>> {
    const cfg = this.deps.config();
    if (!cfg.workspace.repo) return err('checks_not_configured', 'checks need workspace.repo: they run on a copy of the ticket’s worktree');
    const repo = await this.deps.worktrees.openRepo(cfg.workspace.repo);
    if (!repo.ok) return repo;
    try {
      await mkdir(cfg.workspace.root, { recursive: true });
    } catch (e) {
      return err('workspace_root_unavailable', `cannot create workspace root ${cfg.workspace.root}: ${errorMessage(e)}`);
    }
    const id = (this.deps.newId ?? (() => randomUUID().slice(0, 8)))();
    const copyPath = await resolveInsideRoot(cfg.workspace.root, `${CHECK_COPY_PREFIX}${workspaceKey(label)}-${id}`);
    if (!copyPath.ok) return copyPath;
    const added = await this.deps.worktrees.addDetached(repo.value, copyPath.value, commit);
    return added.ok ? ok(copyPath.value) : added;
  }

  /**
   * Deletes a copy with its registration, whatever state it is in (one a killed engine left may be
   * half made, or locked by a killed `git worktree add`). Never throws.
   */
  async remove(copyPath: string): Promise<void> {
    if (!path.basename(copyPath).startsWith(CHECK_COPY_PREFIX)) {
      this.deps.logger.error({ path: copyPath }, 'refused to remove a directory that is not a check copy');
      return;
    }
    const cfg = this.deps.config();
    const repo = cfg.workspace.repo ? await this.deps.worktrees.openRepo(cfg.workspace.repo) : null;
    if (repo?.ok) {
      const removed = await this.deps.worktrees.discard(repo.value, copyPath);
      if (!removed.ok) this.deps.logger.warn({ path: copyPath, err: removed.error.message }, 'check copy not removed');
      return;
    }
    try {
      await rm(copyPath, { recursive: true, force: true });
    } catch (e) {
      this.deps.logger.warn({ path: copyPath, err: errorMessage(e) }, 'check copy not removed');
    }
  }

  /** Removes every copy in the workspace root: at start, nothing can be running in one. */
  async sweep(): Promise<string[]> {
    const root = this.deps.config().workspace.root;
    const names = await readdir(root).catch(() => [] as string[]);
    const copies = names.filter((n) => n.startsWith(CHECK_COPY_PREFIX)).map((n) => path.join(root, n));
    for (const copy of copies) await this.remove(copy);
    if (copies.length > 0) this.deps.logger.info({ count: copies.length }, 'removed check copies left by an earlier run');
    return copies;
  }
}
