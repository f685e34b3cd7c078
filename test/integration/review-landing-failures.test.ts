import { lstat, readdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err } from '../../electron/engine/lib/result.js';
import { CheckRunner } from '../../electron/engine/review/checks/check-runner.js';
import { MAX_UPDATE_ROUNDS } from '../../electron/engine/review/landing/landing-run.js';
import { waitFor } from '../fixtures/fake-pty-agent/helpers.js';
import { LandingHarness, value } from './review-landing-harness.js';
import { git, gitCode } from './workspace-helpers.js';

const exists = (p: string) => lstat(p).then(() => true, () => false);

describe('landing queue: sending tickets back', { timeout: 30_000 }, () => {
  let h: LandingHarness;
  beforeEach(async () => {
    h = await LandingHarness.create();
  });
  afterEach(async () => {
    await h.close();
  });

  async function feedback(identifier: string) {
    return value(h.stores.reviews.listFeedback(identifier));
  }

  for (const land of ['merge', 'rebase'] as const) {
    it(`${land}: a conflict sends the ticket to Rework naming the file; worktree and main unchanged`, async () => {
      h.config.review.land = land;
      const { issue, wt } = await h.ticket('Edit the readme');
      await h.work(wt, { 'README.md': 'agent version\n', 'src/new.ts': 'new\n' });
      await h.work(wt, { 'scratch.txt': 'uncommitted\n' }, false);
      const main = await h.commitOnMain({ 'README.md': 'main version\n' });

      const entry = await h.enqueueAndLand(issue);
      expect(entry.status).toBe('failed');
      expect(entry.error).toContain('README.md');
      expect(await h.state('BAT-1')).toBe('Rework');
      const [fb] = await feedback('BAT-1');
      expect(fb).toMatchObject({ source: 'landing', decision: 'request_changes', comments: [], round: 1 });
      expect(fb!.summary).toContain('- README.md');
      expect(fb!.summary).not.toContain('src/new.ts');
      const comments = value(await h.tracker.listComments('BAT-1'));
      expect(comments.map((c) => c.body)).toEqual([fb!.summary]);
      // Main is untouched, and so is the worktree: the merge happened in a copy, never in it — its
      // branch, HEAD and uncommitted file are exactly as the agent left them.
      expect(await git(h.repo, 'rev-parse', 'main')).toBe(main);
      expect(await readFile(path.join(wt, 'README.md'), 'utf8')).toBe('agent version\n');
      expect(await git(wt, 'symbolic-ref', '--short', 'HEAD')).toBe('baton/BAT-1');
      expect(await gitCode(wt, 'rev-parse', '--verify', '--quiet', 'MERGE_HEAD')).not.toBe(0);
      expect(await exists(path.join(await git(wt, 'rev-parse', '--git-dir'), 'rebase-merge'))).toBe(false);
      expect(await git(wt, 'status', '--porcelain')).toBe('?? scratch.txt');
      expect(await git(wt, 'log', '-1', '--format=%s')).toBe('agent work');
      expect((await readdir(h.root)).filter((n) => n.startsWith('.baton-check-'))).toEqual([]);
    });
  }

  it('a failing check sends the ticket to Rework with the output; the branch is put back', async () => {
    h.config.review.checks = 'echo "FAIL src/app.test.ts"; echo "2 tests failed"; exit 1';
    const { issue, wt } = await h.ticket('Broken work');
    await h.work(wt, { 'src/app.ts': 'broken\n' });
    const head = await git(wt, 'rev-parse', 'HEAD');
    const main = await h.commitOnMain({ 'other.txt': 'other\n' });

    const entry = await h.enqueueAndLand(issue);
    expect(entry).toMatchObject({ status: 'failed', step: 'checking' });
    expect(entry.error).toContain('2 tests failed');
    expect(await h.state('BAT-1')).toBe('Rework');
    const [fb] = await feedback('BAT-1');
    expect(fb!.summary).toContain('exited with code 1');
    expect(fb!.summary).toContain('FAIL src/app.test.ts\n2 tests failed');
    expect(await git(h.repo, 'rev-parse', 'main')).toBe(main);
    // The merge of main made for the check happened in a copy: the branch is where the agent left it.
    expect(await git(wt, 'rev-parse', 'HEAD')).toBe(head);
  });

  it('lands anyway when main moves during the checks: updates again and rechecks', async () => {
    const counter = path.join(h.dir, 'runs');
    // The first check run lands someone else's commit on main, as a person would meanwhile.
    h.config.review.checks = [
      `echo run >> '${counter}'`,
      `if [ "$(wc -l < '${counter}')" -eq 1 ]; then cd '${h.repo}' && echo moved > moved.txt && git add moved.txt && git commit -qm 'moved meanwhile'; fi`,
    ].join('; ');
    const { issue, wt } = await h.ticket('Race the base');
    await h.work(wt, { 'mine.txt': 'mine\n' });

    const entry = await h.enqueueAndLand(issue);
    expect(entry.status).toBe('landed');
    expect((await readFile(counter, 'utf8')).trim().split('\n')).toHaveLength(2);
    expect(await h.readMain('moved.txt')).toBe('moved');
    expect(await h.readMain('mine.txt')).toBe('mine');
    expect(await git(h.repo, 'log', '-1', '--format=%s', 'main')).toBe('Merge BAT-1: Race the base');
    expect(entry.base_before).toBe(await git(h.repo, 'rev-parse', 'main^1'));
    expect(await git(h.repo, 'log', '-1', '--format=%s', entry.base_before!)).toBe('moved meanwhile');
  });

  it('blocks while the main checkout has local changes to a landed file, then lands once they are gone', async () => {
    const { issue, wt } = await h.ticket('Touch the readme');
    await h.work(wt, { 'README.md': 'landed version\n' });
    const main = await git(h.repo, 'rev-parse', 'main');
    await writeFile(path.join(h.repo, 'README.md'), 'local edit\n');
    await writeFile(path.join(h.repo, 'src/app.ts'), 'unrelated local edit\n');

    const blocked = await h.enqueueAndLand(issue);
    expect(blocked).toMatchObject({ status: 'blocked', step: 'advancing', landed_commit: null });
    expect(blocked.error).toContain('README.md');
    expect(blocked.error).toContain(h.repo);
    expect(await git(h.repo, 'rev-parse', 'main')).toBe(main);
    expect(await h.readCheckout('README.md')).toBe('local edit\n');
    expect(await h.state('BAT-1')).toBe('Merging');
    expect(await exists(wt)).toBe(true);

    // Retried on every tick, and still blocked.
    await h.queue.tick();
    expect(value(h.stores.landings.get(blocked.id)).status).toBe('blocked');

    await git(h.repo, 'checkout', '--', 'README.md');
    await h.queue.tick();
    const landed = value(h.stores.landings.get(blocked.id));
    expect(landed.status).toBe('landed');
    expect(await h.readCheckout('README.md')).toBe('landed version\n');
    // The main checkout's other local change survived the fast-forward.
    expect(await h.readCheckout('src/app.ts')).toBe('unrelated local edit\n');
    expect(await h.state('BAT-1')).toBe('Done');
  });

  it('a branch deleted by hand fails the landing and sends the ticket to Rework', async () => {
    const { issue, wt } = await h.ticket('Deleted branch');
    await h.work(wt, { 'x.txt': 'x\n' });
    await git(h.repo, 'worktree', 'remove', '--force', wt);
    await git(h.repo, 'branch', '-D', 'baton/BAT-1');
    const main = await git(h.repo, 'rev-parse', 'main');

    const entry = await h.enqueueAndLand(issue);
    expect(entry.status).toBe('failed');
    expect(entry.error).toContain('baton/BAT-1 no longer exists');
    expect(await h.state('BAT-1')).toBe('Rework');
    const [fb] = await feedback('BAT-1');
    expect(fb!.summary).toContain('no longer exists');
    expect(fb!.summary).toContain('fresh worktree');
    expect(await git(h.repo, 'rev-parse', 'main')).toBe(main);
  });

  it('a worktree deleted by hand (branch kept) fails the landing the same way', async () => {
    const { issue, wt } = await h.ticket('Deleted worktree');
    await h.work(wt, { 'x.txt': 'x\n' });
    await git(h.repo, 'worktree', 'remove', '--force', wt);
    const entry = await h.enqueueAndLand(issue);
    expect(entry.status).toBe('failed');
    expect(entry.error).toContain(`worktree ${wt} no longer exists`);
    expect(await h.state('BAT-1')).toBe('Rework');
    // The branch with the work is kept for the next run.
    expect(await gitCode(h.repo, 'rev-parse', '--verify', '--quiet', 'refs/heads/baton/BAT-1')).toBe(0);
  });

  it('a ticket moved out of the merging state before it lands is not landed', async () => {
    const go = path.join(h.dir, 'go');
    h.config.review.checks = `while [ ! -f '${go}' ]; do sleep 0.05; done`;
    const { issue, wt } = await h.ticket('Changed my mind');
    await h.work(wt, { 'x.txt': 'x\n' });
    const head = await git(wt, 'rev-parse', 'HEAD');
    const main = await h.commitOnMain({ 'other.txt': 'other\n' });
    const entry = value(await h.queue.enqueue({ kind: 'ticket', issue }));
    // Moved while its checks run: noticed before the base advances.
    await waitFor(() => value(h.stores.landings.get(entry.id)).step === 'checking', 10_000, 'the check');
    value(await h.tracker.updateIssue('BAT-1', { state: 'Human Review' }));
    // Meanwhile an agent (or a person) works in the worktree again: the landing must not touch it.
    await writeFile(path.join(wt, 'x.txt'), 'edited after the move\n');
    await writeFile(path.join(wt, 'new.txt'), 'new after the move\n');
    await writeFile(go, '');
    await h.queue.tick();
    const done = value(h.stores.landings.get(entry.id));
    expect(done.status).toBe('failed');
    expect(done.error).toContain('left Merging');
    expect(await git(h.repo, 'rev-parse', 'main')).toBe(main);
    expect(await h.state('BAT-1')).toBe('Human Review');
    expect(await exists(wt)).toBe(true);
    expect(await git(wt, 'rev-parse', 'HEAD')).toBe(head);
    expect(await readFile(path.join(wt, 'x.txt'), 'utf8')).toBe('edited after the move\n');
    expect(await readFile(path.join(wt, 'new.txt'), 'utf8')).toBe('new after the move\n');
    expect(await git(wt, 'status', '--porcelain')).toBe('M x.txt\n?? new.txt');
  });

  it('a worktree with a merge someone else left unfinished goes back to Rework untouched', async () => {
    const { issue, wt } = await h.ticket('Unfinished merge');
    await h.work(wt, { 'README.md': 'agent\n' });
    await h.commitOnMain({ 'README.md': 'main\n' });
    expect(await gitCode(wt, 'merge', 'main')).not.toBe(0);
    const entry = await h.enqueueAndLand(issue);
    expect(entry.status).toBe('failed');
    expect(entry.error).toContain('unfinished merge');
    expect(await h.state('BAT-1')).toBe('Rework');
    // Not ours to abort: the agent's conflict resolution in progress stays.
    expect(await gitCode(wt, 'rev-parse', '--verify', '--quiet', 'MERGE_HEAD')).toBe(0);
  });

  it('a worktree switched to another branch goes back to Rework', async () => {
    const { issue, wt } = await h.ticket('Switched');
    await h.work(wt, { 'x.txt': 'x\n' });
    await git(wt, 'switch', '-q', '-c', 'elsewhere');
    const entry = await h.enqueueAndLand(issue);
    expect(entry).toMatchObject({ status: 'failed', error: 'the worktree is on branch elsewhere, not baton/BAT-1' });
    expect(await h.state('BAT-1')).toBe('Rework');
    expect(value(h.stores.reviews.listFeedback('BAT-1'))[0]!.summary).toContain('git switch baton/BAT-1');
  });

  it('blocks while the base branch cannot be resolved, and while the checks cannot start', async () => {
    const { issue, wt } = await h.ticket('Blocked');
    await h.work(wt, { 'x.txt': 'x\n' });
    h.config.workspace.base_branch = 'gone';
    const entry = await h.enqueueAndLand(issue);
    expect(entry.status).toBe('blocked');
    expect(entry.error).toContain('base branch "gone"');

    h.config.workspace.base_branch = null;
    h.config.review.checks = 'true';
    const noPty = new CheckRunner({ terminals: h.terminals, config: () => h.config, copies: h.checkCopies(), spawn: () => err('pty_spawn_failed', 'no ptys left') });
    const queue = h.makeQueue({ checks: noPty });
    await queue.tick();
    expect(value(h.stores.landings.get(entry.id))).toMatchObject({ status: 'blocked', step: 'checking', error: 'the checks could not run: no ptys left' });
    expect(await h.state('BAT-1')).toBe('Merging');

    await h.queue.tick();
    expect(value(h.stores.landings.get(entry.id)).status).toBe('landed');
  });

  it('waits for the next poll when the base keeps moving during every check', async () => {
    h.config.review.checks = `cd '${h.repo}' && date +%s%N > moving.txt && git add moving.txt && git commit -qm moving`;
    const { issue, wt } = await h.ticket('Busy base');
    await h.work(wt, { 'x.txt': 'x\n' });
    const entry = await h.enqueueAndLand(issue);
    expect(entry.status).toBe('blocked');
    expect(entry.error).toContain(`moved ${MAX_UPDATE_ROUNDS} times`);
    expect(await h.state('BAT-1')).toBe('Merging');
    expect(await gitCode(h.repo, 'cat-file', '-e', 'main:x.txt')).not.toBe(0);
    // Five rounds, each a fresh check copy and a login shell: slow on a loaded 2-core machine.
  }, 60_000);
});
