import { mkdir, readdir, readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { KeyedMutex } from '../../electron/engine/lib/keyed-mutex.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { err } from '../../electron/engine/lib/result.js';
import { CheckRunner, type CheckRunnerDeps } from '../../electron/engine/review/checks/check-runner.js';
import { TerminalRegistry } from '../../electron/engine/terminals/terminal-registry.js';
import type { ServiceConfig } from '../../electron/engine/workflow/config-types.js';
import { CheckCopies } from '../../electron/engine/workspace/check-copies.js';
import { GitWorktrees } from '../../electron/engine/workspace/git-worktree.js';
import { HookRunner } from '../../electron/engine/workspace/hooks.js';
import { WorkspaceManager } from '../../electron/engine/workspace/workspace-manager.js';
import { git, isGone, makeRepo, readPid, tempDir, testConfig } from './workspace-helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let root: string;
let repo: string;
let commit: string;
let config: ServiceConfig;
let registry: TerminalRegistry;
let hooks: HookRunner;
let workspaces: WorkspaceManager;
let runner: CheckRunner;

function makeRunner(overrides: Partial<CheckRunnerDeps> = {}): CheckRunner {
  const mutex = new KeyedMutex();
  return new CheckRunner({
    terminals: registry,
    config: () => config,
    copies: new CheckCopies({ config: () => config, worktrees: new GitWorktrees({ mutex }), logger: silentLogger() }),
    setup: (copy, options) => workspaces.runHook('after_create', copy, options),
    // A predictable environment without the machine's profile noise.
    baseEnv: () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir, PYENV_REHASH_TIMEOUT: '1' }),
    killGraceMs: 200,
    ...overrides,
  });
}

/** What is left in the workspace root besides the ticket worktree: check copies that were not removed. */
async function leftoverCopies(): Promise<string[]> {
  return (await readdir(root).catch(() => [] as string[])).filter((n) => n.startsWith('.baton-check-'));
}

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('checks'));
  root = path.join(dir, 'workspaces');
  repo = await makeRepo(path.join(dir, 'repo'), { 'README.md': 'hello\n', 'test.sh': 'grep -q hello README.md\n' });
  commit = await git(repo, 'rev-parse', 'HEAD');
  config = testConfig({ root, repo });
  config.pty = { cols: 100, rows: 30, command: null };
  registry = new TerminalRegistry({ rawLogDir: null });
  hooks = new HookRunner({ logger: silentLogger(), killGraceMs: 200 });
  workspaces = new WorkspaceManager({ config: () => config, hooks, logger: silentLogger(), secretVarNames: () => [] });
  runner = makeRunner();
});

afterEach(async () => {
  await runner.dispose();
  await hooks.dispose();
  await registry.dispose();
  await cleanup();
});

