import path from 'node:path';
import { ensurePrivateDir, tightenTree } from './lib/private-files.js';

/**
 * Where the engine keeps its own files for one workflow: `.baton/` beside WORKFLOW.md, like the
 * local tracker's default database. Keeping history next to the workflow means a restart of the
 * same workflow finds it again, and two workflows never share state.
 */
export interface StatePaths {
  dir: string;
  database: string;
  sessions: string;
  prompts: string;
  logs: string;
}

export function statePaths(workflowPath: string): StatePaths {
  const dir = path.join(path.dirname(workflowPath), '.baton');
  return {
    dir,
    database: path.join(dir, 'state.db'),
    sessions: path.join(dir, 'sessions'),
    prompts: path.join(dir, 'prompts'),
    logs: path.join(dir, 'logs'),
  };
}

/**
 * Creates `.baton/` and its subdirectories owner-only (0700), and takes the group's and others'
 * bits off everything already in it (an install from before state was private: databases, logs,
 * prompts). Throws when a directory cannot be made; returns the entries it could not tighten.
 */
export async function preparePrivateState(paths: StatePaths): Promise<string[]> {
  await ensurePrivateDir(paths.dir);
  await Promise.all([paths.sessions, paths.prompts, paths.logs].map((dir) => ensurePrivateDir(dir)));
  return tightenTree(paths.dir);
}
