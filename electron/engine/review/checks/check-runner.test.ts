import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../../../test/fixtures/service-config.js';
import { err } from '../../lib/result.js';
import { TerminalRegistry } from '../../terminals/terminal-registry.js';
import type { ServiceConfig } from '../../workflow/config-types.js';
import { CheckRunner, type CheckRunnerDeps } from './check-runner.js';

let dir: string;
let registry: TerminalRegistry;
let runner: CheckRunner;
let config: ServiceConfig;

const gone = async (pid: number): Promise<boolean> => {
  const stat = await readFile(`/proc/${pid}/stat`, 'utf8').catch(() => null);
  return stat === null || /^[ZX]/.test(stat.slice(stat.lastIndexOf(')') + 2));
};

async function readPid(file: string): Promise<number> {
  for (let i = 0; i < 500; i++) {
    const text = await readFile(file, 'utf8').catch(() => '');
    if (/^\d+\s*$/.test(text)) return Number(text.trim());
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error(`no pid in ${file}`);
}

function makeRunner(overrides: Partial<CheckRunnerDeps> = {}): CheckRunner {
  return new CheckRunner({
    terminals: registry,
    config: () => config,
    // A predictable environment without the machine's profile noise.
    baseEnv: () => ({ PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir }),
    killGraceMs: 200,
    ...overrides,
  });
}

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'baton-checks-'));
  config = testConfig({ pty: { cols: 100, rows: 30, command: null } });
  registry = new TerminalRegistry({ rawLogDir: null });
  runner = makeRunner();
});

afterEach(async () => {
  await runner.dispose();
  await registry.dispose();
  await rm(dir, { recursive: true, force: true });
});

describe('CheckRunner', { timeout: 20_000 }, () => {
  it('runs the command in a live check terminal and reports a pass with a plain output tail', async () => {
    const seen: string[] = [];
    const result = await runner.run({
      command: "pwd; printf '\\033[32mgreen\\033[0m\\n'",
      cwd: dir,
      identifier: 'BAT-1',
      issue_id: 'id-1',
      onTerminal: (id) => seen.push(id),
    });
    expect(result).toMatchObject({ status: 'passed', exit_code: 0, command: "pwd; printf '\\033[32mgreen\\033[0m\\n'" });
    expect(result.output_tail).toBe(`${dir}\ngreen`);
    expect(seen).toEqual([result.terminal_id]);
    expect(registry.info(result.terminal_id!)).toMatchObject({ kind: 'check', issue_identifier: 'BAT-1', issue_id: 'id-1', exited: true, exit_code: 0 });
    expect(result.ended_at).not.toBeNull();
  });

  it('reports a failing command with its exit code and output', async () => {
    const result = await runner.run({ command: 'echo "2 tests failed"; exit 3', cwd: dir, identifier: 'BAT-1' });
    expect(result).toMatchObject({ status: 'failed', exit_code: 3, output_tail: '2 tests failed' });
  });

  it('gives the check the agent environment: tracker secrets stripped, CI set', async () => {
    config = testConfig({ tracker: { api_key: 'lin_secret' } });
    runner = makeRunner({
      baseEnv: () => ({ PATH: process.env.PATH, HOME: dir, LINEAR_API_KEY: 'lin_secret', MY_KEY: 'named', COPY: 'lin_secret', TOKEN_COPY: 'api-token', KEEP: 'kept' }),
      secretVarNames: () => ['MY_KEY'],
      secretValues: () => ['api-token'],
    });
    const result = await runner.run({
      command: 'echo "lin=${LINEAR_API_KEY:-none} my=${MY_KEY:-none} copy=${COPY:-none} token=${TOKEN_COPY:-none} keep=$KEEP ci=$CI id=$BATON_ISSUE_IDENTIFIER"',
      cwd: dir,
      identifier: 'BAT-7',
    });
    expect(result.output_tail).toBe('lin=none my=none copy=none token=none keep=kept ci=true id=BAT-7');
  });

  it('kills the whole process tree when the timeout passes', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const running = runner.run({ command: `sleep 300 & echo $! > '${pidFile}'; echo started; wait`, cwd: dir, identifier: 'BAT-1', timeoutMs: 500 });
    const child = await readPid(pidFile);
    const result = await running;
    expect(result.status).toBe('failed');
    expect(result.exit_code).toBeNull();
    expect(result.output_tail).toMatch(/^started\nThe check timed out after 500 ms/);
    expect(await gone(child)).toBe(true);
  });

  it('stops a check when its signal aborts, and on dispose', async () => {
    const pidFile = path.join(dir, 'child.pid');
    const controller = new AbortController();
    const running = runner.run({ command: `sleep 300 & echo $! > '${pidFile}'; wait`, cwd: dir, identifier: null, signal: controller.signal });
    const child = await readPid(pidFile);
    controller.abort();
    const result = await running;
    expect(result.status).toBe('error');
    expect(result.output_tail).toContain('stopped');
    expect(await gone(child)).toBe(true);

    const second = runner.run({ command: `sleep 300 & echo $! > '${pidFile}.2'; wait`, cwd: dir, identifier: null });
    const child2 = await readPid(`${pidFile}.2`);
    expect(runner.size).toBe(1);
    await runner.dispose();
    expect((await second).status).toBe('failed');
    expect(await gone(child2)).toBe(true);
    expect((await runner.run({ command: 'true', cwd: dir, identifier: null })).status).toBe('error');
  });

  it('removes what the check left untracked in a git worktree, and nothing else', async () => {
    execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
    await writeFile(path.join(dir, '.gitignore'), 'build/\n');
    await writeFile(path.join(dir, 'notes.txt'), 'the agent wrote this before the check\n');
    const result = await runner.run({
      command: 'mkdir -p coverage build && echo x > coverage/lcov.info && echo y > build/out.js && echo z > notes.txt && echo done',
      cwd: dir,
      identifier: 'BAT-1',
    });
    expect(result.status).toBe('passed');
    expect(result.output_tail).toContain('Removed 1 file the check left untracked (add them to .gitignore): coverage/lcov.info');
    await expect(readFile(path.join(dir, 'coverage', 'lcov.info'), 'utf8')).rejects.toThrow();
    // Ignored output and files that existed before the check stay as the check left them.
    expect(await readFile(path.join(dir, 'build', 'out.js'), 'utf8')).toBe('y\n');
    expect(await readFile(path.join(dir, 'notes.txt'), 'utf8')).toBe('z\n');
  });

  it('answers error when the check cannot start', async () => {
    const missing = await runner.run({ command: 'true', cwd: path.join(dir, 'nope'), identifier: 'BAT-1' });
    expect(missing).toMatchObject({ status: 'error', terminal_id: null });
    expect(missing.output_tail).toContain('is not a directory');

    runner = makeRunner({ spawn: () => err('pty_spawn_failed', 'out of ptys') });
    const failed = await runner.run({ command: 'true', cwd: dir, identifier: 'BAT-1' });
    expect(failed).toMatchObject({ status: 'error', output_tail: 'out of ptys' });
    expect(registry.info(failed.terminal_id!)?.exited).toBe(true);
  });
});
