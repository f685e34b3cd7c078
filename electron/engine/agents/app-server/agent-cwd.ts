import { stat } from 'node:fs/promises';
import path from 'node:path';
import { err, errorMessage, ok, type Result } from '../../lib/result.js';
import { assertAgentCwd } from '../../workspace/containment.js';

/**
 * SPEC §9.5 invariant 1, checked right before launch: the cwd the agent gets is its workspace path
 * (and lies under the workspace root when the caller names it), and that path is an existing
 * directory: spawning into a missing one would fail with a misleading ENOENT.
 */
export async function verifyAgentCwd(cwd: string, workspacePath: string, root?: string): Promise<Result<void>> {
  if (!path.isAbsolute(workspacePath)) return err('invalid_workspace_cwd', `workspace path must be absolute: ${workspacePath}`);
  const contained = assertAgentCwd(cwd, workspacePath, root);
  if (!contained.ok) return contained;
  try {
    const info = await stat(workspacePath);
    if (!info.isDirectory()) return err('invalid_workspace_cwd', `workspace path is not a directory: ${workspacePath}`);
    return ok(undefined);
  } catch (e) {
    return err('invalid_workspace_cwd', `workspace path is not usable: ${errorMessage(e)}`);
  }
}
