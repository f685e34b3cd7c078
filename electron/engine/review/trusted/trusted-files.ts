import path from 'node:path';
import type { ServiceConfig } from '../../workflow/config-types.js';
import { globMatcher } from './glob.js';

/** A changed file that is trusted configuration, and why Baton trusts it. */
export interface TrustedFile {
  path: string;
  why: string;
}

/**
 * Commands whose run reads a file of the repository without naming it: `npm ci` in a hook runs
 * package.json's install scripts on the host, `make` the Makefile.
 */
const IMPLICIT_FILES: Readonly<Record<string, readonly string[]>> = {
  npm: ['package.json'],
  npx: ['package.json'],
  yarn: ['package.json'],
  pnpm: ['package.json'],
  make: ['Makefile', 'makefile', 'GNUmakefile'],
};

/** Script files run by name: a word with one of these endings is a file even without a `/`. */
const SCRIPT_ENDING = /\.(?:sh|bash|zsh|py|rb|pl|js|mjs|cjs|ts|ps1)$/;
/** Hooks run with the worktree as cwd and this variable naming it. */
const WORKSPACE_VAR = /^\$(?:\{BATON_WORKSPACE_PATH\}|BATON_WORKSPACE_PATH)\//;

/**
 * Which repository paths are trusted configuration under `config` (issue 7 H2): WORKFLOW.md when
 * it lives in the repository, `review.guidance_file`, the files the hooks and the agent command
 * run (named in them: `./scripts/setup.sh`, `node tools/prep.mjs`; or implied: package.json for
 * `npm`, the Makefile for `make`), and `review.protected_paths`. Work that changes one of them
 * never lands without a person's explicit confirmation. `repo` and `workflowPath` are absolute
 * and already resolved (symlinks included) by the caller.
 */
export function trustedPaths(config: ServiceConfig, repo: string, workflowPath: string): (file: string) => string | null {
  const exact = new Map<string, string>();
  const workflow = insideRepo(repo, workflowPath);
  if (workflow !== null) exact.set(workflow, 'the workflow file: its hooks and commands run outside any sandbox');
  const guidance = insideRepo(repo, path.resolve(repo, config.review.guidance_file));
  if (guidance !== null) exact.set(guidance, 'review.guidance_file: every agent reads it in its prompt');
  const commands: Array<[string, string | null]> = [
    ['hooks.after_create', config.hooks.after_create],
    ['hooks.before_run', config.hooks.before_run],
    ['hooks.after_run', config.hooks.after_run],
    ['hooks.before_remove', config.hooks.before_remove],
    [config.agent.kind === 'pty' ? 'pty.command' : 'codex.command', config.agent.kind === 'pty' ? config.pty.command : config.codex.command],
  ];
  for (const [key, script] of commands) {
    for (const file of filesRunBy(script ?? '', repo)) if (!exact.has(file)) exact.set(file, `run by ${key}`);
  }
  const globs = config.review.protected_paths.map((pattern) => ({ pattern, matches: globMatcher(pattern) }));
  return (file) => {
    const named = exact.get(file);
    if (named !== undefined) return named;
    const glob = globs.find((g) => g.matches(file));
    return glob ? `review.protected_paths: ${glob.pattern}` : null;
  };
}

/** The changed files that are trusted, each with its reason, in the order given. */
export function trustedAmong(files: readonly string[], trusted: (file: string) => string | null): TrustedFile[] {
  const out: TrustedFile[] = [];
  for (const file of new Set(files)) {
    const why = trusted(file);
    if (why !== null) out.push({ path: file, why });
  }
  return out;
}

/**
 * Repository files a shell script runs, by a best-effort reading of its words: relative paths
 * (`./x.sh`, `scripts/setup.sh`, `$BATON_WORKSPACE_PATH/x`), absolute paths inside the repository,
 * script files by their ending, and the files implied by npm, yarn, pnpm and make. What it cannot
 * see (a file read by a program it runs) belongs in `review.protected_paths`.
 */
export function filesRunBy(script: string, repo: string): string[] {
  const found = new Set<string>();
  for (const raw of script.split(/[\s;|&()<>`]+/)) {
    const word = raw.replace(/^['"]+|['"]+$/g, '');
    if (word === '' || word.startsWith('-') || word.includes('=') || word.includes('://')) continue;
    for (const file of IMPLICIT_FILES[word] ?? []) found.add(file);
    const file = repoFile(word, repo);
    if (file !== null) found.add(file);
  }
  return [...found];
}

function repoFile(word: string, repo: string): string | null {
  if (path.isAbsolute(word)) return insideRepo(repo, word);
  const relative = word.replace(WORKSPACE_VAR, '');
  if (relative.startsWith('$') || relative.startsWith('~')) return null;
  if (!relative.includes('/') && !SCRIPT_ENDING.test(relative)) return null;
  return insideRepo(repo, path.resolve(repo, relative));
}

/** `file` as a repository path (`/`-separated), or null when it is not inside `repo`. */
function insideRepo(repo: string, file: string): string | null {
  const rel = path.relative(repo, file);
  if (rel === '' || rel.startsWith('..') || path.isAbsolute(rel)) return null;
  return rel.split(path.sep).join('/');
}