describe('CheckRunner', { timeout: 20_000 }, () => {
  it('runs the command in a live check terminal, in a copy of the commit that is removed afterwards', async () => {
    const seen: string[] = [];
    const result = await runner.run({ command: "pwd; sh test.sh && printf '\\033[32mgreen\\033[0m\\n'", commit, identifier: 'BAT-1', issue_id: 'id-1', onTerminal: (id) => seen.push(id) });
    expect(result).toMatchObject({ status: 'passed', exit_code: 0 });
    const [cwd, colour] = result.output_tail.split('\n');
    expect(path.dirname(cwd!)).toBe(root);
    expect(path.basename(cwd!)).toMatch(/^\.baton-check-BAT-1-/);
    expect(colour).toBe('green');
    expect(seen).toEqual([result.terminal_id]);
    expect(registry.info(result.terminal_id!)).toMatchObject({ kind: 'check', issue_identifier: 'BAT-1', issue_id: 'id-1', exited: true, exit_code: 0 });
    expect(await leftoverCopies()).toEqual([]);
    expect(await git(repo, 'worktree', 'list', '--porcelain')).not.toContain('.baton-check-');
  });

  it('reports a failing command with its exit code and output', async () => {
    const result = await runner.run({ command: 'echo "2 tests failed"; exit 3', commit, identifier: 'BAT-1' });
    expect(result).toMatchObject({ status: 'failed', exit_code: 3, output_tail: '2 tests failed' });
  });

  it('records the head and tree it was asked to stand for', async () => {
    const result = await runner.run({ command: 'true', commit, head: 'h', tree: 't', identifier: 'BAT-1' });
    expect(result).toMatchObject({ head: 'h', tree: 't' });
  });

  // Issue 7 P0: the old runner deleted "new untracked files" from the ticket's worktree after the
  // check, which took an agent's fresh files with it. Checks now never see the worktree at all.
  it('never touches the ticket worktree: what the check writes or deletes stays in its copy', async () => {
    const ticket = await workspaces.ensure('BAT-2');
    expect(ticket.ok).toBe(true);
    const wt = ticket.ok ? ticket.value.path : '';
    await writeFile(path.join(wt, 'agent-notes.md'), 'an agent wrote this\n');
    const result = await runner.run({
      command: 'rm -f README.md && mkdir -p coverage && echo x > coverage/lcov.info && echo done',
      commit: await git(wt, 'rev-parse', 'HEAD'),
      identifier: 'BAT-2',
    });
    expect(result).toMatchObject({ status: 'passed', output_tail: 'done' });
    expect(await readFile(path.join(wt, 'README.md'), 'utf8')).toBe('hello\n');
    expect(await readFile(path.join(wt, 'agent-notes.md'), 'utf8')).toBe('an agent wrote this\n');
    await expect(stat(path.join(wt, 'coverage'))).rejects.toThrow();
    expect(await leftoverCopies()).toEqual([]);
  });

  it('gives the check the agent environment: tracker secrets stripped, CI and the commit set', async () => {
    config.tracker.provider = { ...config.tracker.provider, api_key: 'lin_secret' };
    runner = makeRunner({
      baseEnv: () => ({ PATH: process.env.PATH, HOME: dir, LINEAR_API_KEY: 'lin_secret', MY_KEY: 'named', COPY: 'lin_secret', TOKEN_COPY: 'api-token', KEEP: 'kept' }),
      secretVarNames: () => ['MY_KEY'],
      secretValues: () => ['api-token'],
    });
    const result = await runner.run({
      command: 'echo "lin=${LINEAR_API_KEY:-none} my=${MY_KEY:-none} copy=${COPY:-none} token=${TOKEN_COPY:-none} keep=$KEEP ci=$CI id=$BATON_ISSUE_IDENTIFIER commit=$BATON_CHECK_COMMIT"',
      commit,
      identifier: 'BAT-7',
    });
    expect(result.output_tail).toBe(`lin=none my=none copy=none token=none keep=kept ci=true id=BAT-7 commit=${commit}`);
  });

  it('prepares the copy with hooks.after_create first, told by BATON_CHECK that it is a check', async () => {
    config.hooks.after_create = 'echo "setup check=$BATON_CHECK"; echo installed > deps.txt';
    const result = await runner.run({ command: 'cat deps.txt', commit, identifier: 'BAT-1' });
    expect(result).toMatchObject({ status: 'passed', output_tail: 'setup check=1\ninstalled' });
  });

  it('fails without running the command when the setup hook fails, and removes the copy', async () => {
    config.hooks.after_create = 'echo "npm ERR! missing lockfile"; exit 1';
    const result = await runner.run({ command: 'echo ran', commit, identifier: 'BAT-1' });
    expect(result.status).toBe('failed');
    expect(result.output_tail).toContain('npm ERR! missing lockfile');
    expect(result.output_tail).toContain('The copy could not be prepared for the check: hook after_create exited with code 1');
    expect(result.output_tail).not.toContain('ran');
    expect(await leftoverCopies()).toEqual([]);
  });

  it('kills the whole process tree when the timeout passes', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const running = runner.run({ command: `sleep 300 & echo $! > '${pidFile}'; echo started; wait`, commit, identifier: 'BAT-1', timeoutMs: 500 });
    const child = await readPid(pidFile);
    const result = await running;
    expect(result.status).toBe('failed');
    expect(result.exit_code).toBeNull();
    expect(result.output_tail).toMatch(/^started\nThe check timed out after 500 ms/);
    expect(await isGone(child)).toBe(true);
    expect(await leftoverCopies()).toEqual([]);
  });

  it('stops a check when its signal aborts — in the setup hook or in the command — and on dispose', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const controller = new AbortController();
    const running = runner.run({ command: `sleep 300 & echo $! > '${pidFile}'; wait`, commit, identifier: null, signal: controller.signal });
    const child = await readPid(pidFile);
    controller.abort();
    const result = await running;
    expect(result.status).toBe('error');
    expect(result.output_tail).toContain('stopped');
    expect(await isGone(child)).toBe(true);

    config.hooks.after_create = `sleep 300 & echo $! > '${pidFile}.hook'; wait`;
    const inSetup = new AbortController();
    const setupRun = runner.run({ command: 'echo never', commit, identifier: null, signal: inSetup.signal });
    const hookChild = await readPid(`${pidFile}.hook`);
    inSetup.abort();
    const stopped = await setupRun;
    expect(stopped.status).toBe('error');
    expect(stopped.output_tail).toContain('stopped');
    expect(await isGone(hookChild)).toBe(true);
    config.hooks.after_create = null;

    const second = runner.run({ command: `sleep 300 & echo $! > '${pidFile}.2'; wait`, commit, identifier: null });
    const child2 = await readPid(`${pidFile}.2`);
    expect(runner.size).toBe(1);
    await runner.dispose();
    expect((await second).status).toBe('failed');
    expect(await isGone(child2)).toBe(true);
    expect((await runner.run({ command: 'true', commit, identifier: null })).status).toBe('error');
    expect(await leftoverCopies()).toEqual([]);
  });

  it('answers error when the copy cannot be made or the terminal cannot start, leaving no copy behind', async () => {
    const missing = await runner.run({ command: 'true', commit: '0123456789abcdef0123456789abcdef01234567', identifier: 'BAT-1' });
    expect(missing.status).toBe('error');
    expect(missing.output_tail).toContain("The check's copy of the work could not be made");
    expect(registry.info(missing.terminal_id!)?.exited).toBe(true);

    runner = makeRunner({ spawn: () => err('pty_spawn_failed', 'out of ptys') });
    const failed = await runner.run({ command: 'true', commit, identifier: 'BAT-1' });
    expect(failed).toMatchObject({ status: 'error', output_tail: 'out of ptys' });
    expect(registry.info(failed.terminal_id!)?.exited).toBe(true);
    expect(await leftoverCopies()).toEqual([]);
  });
});

