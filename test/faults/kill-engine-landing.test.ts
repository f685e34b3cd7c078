import { afterEach, describe, expect, it } from 'vitest';
import type { MergeQueueResponse } from '../../shared/api/review-schemas.js';
import type { GitStop } from './git-stopper.js';
import { FaultScene } from './fault-scene.js';

let scene: FaultScene | null = null;
afterEach(async () => {
  await scene?.dispose();
  scene = null;
});

interface Case {
  name: string;
  stop: GitStop;
  /** `checkout`: the repository has the base branch checked out (fast-forwarded there); `ref`: it does not (update-ref). */
  base: 'checkout' | 'ref';
  git: 'kill' | 'resume';
}

/**
 * `kill -9` of the engine while it lands an approved ticket, between the merge commit and the base
 * branch update, and just after the update before the queue recorded it. The restart must land the
 * ticket exactly once: its work on main, one merge commit, the entry `landed`, the ticket Done.
 */
describe('kill -9 of the engine during a landing', { timeout: 120_000 }, () => {
  it.each<Case>([
    { name: 'before main is fast-forwarded (the git killed too)', stop: { match: 'merge --ff-only', when: 'before' }, base: 'checkout', git: 'kill' },
    { name: 'after main was fast-forwarded, before the queue recorded it', stop: { match: 'merge --ff-only', when: 'after' }, base: 'checkout', git: 'kill' },
    { name: 'while update-ref moves main (the git finishes alone)', stop: { match: 'update-ref -m baton: land', when: 'before' }, base: 'ref', git: 'resume' },
  ])('$name: lands exactly once', async ({ stop, base, git }) => {
    scene = await FaultScene.create({ workspace: 'base_branch: main', agent: () => [{ write: { path: 'src/feature.txt', content: 'the feature\n' } }, { message: 'done' }] });
    if (base === 'ref') await scene.git('checkout', '-q', '--detach');
    const mainBefore = await scene.git('rev-parse', 'main');
    const first = await scene.launch({ gitStop: stop });
    await first.createTicket('Add the feature');
    await scene!.until('BAT-1 in Human Review', async () => (await first.ticket('BAT-1')).state === 'Human Review');
    const approved = await first.api('POST', '/api/v1/tickets/BAT-1/review', { decision: 'approve' });
    expect(approved.status).toBe(200);
    const stopped = await scene.gitStopper.stopped();
    await first.kill9();
    if (git === 'kill') scene.gitStopper.kill(stopped);
    else scene.gitStopper.resume(stopped);

    const again = await scene.launch();
    const queue = await scene!.until('the landing to finish', async () => {
      const q = await again.get<MergeQueueResponse>('/api/v1/merge-queue');
      return q.recent.length > 0 ? q : null;
    });
    expect((await again.ticket('BAT-1')).state).toBe('Done');
    expect(queue.entries).toEqual([]);
    expect(queue.recent.map((e) => [e.identifier, e.status, e.error])).toEqual([['BAT-1', 'landed', null]]);
    const mainAfter = await scene.git('rev-parse', 'main');
    expect(queue.recent[0]!.landed_commit).toBe(mainAfter);
    // Exactly one commit on main since the approval: the merge, with the feature; nothing twice.
    expect((await scene.git('log', '--first-parent', '--format=%s', `${mainBefore}..main`)).split('\n')).toEqual(['Merge BAT-1: Add the feature']);
    expect(await scene.git('show', 'main:src/feature.txt')).toBe('the feature');
    expect(queue.recent[0]!.files).toEqual(['src/feature.txt']);
    expect(await scene.settledLeftovers()).toEqual([]);
  });
});
