import { rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { MergeQueueResponse } from '../../shared/api/review-schemas.js';
import type { BatonProcess } from './baton-process.js';
import { FaultScene } from './fault-scene.js';

let scene: FaultScene | null = null;
afterEach(async () => {
  await scene?.dispose();
  scene = null;
});

async function approvedTicket(s: FaultScene): Promise<BatonProcess> {
  const engine = await s.launch();
  await engine.createTicket('Add the feature');
  await s.until('BAT-1 in Human Review', async () => (await engine.ticket('BAT-1')).state === 'Human Review');
  return engine;
}

function queue(engine: BatonProcess): Promise<MergeQueueResponse> {
  return engine.get<MergeQueueResponse>('/api/v1/merge-queue');
}

async function landed(s: FaultScene, engine: BatonProcess): Promise<void> {
  await s.until('the landing to finish', async () => (await queue(engine)).recent.some((e) => e.status === 'landed'));
  expect((await engine.ticket('BAT-1')).state).toBe('Done');
  expect(await s.git('show', 'main:src/feature.txt')).toBe('the feature');
}

/**
 * Lock files a killed git leaves behind (`kill -9`, a stop that killed an agent in `git commit`, a
 * reboot): git refuses to work while they exist. In a ticket's worktree, which only Baton and its
 * agent use, a lock no process holds is stale and removed before the next run (a landing only reads
 * the worktree and is not held by it); in the repository's own checkout and
 * refs, which are the user's, the landing waits with a message that names the lock, and goes on
 * once it is gone.
 */
describe('a stale git lock left by a killed git', { timeout: 120_000 }, () => {
  it('index.lock in the ticket’s worktree: the landing, which only reads the worktree, is not held by it', async () => {
    scene = await FaultScene.create({ agent: () => [{ write: { path: 'src/feature.txt', content: 'the feature\n' } }, { message: 'done' }] });
    const engine = await approvedTicket(scene);
    await writeFile(path.join(scene.repo, '.git', 'worktrees', 'BAT-1', 'index.lock'), '');
    expect((await engine.api('POST', '/api/v1/tickets/BAT-1/review', { decision: 'approve' })).status).toBe(200);
    await landed(scene, engine);
  });

  it('index.lock in the ticket’s worktree before a rework run: removed, the agent’s git works, the trace says so', async () => {
    scene = await FaultScene.create({
      agent: () => [
        { write: { path: 'src/feature.txt', content: 'the feature\n' } },
        { command: 'date +%s%N >> src/runs.txt && git add -A && git commit -qm "agent commit"', run: true },
        { message: 'done' },
      ],
    });
    const engine = await approvedTicket(scene);
    const lockFile = path.join(scene.repo, '.git', 'worktrees', 'BAT-1', 'index.lock');
    await writeFile(lockFile, '');
    await engine.moveTicket('BAT-1', 'Rework');
    await scene!.until('the rework run to hand off', async () => (await engine.runs('BAT-1')).filter((r) => r.status === 'handed_off').length === 2);
    const events = await engine.events('BAT-1');
    const ready = events.filter((e) => e.kind === 'workspace_ready').at(-1)!;
    expect(ready.summary).toContain(`removed ${lockFile}`);
    const commits = events.filter((e) => e.kind === 'command').map((e) => e.data.exit_code);
    expect(commits).toEqual([0, 0]);
  });

  it.each([
    { name: 'a ref lock on main', lock: 'refs/heads/main.lock' },
    { name: 'index.lock in the main checkout', lock: 'index.lock' },
  ])('$name: the landing waits, saying which lock, and lands once it is gone', async ({ lock }) => {
    scene = await FaultScene.create({ agent: () => [{ write: { path: 'src/feature.txt', content: 'the feature\n' } }, { message: 'done' }] });
    const engine = await approvedTicket(scene);
    const lockFile = path.join(scene.repo, '.git', lock);
    const mainBefore = await scene.git('rev-parse', 'main');
    await writeFile(lockFile, '');
    expect((await engine.api('POST', '/api/v1/tickets/BAT-1/review', { decision: 'approve' })).status).toBe(200);
    // Retried on every poll; between retries it is `blocked`, and while retried it keeps the reason.
    const blocked = await scene!.until('the landing to be blocked', async () => (await queue(engine)).entries.find((e) => e.error?.includes(lockFile)));
    expect(['blocked', 'landing']).toContain(blocked.status);
    expect(blocked.error).toContain('remove it if no git is running');
    expect(await scene.git('rev-parse', 'main')).toBe(mainBefore);
    await rm(lockFile);
    await landed(scene, engine);
    expect(await scene.git('status', '--porcelain')).toBe('');
  });
});
