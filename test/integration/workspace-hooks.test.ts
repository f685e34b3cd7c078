import { readFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { HOOK_OUTPUT_LIMIT_BYTES, HookRunner } from '../../electron/engine/workspace/hooks.js';
import { isGone, killQuietly, readPid, tempDir } from './workspace-helpers.js';

// Short grace so tests that kill trees stay quick; the behaviour is the same as with the default.
const GRACE_MS = 200;
// No login profile: the machine's (pyenv and the like) takes seconds under load, longer than the
// short timeouts these tests use, and a killed login shell can leave pyenv's rehash lock behind.
const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: path.join(os.tmpdir(), 'baton-hooks-no-home') };

describe('HookRunner', () => {
  let dir: string;
  let cleanup: () => Promise<void>;
  let runner: HookRunner;
  const strays: number[] = [];

  beforeEach(async () => {
    ({ dir, cleanup } = await tempDir('hooks'));
    runner = new HookRunner({ logger: silentLogger(), killGraceMs: GRACE_MS });
  });
  afterEach(async () => {
    await runner.dispose();
    strays.splice(0).forEach(killQuietly);
    await cleanup();
  });

  it('runs the script with bash in the workspace and returns stdout and stderr', async () => {
    const chunks: string[] = [];
    const result = await runner.run('before_run', 'pwd; echo to-stderr >&2; echo "$HOOK_VAR"', dir, {
      timeoutMs: 5_000,
      env: { ...env, HOOK_VAR: 'from-env' },
      onOutput: (chunk) => chunks.push(chunk),
    });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.value.output).toContain(dir);
    expect(result.value.output).toContain('to-stderr');
    expect(result.value.output).toContain('from-env');
    expect(chunks.join('')).toContain('to-stderr');
    expect(result.value.durationMs).toBeGreaterThanOrEqual(0);
  });

  it('reports a non-zero exit as hook_failed with the exit code and output', async () => {
    const result = await runner.run('before_run', 'echo broken; exit 3', dir, { timeoutMs: 5_000, env });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('hook_failed');
    expect(result.error.details).toMatchObject({ hook: 'before_run', exitCode: 3, fatal: true });
    expect(String(result.error.details?.output)).toContain('broken');
  });

  it('marks after_run and before_remove failures as not fatal', async () => {
    for (const name of ['after_run', 'before_remove'] as const) {
      const result = await runner.run(name, 'exit 1', dir, { timeoutMs: 5_000, env });
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.details?.fatal).toBe(false);
    }
  });

  it('on timeout kills the whole process tree and returns hook_timeout', async () => {
    const script = `echo $$ > leader.pid; sleep 300 & echo $! > child.pid; wait`;
    const result = await runner.run('before_run', script, dir, { timeoutMs: 500, env });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('hook_timeout');
    const leader = await readPid(path.join(dir, 'leader.pid'));
    const grandchild = await readPid(path.join(dir, 'child.pid'));
    strays.push(leader, grandchild);
    expect(await isGone(leader)).toBe(true);
    expect(await isGone(grandchild)).toBe(true);
  });

  it('kills a trap-ignoring hook with SIGKILL after the grace period', async () => {
    const script = `trap '' TERM; echo $$ > leader.pid; while true; do sleep 0.05; done`;
    const result = await runner.run('before_run', script, dir, { timeoutMs: 300, env });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('hook_timeout');
    const leader = await readPid(path.join(dir, 'leader.pid'));
    strays.push(leader);
    expect(await isGone(leader)).toBe(true);
  });

  it('returns after a timeout even when an escaped grandchild keeps the output pipe open', async () => {
    const script = `setsid sleep 300 & echo $! > escaped.pid; sleep 300`;
    const result = await runner.run('before_run', script, dir, { timeoutMs: 300, env });
    strays.push(await readPid(path.join(dir, 'escaped.pid')));
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('hook_timeout');
  });

  it('returns after a successful exit even when an escaped grandchild keeps the output pipe open', async () => {
    const script = `setsid sleep 300 & echo $! > escaped.pid; echo done`;
    const result = await runner.run('after_create', script, dir, { timeoutMs: 5_000, env });
    strays.push(await readPid(path.join(dir, 'escaped.pid')));
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.value.output).toContain('done');
  });

  it('kills background processes a successful hook leaves in its group', async () => {
    const result = await runner.run('after_create', 'sleep 300 & echo $! > bg.pid; echo started', dir, { timeoutMs: 5_000, env });
    expect(result.ok).toBe(true);
    const bg = await readPid(path.join(dir, 'bg.pid'));
    strays.push(bg);
    expect(await isGone(bg)).toBe(true);
  });

  it('keeps only the last 64 KiB of output', async () => {
    const script = `echo FIRST-LINE; head -c 200000 /dev/zero | tr '\\0' x; echo; echo THE-END`;
    const result = await runner.run('after_run', script, dir, { timeoutMs: 5_000, env });
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(Buffer.byteLength(result.value.output)).toBe(HOOK_OUTPUT_LIMIT_BYTES);
    expect(result.value.output.trimEnd().endsWith('THE-END')).toBe(true);
    expect(result.value.output).not.toContain('FIRST-LINE');
  });

  it('reports a hook that cannot start (missing cwd) as hook_failed', async () => {
    const result = await runner.run('before_run', 'true', path.join(dir, 'missing'), { timeoutMs: 5_000, env });
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('hook_failed');
  });

  it('survives an onOutput callback that throws', async () => {
    const result = await runner.run('before_run', 'echo hi', dir, {
      timeoutMs: 5_000,
      env,
      onOutput: () => {
        throw new Error('observer broke');
      },
    });
    expect(result.ok).toBe(true);
  });

  it('dispose kills running hooks and refuses new ones', async () => {
    const running = runner.run('before_run', 'echo $$ > leader.pid; sleep 300', dir, { timeoutMs: 60_000, env });
    const leader = await readPid(path.join(dir, 'leader.pid'));
    strays.push(leader);
    await runner.dispose();
    const result = await running;
    expect(result.ok).toBe(false);
    expect(await isGone(leader)).toBe(true);
    const after = await runner.run('before_run', 'true', dir, { timeoutMs: 5_000, env });
    expect(after.ok).toBe(false);
    expect(await readFile(path.join(dir, 'leader.pid'), 'utf8')).toMatch(/^\d+/);
  });
});
