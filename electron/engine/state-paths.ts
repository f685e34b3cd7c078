import path from 'node:path';

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
