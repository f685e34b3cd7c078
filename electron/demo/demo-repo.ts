import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { err, errorMessage, ok, type Result } from '../engine/lib/result.js';
import { buildServiceConfig } from '../engine/workflow/config.js';
import { parseWorkflowText, WORKFLOW_FILE_NAME } from '../engine/workflow/loader.js';
import { gitFailure, type GitExec } from '../engine/lib/git/git-exec.js';
import { DEMO_PROJECT_FILES } from './demo-project.js';
import { demoWorkflowText, repointedWorkflowText } from './demo-workflow.js';

/**
 * The demo repository's own commits. The repository is throwaway and made by Baton, so it carries
 * Baton's identity rather than the user's (a fresh machine has none), and signing is off so a global
 * `commit.gpgsign` cannot stop the demo on a passphrase prompt.
 */
export const DEMO_SETUP_GIT_ENV: Record<string, string> = {
  GIT_AUTHOR_NAME: 'Baton demo setup',
  GIT_AUTHOR_EMAIL: 'demo@baton.invalid',
  GIT_COMMITTER_NAME: 'Baton demo setup',
  GIT_COMMITTER_EMAIL: 'demo@baton.invalid',
};
const NO_SIGNING = ['-c', 'commit.gpgsign=false'];

export type DemoDirKind = 'new' | 'earlier_demo';

/**
 * What `dir` holds: nothing (missing or empty: a new demo goes there) or an earlier demo (a git
 * repository whose WORKFLOW.md says `demo: true`). Anything else is refused with
 * `demo_dir_in_use`, so a mistyped `--dir` never writes into someone's project.
 */
export async function inspectDemoDir(dir: string, env: NodeJS.ProcessEnv): Promise<Result<DemoDirKind>> {
  const info = await stat(dir).catch((e: NodeJS.ErrnoException) => (e.code === 'ENOENT' ? null : e));
  if (info === null) return ok('new');
  if (info instanceof Error) return err('demo_dir_unavailable', `cannot read ${dir}: ${info.message}`);
  if (!info.isDirectory()) return err('demo_dir_in_use', `${dir} exists and is not a directory`);
  const entries = await readdir(dir);
  if (entries.length === 0) return ok('new');
  if (entries.includes('.git') && entries.includes(WORKFLOW_FILE_NAME) && (await isDemoWorkflow(path.join(dir, WORKFLOW_FILE_NAME), env))) {
    return ok('earlier_demo');
  }
  return err('demo_dir_in_use', `${dir} is not empty and is not an earlier Baton demo; pass a new or empty directory to --dir`);
}

async function isDemoWorkflow(file: string, env: NodeJS.ProcessEnv): Promise<boolean> {
  const text = await readFile(file, 'utf8').catch(() => null);
  if (text === null) return false;
  const def = parseWorkflowText(text, file);
  if (!def.ok) return false;
  const config = buildServiceConfig(def.value, env);
  return config.ok && config.value.demo;
}

/** Writes the project and its WORKFLOW.md into `dir` and commits them on `main`, in two commits. */
/** The two shell commands a demo's WORKFLOW.md names: its agent and its checks (both run by this Baton's Node). */
export interface DemoCommands {
  agent: string;
  checks: string;
}

export async function createDemoRepo(dir: string, commands: DemoCommands, git: GitExec): Promise<Result<void>> {
  try {
    for (const [name, content] of Object.entries(DEMO_PROJECT_FILES)) {
      const file = path.join(dir, name);
      await mkdir(path.dirname(file), { recursive: true });
      await writeFile(file, content);
    }
  } catch (e) {
    return err('demo_setup_failed', `cannot write the demo project in ${dir}: ${errorMessage(e)}`);
  }
  const run = async (args: string[]): Promise<Result<void>> => {
    const out = await git(args, { cwd: dir, env: DEMO_SETUP_GIT_ENV });
    return out.code === 0 ? ok(undefined) : err('demo_setup_failed', `git ${args.filter((a) => !a.includes('=')).join(' ')} failed in ${dir}: ${gitFailure(out)}`);
  };
  const steps: Array<() => Promise<Result<void>>> = [
    () => run(['init', '-q', '-b', 'main']),
    () => run(['add', '-A']),
    () => run([...NO_SIGNING, 'commit', '-q', '-m', 'textkit 0.1.0: slugify, wordCount, truncate, titleCase']),
    async () => {
      try {
        await writeFile(path.join(dir, WORKFLOW_FILE_NAME), demoWorkflowText(commands.agent, commands.checks));
        return ok(undefined);
      } catch (e) {
        return err('demo_setup_failed', `cannot write ${WORKFLOW_FILE_NAME} in ${dir}: ${errorMessage(e)}`);
      }
    },
    () => run(['add', WORKFLOW_FILE_NAME]),
    () => run([...NO_SIGNING, 'commit', '-q', '-m', 'Add the Baton demo workflow (scripted demo agent, local tracker)']),
  ];
  for (const step of steps) {
    const result = await step();
    if (!result.ok) return result;
  }
  return ok(undefined);
}

/**
 * Points an earlier demo's WORKFLOW.md at this Baton's agent script and Node, which move when
 * either is upgraded. The edit is left uncommitted: the demo's history stays what the agents made.
 */
export async function repointDemoAgent(dir: string, commands: DemoCommands): Promise<Result<boolean>> {
  const file = path.join(dir, WORKFLOW_FILE_NAME);
  try {
    const next = repointedWorkflowText(await readFile(file, 'utf8'), commands.agent, commands.checks);
    if (next === null) return ok(false);
    await writeFile(file, next);
    return ok(true);
  } catch (e) {
    return err('demo_setup_failed', `cannot update ${file}: ${errorMessage(e)}`);
  }
}
