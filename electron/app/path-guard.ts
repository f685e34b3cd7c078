import { realpath, stat } from 'node:fs/promises';
import path from 'node:path';
import { err, ok, type Result } from '../engine/lib/result.js';

export interface AllowedPath {
  path: string;
  isDirectory: boolean;
}

/**
 * The real path of `candidate` when it exists and lies inside one of `roots` (symlinks resolved on
 * both sides, so a link inside a worktree cannot point the file manager somewhere else).
 */
export async function resolveInsideRoots(candidate: string, roots: readonly string[]): Promise<Result<AllowedPath>> {
  let real: string;
  try {
    real = await realpath(candidate);
  } catch {
    return err('path-not-found', `no such file or folder: ${candidate}`);
  }
  for (const root of roots) {
    const realRoot = await realpath(root).catch(() => null);
    if (realRoot === null) continue;
    if (real === realRoot || real.startsWith(realRoot.endsWith(path.sep) ? realRoot : realRoot + path.sep)) {
      const info = await stat(real);
      return ok({ path: real, isDirectory: info.isDirectory() });
    }
  }
  return err('path-outside-workspace', `${candidate} is outside the workflow folder and the workspace root`);
}
