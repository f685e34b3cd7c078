import { lstat, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { StateSnapshot } from '../../shared/api/schemas.js';
import { ApiProbe } from './api-probe.js';
import { FaultScene } from './fault-scene.js';
import { waitForFile } from './wait.js';

/**
 * Short, so a hung hook costs the test seconds (the default is a minute), yet long enough for a
 * login shell to start on a loaded 2-core machine (tests run without the machine's profile, see
 * test/test-home.ts): every hook of the scene runs under it.
 */
const HOOK_TIMEOUT_MS = 3000;

/**
 * Hangs while `$BATON_FAULT_HANG` exists: it starts a `sleep` that ignores SIGTERM (only SIGKILL
 * ends it), writes that pid to `$BATON_FAULT_MARK`, and waits for it.
 */
const HANGING = 'if [ -e "$BATON_FAULT_HANG" ]; then trap "" TERM; sleep 100000 & echo $! > "$BATON_FAULT_MARK"; wait; fi';

let scene: FaultScene | null = null;
afterEach(async () => {
  await scene?.dispose();
  scene = null;
});

const exists = (file: string) => lstat(file).then(() => true, () => false);

/**
 * A hook that never ends (and ignores SIGTERM): `hooks.timeout_ms` ends it, its whole process group
 * goes, the step it guarded fails or goes on as the spec says, and the work is kept.
 */
describe('a hook that never ends', { timeout: 120_000 }, () => {
  it('before_run: the run fails with hook_timeout, the hook’s processes are killed, the retry goes through', async () => {
    scene = await FaultScene.create({
      agent: () => [{ command: 'date +%s%N >> work.txt', run: true }, { message: 'done' }],
      // A one-second retry backoff: the retry is part of what the test checks, the default 10 s wait is not.
      frontMatter: `agent:\n  max_retry_backoff_ms: 1000\nhooks:\n  timeout_ms: ${HOOK_TIMEOUT_MS}\n  before_run: ${JSON.stringify(HANGING)}`,
    });
    const env = { BATON_FAULT_HANG: scene.file('hang'), BATON_FAULT_MARK: scene.file('hook-child') };
    const engine = await scene.launch({ env });
    await engine.createTicket('Guarded by a hook');
    await scene!.until('the first run to hand off', async () => (await engine.runs('BAT-1'))[0]?.status === 'handed_off');
    const work = await readFile(path.join(scene.workspace('BAT-1'), 'work.txt'), 'utf8');

    await writeFile(scene.file('hang'), '');
    const probe = new ApiProbe(engine);
    await engine.moveTicket('BAT-1', 'Rework');
    const hookChild = Number(await waitForFile(scene.file('hook-child')));
    const retrying = await scene!.until('the run to fail and wait for a retry', async () => {
      const state: StateSnapshot = await engine.state();
      return state.retrying.find((r) => r.issue_identifier === 'BAT-1');
    });
    await rm(scene.file('hang'));

    expect(retrying.error).toContain(`hook before_run timed out after ${HOOK_TIMEOUT_MS} ms`);
    const failed = (await engine.runs('BAT-1')).find((r) => r.status === 'failed');
    expect(failed?.error).toMatch(/^hook_timeout: /);
    const hookEvent = (await engine.events('BAT-1')).find((e) => e.kind === 'hook' && e.summary.startsWith('before_run failed'));
    expect(hookEvent?.summary).toContain('timed out');
    expect((await scene.leftovers()).map((p) => p.pid)).not.toContain(hookChild);
    expect(await readFile(path.join(scene.workspace('BAT-1'), 'work.txt'), 'utf8')).toBe(work);

    await scene!.until('the retry to hand off', async () => (await engine.runs('BAT-1'))[0]?.status === 'handed_off');
    expect((await readFile(path.join(scene.workspace('BAT-1'), 'work.txt'), 'utf8')).startsWith(work)).toBe(true);
    expect((await probe.stop()).failures).toEqual([]);
    expect(await scene.settledLeftovers()).toEqual([]);
  });

  it('before_remove: the cancelled ticket’s workspace is still saved and removed after the timeout', async () => {
    scene = await FaultScene.create({
      agent: (file) => [{ write: { path: 'wip.txt', content: 'unsaved work\n' } }, { mark: file('agent-working') }, { waitForFile: file('never') }],
      frontMatter: `hooks:\n  timeout_ms: ${HOOK_TIMEOUT_MS}\n  before_remove: ${JSON.stringify(HANGING)}`,
    });
    const env = { BATON_FAULT_HANG: scene.file('hang'), BATON_FAULT_MARK: scene.file('hook-child') };
    await writeFile(scene.file('hang'), '');
    const engine = await scene.launch({ env });
    await engine.createTicket('Cancelled under a stuck hook');
    await waitForFile(scene.file('agent-working'));
    await engine.moveTicket('BAT-1', 'Cancelled');
    const hookChild = Number(await waitForFile(scene.file('hook-child')));
    await scene!.until('the workspace to be removed', async () => !(await exists(scene!.workspace('BAT-1'))));

    expect(await scene.git('show', 'refs/baton/snapshots/BAT-1/1:wip.txt')).toBe('unsaved work');
    // Recorded once the removal finished (branch deleted, worktrees pruned), a moment after the directory went.
    const removed = await scene.until('the removal in the trace', async () => (await engine.events('BAT-1')).find((e) => e.kind === 'workspace_removed'));
    expect(removed?.data.snapshot_ref).toBe('refs/baton/snapshots/BAT-1/1');
    expect(removed?.summary).toBe(`workspace saved to refs/baton/snapshots/BAT-1/1 and removed; before_remove failed: hook before_remove timed out after ${HOOK_TIMEOUT_MS} ms`);
    expect((await scene.leftovers()).map((p) => p.pid)).not.toContain(hookChild);
    expect(await scene.settledLeftovers()).toEqual([]);
  });
});
