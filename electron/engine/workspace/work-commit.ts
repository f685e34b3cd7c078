import { err, ok, type Result } from '../lib/result.js';
import { gitFailure, type GitExec } from '../lib/git/git-exec.js';
import { identityFlags } from './git-identity.js';
import { treeOf, workingTreeOf } from './worktree-tree.js';

/** Keeps read-only git calls from refreshing (writing) the worktree's real index. */
const READ_ONLY_ENV = { GIT_OPTIONAL_LOCKS: '0' } as const;

export interface WorkCommit {
  /** The worktree's HEAD when the commit was made. */
  head: string;
  /** The tree of the worktree's files as they were on disk (committed and uncommitted work). */
  tree: string;
  /** HEAD itself when nothing was uncommitted, else a new commit of `tree` whose parent is HEAD. */
  commit: string;
}

/**
 * The ticket's work as one commit — HEAD plus everything uncommitted, untracked files included —
 * written without touching the worktree's index or files (see worktree-tree.ts), so it can be
 * taken while an agent works there. Checks run on a copy of it; the commit is referenced by
 * nothing but that copy's HEAD, and git's garbage collection keeps unreferenced new objects for
 * two weeks.
 */
export async function commitOfWork(git: GitExec, worktree: string, tmpDir: string, message: string): Promise<Result<WorkCommit>> {
  const headOut = await git(['rev-parse', '--verify', '--quiet', 'HEAD^{commit}'], { cwd: worktree, env: { ...READ_ONLY_ENV } });
  if (headOut.code !== 0) return err('git_failed', `cannot read HEAD of ${worktree}: ${gitFailure(headOut)}`);
  const head = headOut.stdout.trim();
  const [tree, headTree] = await Promise.all([workingTreeOf(git, worktree, tmpDir), treeOf(git, worktree, head)]);
  if (!tree.ok) return tree;
  if (!headTree.ok) return headTree;
  if (tree.value === headTree.value) return ok({ head, tree: tree.value, commit: head });
  const made = await commitTree(git, worktree, tree.value, [head], message);
  return made.ok ? ok({ head, tree: tree.value, commit: made.value }) : made;
}

/** `git commit-tree` with Baton's fallback identity; the new commit is not put on any ref. */
export async function commitTree(git: GitExec, cwd: string, tree: string, parents: readonly string[], message: string): Promise<Result<string>> {
  const identity = await identityFlags(git, cwd);
  const out = await git([...identity, 'commit-tree', tree, ...parents.flatMap((p) => ['-p', p]), '-m', message], { cwd });
  if (out.code !== 0) return err('git_failed', `git commit-tree failed in ${cwd}: ${gitFailure(out)}`);
  return ok(out.stdout.trim());
}
