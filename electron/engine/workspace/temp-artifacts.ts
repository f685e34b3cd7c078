import { lstat, rm } from 'node:fs/promises';
import path from 'node:path';
import type { Result } from '../lib/result.js';

/** Top-level leftovers removed while preparing a workspace (SPEC §17.2). */
export const TEMP_ARTIFACTS: readonly string[] = ['tmp', '.elixir_ls'];

/**
 * Removes the temporary artifacts at the top of `workspacePath`. `isTracked`, given in git mode,
 * keeps any artifact that holds tracked files: deleting those would be a change to the work, not
 * cleanup. Returns the names removed.
 */
export async function removeTempArtifacts(
  workspacePath: string,
  isTracked?: (name: string) => Promise<Result<boolean>>,
): Promise<string[]> {
  const removed: string[] = [];
  for (const name of TEMP_ARTIFACTS) {
    const target = path.join(workspacePath, name);
    if ((await lstat(target).catch(() => null)) === null) continue;
    if (isTracked) {
      const tracked = await isTracked(name);
      // When git cannot tell, keep it: leaving a temp dir is harmless, deleting work is not.
      if (!tracked.ok || tracked.value) continue;
    }
    await rm(target, { recursive: true, force: true });
    removed.push(name);
  }
  return removed;
}
