import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { GitStop } from './git-stopper.js';
import { FaultScene } from './fault-scene.js';
import { waitForFile } from './wait.js';

interface DiffAnswer {
  files: Array<{ path: string; status: string }>;
}

/** `out/` is where the after_create hook writes: ignored, so the ticket's diff stays the agent's. */
const FILES = { 'README.md': 'hello\n', 'src/app.txt': 'the app\n', '.gitignore': 'out/\n' };

let scene: FaultScene | null = null;
afterEach(async () => {
  await scene?.dispose();
  scene = null;
});

interface Case {
  name: string;
  stop: GitStop;
  /** What the killed git leaves besides what it did before the stop. */
  leave?: (s: FaultScene) => Promise<void>;
}

/**
 * `kill -9` of the engine while it makes a ticket's worktree: `git worktree add --no-checkout`
 * registers it, `git reset --hard` fills it, `after_create` prepares it. Killed at any of these
 * steps (the git with it), the restarted engine must make a whole worktree again — never hand the
 * agent a half-made one, whose missing files its work would then "delete".
 */
describe('kill -9 of the engine during worktree creation', { timeout: 120_000 }, () => {
  it.each<Case>([
    // Regression: the registered but empty worktree was reused as it was, and its diff deleted every file.
    { name: 'after git worktree add, before the checkout', stop: { match: 'worktree add', when: 'after' } },
    {
      name: 'inside git worktree add (its "initializing" lock left behind)',
      stop: { match: 'worktree add', when: 'after' },
      leave: (s) => writeFile(path.join(s.repo, '.git', 'worktrees', 'BAT-1', 'locked'), 'initializing'),
    },
    {
      name: 'inside the checkout (a stale index.lock and half the files)',
      stop: { match: 'reset --hard --quiet HEAD', when: 'before' },
      leave: async (s) => {
        await writeFile(path.join(s.repo, '.git', 'worktrees', 'BAT-1', 'index.lock'), '');
        await writeFile(path.join(s.workspace('BAT-1'), 'README.md'), 'hello\n');
      },
    },
  ])('$name: the restart makes a whole worktree and the ticket’s diff is only the agent’s', async ({ stop, leave }) => {
    scene = await FaultScene.create({ files: FILES, agent: () => [{ write: { path: 'src/new.txt', content: 'new\n' } }, { message: 'done' }] });
    const first = await scene.launch({ gitStop: stop });
    await first.createTicket('Add a file');
    const git = await scene.gitStopper.stopped();
    await first.kill9();
    scene.gitStopper.kill(git);
    await leave?.(scene);

    const again = await scene.launch();
    await expectWholeWorktree(scene, again);
    expect(await scene.settledLeftovers()).toEqual([]);
  });

  it('inside after_create: the restart stops the hook, discards the half-prepared worktree and prepares a new one', async () => {
    scene = await FaultScene.create({
      files: FILES,
      agent: () => [{ write: { path: 'src/new.txt', content: 'new\n' } }, { message: 'done' }],
      frontMatter: [
        'hooks:',
        // The first run says it is there and never ends; the next one goes through.
        `  after_create: "mkdir -p out; echo half > out/half.txt; if [ ! -e ${'${BATON_FAULT_MARK}'} ]; then echo here > ${'${BATON_FAULT_MARK}'}; sleep 100000; fi; echo ready > out/prepared.txt"`,
      ].join('\n'),
    });
    const env = { BATON_FAULT_MARK: scene.file('hook-here') };
    const first = await scene.launch({ env });
    await first.createTicket('Add a file');
    await waitForFile(scene.file('hook-here'));
    await first.kill9();
    const orphanedHook = (await scene.leftovers()).map((p) => p.pid);
    expect(orphanedHook.length).toBeGreaterThan(0);

    const again = await scene.launch({ env });
    await expectWholeWorktree(scene, again);
    expect(await readFile(path.join(scene.workspace('BAT-1'), 'out', 'prepared.txt'), 'utf8')).toBe('ready\n');
    // The killed engine's hook was stopped at the restart (M2), before the worktree was made again.
    expect((await scene.leftovers()).filter((p) => orphanedHook.includes(p.pid))).toEqual([]);
  });
});

async function expectWholeWorktree(s: FaultScene, engine: Awaited<ReturnType<FaultScene['launch']>>): Promise<void> {
  await s.until('BAT-1 in Human Review', async () => (await engine.ticket('BAT-1')).state === 'Human Review');
  const ws = s.workspace('BAT-1');
  expect(await readFile(path.join(ws, 'README.md'), 'utf8')).toBe('hello\n');
  expect(await readFile(path.join(ws, 'src/app.txt'), 'utf8')).toBe('the app\n');
  expect(await readFile(path.join(ws, 'src/new.txt'), 'utf8')).toBe('new\n');
  const diff = await engine.get<DiffAnswer>('/api/v1/tickets/BAT-1/diff');
  expect(diff.files.map((f) => [f.path, f.status])).toEqual([['src/new.txt', 'added']]);
  // The worktree is a normal one again: not locked, so it can be removed when the ticket is done.
  expect(await s.git('worktree', 'list', '--porcelain')).not.toContain('locked');
}
