// Real commands the demo agent runs in its worktree: git and the project's tests.
import { execFile, spawn } from 'node:child_process';

/** Output kept per command; the project's commands print a few lines, this only bounds a surprise. */
const OUTPUT_MAX_CHARS = 64 * 1024;

/**
 * Commits made by the demo agent carry its own identity, so `git log` tells them apart from the
 * setup's and a person's, and signing is off so a global `commit.gpgsign` cannot block it.
 */
export const AGENT_GIT_ENV = {
  GIT_AUTHOR_NAME: 'Baton demo agent (scripted)',
  GIT_AUTHOR_EMAIL: 'demo-agent@baton.invalid',
  GIT_COMMITTER_NAME: 'Baton demo agent (scripted)',
  GIT_COMMITTER_EMAIL: 'demo-agent@baton.invalid',
};
export const GIT_NO_SIGNING = ['-c', 'commit.gpgsign=false'];

/** Variables that would aim git at another repository than the worktree it runs in. */
const GIT_REDIRECTS = ['GIT_DIR', 'GIT_WORK_TREE', 'GIT_INDEX_FILE', 'GIT_COMMON_DIR', 'GIT_OBJECT_DIRECTORY'];

/**
 * Runs argv (no shell) and resolves with its exit code (null when it could not start) and its
 * combined output, passing each chunk to `onOutput` as it arrives.
 * @param {string[]} argv
 * @param {{ cwd: string, env: NodeJS.ProcessEnv, onOutput?: (text: string) => void }} options
 * @returns {Promise<{ code: number | null, output: string }>}
 */
export function runCommand(argv, options) {
  return new Promise((resolve) => {
    const env = commandEnv(options.env);
    let output = '';
    const child = spawn(argv[0], argv.slice(1), { cwd: options.cwd, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const take = (chunk) => {
      const text = chunk.toString('utf8');
      if (output.length < OUTPUT_MAX_CHARS) output += text.slice(0, OUTPUT_MAX_CHARS - output.length);
      options.onOutput?.(text);
    };
    child.stdout.on('data', take);
    child.stderr.on('data', take);
    child.once('error', (e) => resolve({ code: null, output: `${output}${e.message}\n` }));
    child.once('close', (code) => resolve({ code, output }));
  });
}

/** `git <args>` in `cwd`, quietly; resolves with trimmed stdout, or null when git failed. */
export function gitOutput(cwd, env, args) {
  return new Promise((resolve) => {
    execFile('git', args, { cwd, env: commandEnv(env), encoding: 'utf8' }, (error, stdout) => resolve(error ? null : stdout.trim()));
  });
}

function commandEnv(base) {
  const env = { ...base, ...AGENT_GIT_ENV, GIT_TERMINAL_PROMPT: '0' };
  for (const name of GIT_REDIRECTS) delete env[name];
  return env;
}
