import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fetchWorkflowRoots } from '../../electron/app/engine-roots.js';
import { EngineSupervisor } from '../../electron/app/engine-supervisor.js';
import { systemClock } from '../../electron/engine/lib/clock.js';
import { fakeCodexCommand } from '../fixtures/fake-codex/session-harness.js';
import { isGone, tempDir } from './workspace-helpers.js';

// Electron main's supervisor driving the real compiled `baton serve` (plain Node stands in for
// Electron's binary here: ELECTRON_RUN_AS_NODE is what makes Electron behave like it).
const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');
const children: ChildProcess[] = [];
const cleanups: Array<() => Promise<void>> = [];
const supervisors: EngineSupervisor[] = [];

beforeAll(() => {
  if (!existsSync(path.join(ROOT, 'dist', 'electron', 'cli.js'))) throw new Error('dist/ is not built: run `npm run build` (npm test does it first)');
});

afterEach(async () => {
  for (const s of supervisors.splice(0)) await s.stop();
  for (const child of children.splice(0)) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  for (const c of cleanups.splice(0)) await c();
});

async function workflow(frontMatter: (dir: string) => string): Promise<string> {
  const { dir, cleanup } = await tempDir('baton-supervisor-');
  cleanups.push(cleanup);
  const file = path.join(dir, 'WORKFLOW.md');
  await writeFile(file, `---\n${frontMatter(dir)}\n---\nWork on {{ issue.identifier }}\n`);
  return file;
}

function supervisor(): EngineSupervisor {
  const s = new EngineSupervisor({
    spawn: (command, args, options) => {
      const child = spawn(command, args, options);
      children.push(child);
      return child;
    },
    clock: systemClock,
    env: process.env,
    paths: { execPath: process.execPath, cliPath: path.join(ROOT, 'bin', 'baton.js'), demoCwd: ROOT },
  });
  supervisors.push(s);
  return s;
}

const valid = (dir: string) => `workspace:\n  root: ${path.join(dir, 'ws')}\ncodex:\n  command: ${JSON.stringify(fakeCodexCommand())}\npolling:\n  interval_ms: 100`;

describe('EngineSupervisor with the real engine', () => {
  it('starts `baton serve`, learns its address from the banner, and the engine answers with its roots', async () => {
    const file = await workflow(valid);
    const s = supervisor();
    const started = await s.start({ kind: 'workflow', workflowPath: file });
    expect(started.ok).toBe(true);
    if (!started.ok) return;
    expect(started.value.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    const roots = await fetchWorkflowRoots(fetch, started.value);
    expect(roots).toEqual({ ok: true, value: { workflowPath: file, roots: [path.dirname(file), path.join(path.dirname(file), 'ws')] } });
    const wrongToken = await fetchWorkflowRoots(fetch, { ...started.value, token: 'nope' });
    expect(wrongToken).toMatchObject({ ok: false, error: { message: expect.stringContaining('401') } });
  });

  it('restarts a killed engine on a new address, and stop() leaves no process behind', async () => {
    const s = supervisor();
    const first = await s.start({ kind: 'workflow', workflowPath: await workflow(valid) });
    expect(first.ok).toBe(true);
    children[0]!.kill('SIGKILL');
    await expect.poll(() => s.status.state, { timeout: 5_000 }).toBe('restarting');
    expect(s.status).toMatchObject({ restarts: 1 });
    await expect.poll(() => s.status.state, { timeout: 15_000 }).toBe('running');
    expect(children).toHaveLength(2);
    const pid = children[1]!.pid!;
    await s.stop();
    expect(s.status).toEqual({ state: 'idle' });
    expect(children[1]!.signalCode ?? children[1]!.exitCode).not.toBeNull();
    expect(await isGone(pid)).toBe(true);
  });

  it('stops with the engine’s own error when the workflow is broken', async () => {
    const file = await workflow(() => 'tracker: [not, a, mapping');
    const s = supervisor();
    const started = await s.start({ kind: 'workflow', workflowPath: file });
    expect(started.ok).toBe(false);
    expect(s.status).toMatchObject({ state: 'stopped', reason: 'the engine exited with code 1 before it was ready', stderrTail: expect.stringContaining('baton: cannot start') });
    expect(children).toHaveLength(1);
  });
});
