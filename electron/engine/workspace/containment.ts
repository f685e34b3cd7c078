import { lstat, realpath } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../lib/result.js';

/**
 * Path safety for workspaces (SPEC §9.5 invariants 1 and 2). Every create and remove goes through
 * {@link resolveInsideRoot}; the agent launcher checks its cwd with {@link assertAgentCwd}.
 */

/** True when `candidate` is strictly below `root` (both absolute and normalized). */
export function isStrictlyInside(root: string, candidate: string): boolean {
  const rel = path.relative(root, candidate);
  return rel !== '' && rel !== '..' && !rel.startsWith(`..${path.sep}`) && !path.isAbsolute(rel);
}

/**
 * Absolute path of `<root>/<key>`, with `root` normalized and, when it exists, resolved through
 * symlinks so the returned path is the one the kernel will use. Rejects (`workspace_outside_root`)
 * a key that escapes the root (`..`, absolute) and an existing symlink at the workspace
 * path whose target leaves the root: deleting or running an agent "in" it would act outside. A key
 * with separators that stays inside is still refused (`invalid_workspace_key`).
 */
export async function resolveInsideRoot(root: string, key: string): Promise<Result<string>> {
  const absRoot = path.resolve(root);
  const realRoot = await realpath(absRoot).catch(() => absRoot);
  const candidate = path.resolve(realRoot, key);
  if (!isStrictlyInside(realRoot, candidate)) {
    return err('workspace_outside_root', `workspace key "${key}" resolves outside the workspace root ${realRoot}`, {
      root: realRoot,
      path: candidate,
    });
  }
  if (path.dirname(candidate) !== realRoot) {
    // A nested key would leave empty parents behind on removal and share them between issues.
    return err('invalid_workspace_key', `workspace key "${key}" must be a single path component`, { key });
  }
  const stats = await lstat(candidate).catch(() => null);
  if (stats?.isSymbolicLink()) {
    const target = await realpath(candidate).catch(() => null);
    if (target === null || !isStrictlyInside(realRoot, target)) {
      return err('workspace_outside_root', `workspace path ${candidate} is a symlink that leaves the workspace root`, {
        root: realRoot,
        path: candidate,
        target,
      });
    }
  }
  return ok(candidate);
}

/**
 * Invariant 1: an agent starts only with cwd equal to its workspace path. When `root` is given the
 * workspace itself must also lie strictly under it. Pure path check (no file system access), so the
 * launcher can call it right before spawning.
 */
export function assertAgentCwd(cwd: string, workspacePath: string, root?: string): Result<void> {
  const resolvedCwd = path.resolve(cwd);
  const resolvedWorkspace = path.resolve(workspacePath);
  if (resolvedCwd !== resolvedWorkspace) {
    return err('invalid_workspace_cwd', `agent cwd ${resolvedCwd} is not the workspace path ${resolvedWorkspace}`, {
      cwd: resolvedCwd,
      workspace_path: resolvedWorkspace,
    });
  }
  if (root !== undefined && !isStrictlyInside(path.resolve(root), resolvedWorkspace)) {
    return err('invalid_workspace_cwd', `workspace path ${resolvedWorkspace} is outside the workspace root ${path.resolve(root)}`, {
      cwd: resolvedCwd,
      root: path.resolve(root),
    });
  }
  return ok(undefined);
}
