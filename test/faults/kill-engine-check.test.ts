import { readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ReviewsResponse } from '../../shared/api/review-schemas.js';
import type { BatonProcess } from './baton-process.js';
import { FaultScene } from './fault-scene.js';
import { waitForFile } from './wait.js';

/**
 * The check: passes once `$BATON_FAULT_GO` exists; before that it starts a server-like child that
 * survives the terminal going away (`nohup`), says it is there, and waits.
 */
const CHECK = 'if [ -e "$BATON_FAULT_GO" ]; then echo checks ok; exit 0; fi; nohup sleep 600 >/dev/null 2>&1 & echo $! > "$BATON_FAULT_CHILD"; echo here > "$BATON_FAULT_MARK"; wait';

/**
 * `kill -9` of the engine while a ticket's review check runs on its disposable copy. The restart
 * must leave the ticket's worktree as the agent left it, remove the copy, run the check again to a
 * result the inbox shows, and leave no process of the killed check.
 */
describe('kill -9 of the engine during a check', { timeout: 120_000 }, () => {
  let scene: FaultScene;
  let again: BatonProcess;
  let checkChild: number;

  beforeAll(async () => {
    scene = await FaultScene.create({
      agent: () => [{ write: { path: 'src/feature.txt', content: 'the feature\n' } }, { message: 'done' }],
      frontMatter: `review:\n  checks: ${JSON.stringify(CHECK)}`,
    });
    const env = { BATON_FAULT_GO: scene.file('check-go'), BATON_FAULT_MARK: scene.file('check-here'), BATON_FAULT_CHILD: scene.file('check-child') };
    const first = await scene.launch({ env });
    await first.createTicket('Checked feature');
    await waitForFile(scene.file('check-here'));
    checkChild = Number(await readFile(scene.file('check-child'), 'utf8'));
    await first.kill9();

    await writeFile(scene.file('check-go'), 'go\n');
    again = await scene.launch({ env });
    await scene.until('the check to pass again', async () => {
      const { reviews } = await again.get<ReviewsResponse>('/api/v1/reviews');
      return reviews.find((r) => r.issue.identifier === 'BAT-1')?.checks?.status === 'passed';
    });
  }, 120_000);

  afterAll(() => scene?.dispose());

  it('leaves the ticket’s worktree as the agent left it', async () => {
    const ws = scene.workspace('BAT-1');
    expect(await readFile(path.join(ws, 'src/feature.txt'), 'utf8')).toBe('the feature\n');
    expect(await scene.git('-C', ws, 'status', '--porcelain')).toBe('?? src/');
  });

  it('removes the killed check’s copy and shows the new result in the inbox', async () => {
    const { reviews } = await again.get<ReviewsResponse>('/api/v1/reviews');
    const checks = reviews.find((r) => r.issue.identifier === 'BAT-1')!.checks!;
    expect(checks.output_tail).toContain('checks ok');
    expect(checks.exit_code).toBe(0);
    expect((await readdir(scene.workspaceRoot)).filter((n) => n.startsWith('.baton-check-'))).toEqual([]);
    expect((await scene.git('worktree', 'list', '--porcelain')).match(/^worktree /gm)).toHaveLength(2);
  });

  // M2: the killed check's `nohup` child is stopped at the restart.
  it('leaves no process of the killed check', async () => {
    const alive = (await scene.leftovers()).map((p) => p.pid);
    expect(alive).not.toContain(checkChild);
  });
});