describe('CheckCopies', () => {
  it('sweeps copies a killed engine left behind, registered with git or not, and nothing else', async () => {
    const copies = new CheckCopies({ config: () => config, worktrees: new GitWorktrees(), logger: silentLogger() });
    const made = await copies.create(commit, 'BAT-1');
    expect(made.ok).toBe(true);
    const ticket = await workspaces.ensure('BAT-3');
    expect(ticket.ok).toBe(true);
    // A plain directory with the prefix (a copy whose registration git already forgot).
    const stray = path.join(root, '.baton-check-stray-1234');
    await mkdir(path.join(stray, 'sub'), { recursive: true });
    // A copy whose `git worktree add` was killed: git leaves it locked, and prune and remove skip it.
    const locked = await copies.create(commit, 'BAT-2');
    expect(locked.ok).toBe(true);
    const lockedAdmin = await git(locked.ok ? locked.value : '', 'rev-parse', '--path-format=absolute', '--git-dir');
    await writeFile(path.join(lockedAdmin, 'locked'), 'initializing');

    const swept = await copies.sweep();
    expect(swept.sort()).toEqual([made.ok ? made.value : '', locked.ok ? locked.value : '', stray].sort());
    expect(await readdir(root)).toEqual(['BAT-3']);
    expect(await git(repo, 'worktree', 'list', '--porcelain')).not.toContain('.baton-check-');
  });

  it('refuses to remove anything that is not a check copy', async () => {
    const copies = new CheckCopies({ config: () => config, worktrees: new GitWorktrees(), logger: silentLogger() });
    const ticket = await workspaces.ensure('BAT-4');
    const wt = ticket.ok ? ticket.value.path : '';
    await copies.remove(wt);
    expect((await stat(wt)).isDirectory()).toBe(true);
  });
});
