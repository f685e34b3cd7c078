import { ALWAYS_STRIPPED_VARS } from '../child-env.js';

/**
 * The environment every git Baton starts runs with, whichever runner starts it (git-exec.ts,
 * git-stream.ts, simple-git-client.ts): the engine's own, minus the variables that would point git
 * at another repository, index or worktree than the one asked for — set, for example, when the
 * engine itself is started from inside a git hook — and with credential prompts off, since no
 * person is there to answer one. `extra` (a private `GIT_INDEX_FILE`, `GIT_OPTIONAL_LOCKS`) is
 * applied last. The variables no child may see (the tracker key, the API token) are removed too:
 * git runs hooks and filters, and in a ticket's worktree those can be files the agent wrote.
 */
export function gitEnv(extra?: Record<string, string>): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const name of [...REDIRECTING_VARS, ...ALWAYS_STRIPPED_VARS]) delete env[name];
  return Object.assign(env, { GIT_TERMINAL_PROMPT: '0' }, extra);
}

const REDIRECTING_VARS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY', 'GIT_NAMESPACE', 'GIT_PREFIX'];
