import { lstat, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';

/**
 * Name prefix of creation markers in the workspace root. Workspace keys never start with `.`
 * (workspace-key.ts), so a marker can never be mistaken for a workspace, nor for a check copy.
 */
export const CREATION_MARKER_PREFIX = '.baton-creating-';

/**
 * `<workspace.root>/.baton-creating-<key>`: written just before a workspace is made (a worktree
 * added, a directory created) and removed once it is ready — checked out and `after_create` passed.
 * A marker found later means an engine was killed while making that workspace: what is at the path
 * is half made (a worktree registered but never checked out, a checkout cut short, a hook that never
 * finished) and was never handed to an agent, so it holds nothing but what creation put there.
 */
export class CreationMarker {
  readonly path: string;

  constructor(root: string, key: string) {
    this.path = path.join(root, `${CREATION_MARKER_PREFIX}${key}`);
  }

  async present(): Promise<boolean> {
    return (await lstat(this.path).catch(() => null)) !== null;
  }

  async set(): Promise<void> {
    await writeFile(this.path, `${new Date().toISOString()} pid ${process.pid}\n`, { mode: 0o600 });
  }

  async clear(): Promise<void> {
    await rm(this.path, { force: true });
  }
}
