import { lstat } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import type { GitStop } from './git-stopper.js';
import { FaultScene } from './fault-scene.js';
import { waitForFile } from './wait.js';

let scene: FaultScene | null = null;
afterEach(async () => {
  await scene?.dispose();
  scene = null;
});

/**
 * `kill -9` of the engine while it saves a cancelled ticket's unsaved work to a snapshot ref before
 * removing its worktree (the ref not yet written, or written but the worktree not yet removed).
 * Nothing may be lost: the restart finishes the cleanup, and a snapshot ref holds the work.
 */
describe('kill -9 of the engine during a snapshot write', { timeout: 120_000 }, () => {
  it.each<{ name: string; stop: GitStop }>([
    { name: 'before the snapshot ref is written', stop: { match: 'update-ref -m baton snapshot', when: 'before' } },
    { name: 'after the snapshot ref is written, before the worktree is removed', stop: { match: 'update-ref -m baton snapshot', when: 'after' } },
  ])('$name: the restart saves the work and removes the worktree', async ({ stop }) => {
    scene = await FaultScene.create({
      agent: (file) => [
        { write: { path: 'src/wip.txt', content: 'unsaved work\n' } },
        { command: 'git add src/wip.txt && git commit -qm "first half" && echo more > src/wip2.txt', run: true },
        { mark: file('agent-working') },
        { waitForFile: file('never') },
      ],
    });
    const first = await scene.launch({ gitStop: stop });
    await first.createTicket('Cancelled half-way');
    await waitForFile(scene.file('agent-working'));
    await first.moveTicket('BAT-1', 'Cancelled');
    const git = await scene.gitStopper.stopped();
    await first.kill9();
    scene.gitStopper.kill(git);
    // The worktree is still there: nothing was removed before the work was safe.
    expect(await lstat(scene.workspace('BAT-1')).then(() => true, () => false)).toBe(true);

    const again = await scene.launch();
    await scene!.until('the worktree to be removed', async () => !(await lstat(scene!.workspace('BAT-1')).then(() => true, () => false)));
    const refs = (await scene.git('for-each-ref', '--format=%(refname)', 'refs/baton/snapshots/BAT-1/')).split('\n').filter(Boolean);
    expect(refs.length).toBeGreaterThan(0);
    for (const ref of refs) {
      expect(await scene.git('show', `${ref}:src/wip.txt`)).toBe('unsaved work');
      expect(await scene.git('show', `${ref}:src/wip2.txt`)).toBe('more');
      expect(await scene.git('log', '--format=%s', ref)).toContain('first half');
    }
    expect((await again.state()).counts.running).toBe(0);
    // The ticket's trace says where the work went.
    await scene.until('the removal in the trace', async () => (await again.events('BAT-1')).some((e) => e.kind === 'workspace_removed'));
    const removed = (await again.events('BAT-1')).filter((e) => e.kind === 'workspace_removed');
    expect(removed.map((e) => e.data.snapshot_ref)).toEqual([refs.at(-1)]);
    expect(removed[0]!.summary).toBe(`workspace saved to ${refs.at(-1)} and removed`);
    expect(await scene.settledLeftovers()).toEqual([]);
  });
});
