import { lstat, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { waitFor } from '../fixtures/fake-pty-agent/helpers.js';
import { flakyTracker, LandingHarness, value } from './review-landing-harness.js';
import { git, gitCode, isGone } from './workspace-helpers.js';

const exists = (p: string) => lstat(p).then(() => true, () => false);

describe('landing queue: order, restarts, push, guidance, sampling', { timeout: 30_000 }, () => {
  let h: LandingHarness;
  beforeEach(async () => {
    h = await LandingHarness.create();
  });
  afterEach(async () => {
    await h.close();
  });

  it('lands queued tickets one at a time, in order, and shows files and overlaps meanwhile', async () => {
    const go = path.join(h.dir, 'go');
    h.config.review.checks = `while [ ! -f '${go}' ]; do sleep 0.05; done`;
    const one = await h.ticket('First');
    const two = await h.ticket('Second');
    await h.work(one.wt, { 'shared.txt': 'one\n', 'one.txt': '1\n' });
    await h.work(two.wt, { 'two.txt': '2\n' });
    await h.work(two.wt, { 'shared.txt': 'two\n' }, false);
    let maxLanding = 0;
    const queue = h.makeQueue({
      onChange: () => {
        const active = value(h.stores.landings.listActive());
        maxLanding = Math.max(maxLanding, active.filter((e) => e.status === 'landing').length);
      },
    });
    value(await queue.enqueue({ kind: 'ticket', issue: one.issue }));
    value(await queue.enqueue({ kind: 'ticket', issue: two.issue }));
    // The step is stored as the check starts; its terminal id a moment later, once the pty exists.
    await waitFor(() => {
      const first = value(h.stores.landings.get(1));
      return first.step === 'checking' && first.terminal_id !== null;
    }, 10_000, 'the first check');

    const listed = await queue.list();
    expect(listed).toMatchObject({ repo: h.repo, base_branch: 'main', strategy: 'merge', checks: h.config.review.checks, recent: [] });
    expect(listed.entries.map((e) => [e.identifier, e.status])).toEqual([
      ['BAT-1', 'landing'],
      ['BAT-2', 'queued'],
    ]);
    expect(listed.entries[0]!.terminal_id).toMatch(/^check-BAT-1-/);
    expect(listed.entries[0]!.files).toEqual(['one.txt', 'shared.txt']);
    expect(listed.entries[1]!.files).toEqual(['shared.txt', 'two.txt']);
    // The queue is built without line ranges here: shared files count as the same file only.
    expect(listed.entries[0]!.overlaps).toEqual([{ identifier: 'BAT-2', files: ['shared.txt'], conflicts: [] }]);
    expect(listed.entries[1]!.overlaps).toEqual([{ identifier: 'BAT-1', files: ['shared.txt'], conflicts: [] }]);
    expect(listed.entries[0]).not.toHaveProperty('payload');

    await writeFile(go, '');
    await queue.tick();
    expect(maxLanding).toBe(1);
    // The second conflicts with the first on shared.txt once the first has landed.
    expect(value(h.stores.landings.get(1)).status).toBe('landed');
    expect(value(h.stores.landings.get(2))).toMatchObject({ status: 'failed' });
    expect(await h.state('BAT-2')).toBe('Rework');
    const after = await queue.list();
    expect(after.entries).toEqual([]);
    expect(after.recent.map((e) => e.identifier)).toEqual(['BAT-2', 'BAT-1']);
  });

  it('lands two independent tickets in queue order', async () => {
    const one = await h.ticket('First');
    const two = await h.ticket('Second');
    await h.work(one.wt, { 'one.txt': '1\n' });
    await h.work(two.wt, { 'two.txt': '2\n' });
    const queue = h.makeQueue();
    // Queued before anything runs: both wait, then land in id order.
    h.stores.landings.enqueue({ kind: 'ticket', issue_id: two.issue.id, identifier: 'BAT-2', title: 'Second', branch: 'baton/BAT-2', enqueued_at: 't' });
    h.stores.landings.enqueue({ kind: 'ticket', issue_id: one.issue.id, identifier: 'BAT-1', title: 'First', branch: 'baton/BAT-1', enqueued_at: 't' });
    await queue.tick();
    expect(await git(h.repo, 'log', '--first-parent', '--format=%s', '-2', 'main')).toBe('Merge BAT-1: First\nMerge BAT-2: Second');
    expect(await h.state('BAT-1')).toBe('Done');
    expect(await h.state('BAT-2')).toBe('Done');
  });

  it('adopts a ticket dragged to Merging, and restarts an entry a stopped engine left mid-landing', async () => {
    const dragged = await h.ticket('Dragged');
    await h.work(dragged.wt, { 'dragged.txt': 'd\n' });
    const interrupted = await h.ticket('Interrupted');
    await h.work(interrupted.wt, { 'interrupted.txt': 'i\n' });
    await h.commitOnMain({ 'main.txt': 'm\n' });
    // The engine stopped in the middle of merging main into a copy of the work (left behind).
    const stale = value(await h.checkCopies().create(await git(interrupted.wt, 'rev-parse', 'HEAD'), 'BAT-2-landing'));
    await git(stale, 'merge', '--no-commit', '--no-ff', 'main');
    const left = value(h.stores.landings.enqueue({ kind: 'ticket', issue_id: interrupted.issue.id, identifier: 'BAT-2', title: 'Interrupted', branch: 'baton/BAT-2', enqueued_at: 't' }));
    h.stores.landings.update(left.id, { status: 'landing', step: 'updating', payload: { work: await git(interrupted.wt, 'rev-parse', 'HEAD') } });

    await h.makeQueue().tick();
    const entries = value(h.stores.landings.listRecent(10));
    expect(entries.map((e) => [e.identifier, e.status])).toEqual([
      ['BAT-1', 'landed'],
      ['BAT-2', 'landed'],
    ]);
    expect(await h.readMain('dragged.txt')).toBe('d');
    expect(await h.readMain('interrupted.txt')).toBe('i');
    // Redone from the start in a fresh copy, whatever the stopped one had left half-merged.
    expect((await git(h.repo, 'log', '--first-parent', '--format=%s', 'main')).split('\n')).toContain('Merge BAT-2: Interrupted');
    expect(await h.state('BAT-1')).toBe('Done');
    expect(await h.state('BAT-2')).toBe('Done');
  });

  it('dispose stops a running check; the next engine lands the entry from the start', async () => {
    const marker = path.join(h.dir, 'started');
    const pidFile = path.join(h.dir, 'check.pid');
    h.config.review.checks = `if [ ! -f '${marker}' ]; then touch '${marker}'; sleep 300 & echo $! > '${pidFile}'; wait; fi`;
    const { issue, wt } = await h.ticket('Interrupted check');
    await h.work(wt, { 'x.txt': 'x\n' });
    const first = h.makeQueue();
    const entry = value(await first.enqueue({ kind: 'ticket', issue }));
    await waitFor(async () => /^\d+\s*$/.test(await readFile(pidFile, 'utf8').catch(() => '')), 10_000, 'the check to start');
    const sleeper = Number((await readFile(pidFile, 'utf8')).trim());
    await first.dispose();
    expect(await isGone(sleeper)).toBe(true);
    expect(value(h.stores.landings.get(entry.id))).toMatchObject({ status: 'landing', step: 'checking' });

    await h.makeQueue().tick();
    expect(value(h.stores.landings.get(entry.id)).status).toBe('landed');
    expect(await h.state('BAT-1')).toBe('Done');
  });

  it('pushes main to a bare remote after landing', async () => {
    const remote = path.join(h.dir, 'remote.git');
    await git(h.dir, 'init', '-q', '--bare', remote);
    await git(h.repo, 'remote', 'add', 'origin', remote);
    await git(h.repo, 'push', '-q', 'origin', 'main');
    h.config.review.push = true;
    const { issue, wt } = await h.ticket('Pushed');
    await h.work(wt, { 'pushed.txt': 'p\n' });
    const entry = await h.enqueueAndLand(issue);
    expect(entry).toMatchObject({ status: 'landed', push_error: null });
    expect(await git(remote, 'rev-parse', 'main')).toBe(entry.landed_commit);
  });

  it('records a push failure on a landed entry', async () => {
    h.config.review.push = true;
    h.config.review.remote = 'nowhere';
    const { issue, wt } = await h.ticket('Not pushed');
    await h.work(wt, { 'x.txt': 'x\n' });
    const entry = await h.enqueueAndLand(issue);
    expect(entry.status).toBe('landed');
    expect(entry.push_error).toContain('git push nowhere main failed');
    expect(await h.readMain('x.txt')).toBe('x');
    expect(await h.state('BAT-1')).toBe('Done');
  });

  it('blocks on a tracker write failure and finishes on a later tick, recording feedback once', async () => {
    let failing = true;
    const flaky = flakyTracker(h.tracker, () => failing);
    const queue = h.makeQueue({ tracker: flaky });

    const good = await h.ticket('Lands');
    const bad = await h.ticket('Conflicts');
    await h.work(good.wt, { 'good.txt': 'g\n' });
    await h.work(bad.wt, { 'good.txt': 'other\n' });
    const entry = await h.enqueueAndLand(good.issue, queue);
    expect(entry).toMatchObject({ status: 'blocked', step: 'cleaning' });
    expect(entry.error).toContain('moving BAT-1 to Done failed (database is locked)');
    expect(entry.landed_commit).toBe(await git(h.repo, 'rev-parse', 'main'));

    const badEntry = value(await queue.enqueue({ kind: 'ticket', issue: bad.issue }));
    await queue.tick();
    expect(value(h.stores.landings.get(badEntry.id)).status).toBe('blocked');
    expect(value(h.stores.landings.get(badEntry.id)).error).toContain('moving BAT-2 to Rework failed');

    failing = false;
    await queue.tick();
    expect(value(h.stores.landings.get(entry.id)).status).toBe('landed');
    expect(await h.state('BAT-1')).toBe('Done');
    expect(await exists(good.wt)).toBe(false);
    expect(value(h.stores.landings.get(badEntry.id)).status).toBe('failed');
    expect(await h.state('BAT-2')).toBe('Rework');
    expect(value(h.stores.reviews.listFeedback('BAT-2'))).toHaveLength(1);
    expect(value(await h.tracker.listComments('BAT-2'))).toHaveLength(1);
  });

  it('a new approval supersedes an entry still waiting to send the ticket back', async () => {
    let failing = true;
    const queue = h.makeQueue({ tracker: flakyTracker(h.tracker, () => failing) });
    const { issue, wt } = await h.ticket('Conflicts');
    await h.work(wt, { 'README.md': 'agent\n' });
    await h.commitOnMain({ 'README.md': 'main\n' });
    const stale = await h.enqueueAndLand(issue, queue);
    expect(stale.status).toBe('blocked');
    // An operator takes the ticket back to review and approves it again.
    failing = false;
    const reviewed = value(await h.tracker.updateIssue('BAT-1', { state: 'Human Review' }));
    const fresh = value(await queue.enqueue({ kind: 'ticket', issue: reviewed }));
    expect(fresh.id).not.toBe(stale.id);
    expect(value(h.stores.landings.get(stale.id)).status).toBe('failed');
    await queue.tick();
    expect(value(h.stores.landings.get(fresh.id)).status).toBe('failed');
    expect(await h.state('BAT-1')).toBe('Rework');
    expect(value(h.stores.reviews.listFeedback('BAT-1')).map((f) => f.round)).toEqual([1, 2]);
    expect(value(await h.tracker.listComments('BAT-1'))).toHaveLength(1);
  });

  it('guidance: appends to the guidance file on main through the queue, twice from the same base', async () => {
    h.config.review.land = 'squash';
    const first = value(await h.queue.enqueueGuidance({ text: 'Never delete a worktree without a snapshot.', identifier: 'BAT-7', finding_id: 'f1' }));
    const second = value(await h.queue.enqueueGuidance({ text: 'Run the linter before handing off.' }));
    expect(first).toMatchObject({ kind: 'guidance', identifier: 'guidance-1', branch: 'baton/guidance-1', title: 'Guidance: Never delete a worktree without a snapshot.' });
    expect(second.identifier).toBe('guidance-2');
    await h.queue.tick();

    expect(value(h.stores.landings.get(first.id)).status).toBe('landed');
    expect(value(h.stores.landings.get(second.id)).status).toBe('landed');
    const text = await h.readMain('docs/agent-guidance.md');
    expect(text).toMatch(/^# Agent guidance\n\n## From BAT-7, finding f1 \(\d{4}-\d\d-\d\d\)\n\nNever delete a worktree without a snapshot\.\n\n## Added \d{4}-\d\d-\d\d\n\nRun the linter before handing off\.$/);
    expect(await h.readCheckout('docs/agent-guidance.md')).toBe(`${text}\n`);
    expect(await exists(path.join(h.root, 'guidance-1'))).toBe(false);
    expect(await gitCode(h.repo, 'rev-parse', '--verify', '--quiet', 'refs/heads/baton/guidance-2')).not.toBe(0);
    expect(await git(h.repo, 'log', '-2', '--format=%s', 'main')).toBe('guidance-2: Guidance: Run the linter before handing off.\nguidance-1: Guidance: Never delete a worktree without a snapshot.');
  });

  it('guidance whose checks fail is not landed; its commit is kept in a snapshot ref', async () => {
    h.config.review.checks = 'echo "docs lint failed"; exit 1';
    const main = await git(h.repo, 'rev-parse', 'main');
    const entry = value(await h.queue.enqueueGuidance({ text: 'Some advice.' }));
    await h.queue.tick();
    const failed = value(h.stores.landings.get(entry.id));
    expect(failed.status).toBe('failed');
    expect(failed.error).toContain('docs lint failed');
    expect(failed.error).toContain('saved at refs/baton/snapshots/guidance-1/1');
    expect(await git(h.repo, 'rev-parse', 'main')).toBe(main);
    expect(await git(h.repo, 'show', 'refs/baton/snapshots/guidance-1/1:docs/agent-guidance.md')).toContain('Some advice.');
    expect(await exists(path.join(h.root, 'guidance-1'))).toBe(false);
    expect(value(h.stores.reviews.listFeedback('guidance-1'))).toEqual([]);
  });

  it('guidance needs a repository and a guidance file inside it', async () => {
    h.config.review.guidance_file = '../outside.md';
    expect(await h.queue.enqueueGuidance({ text: 'x' })).toMatchObject({ ok: false, error: { code: 'invalid_guidance_file' } });
    h.config.workspace.repo = null;
    expect(await h.queue.enqueueGuidance({ text: 'x' })).toMatchObject({ ok: false, error: { code: 'no_repository' } });
  });

  for (const [random, audited] of [[0, true], [1, false]] as const) {
    it(`sampling with auto_land: random() = ${random} ${audited ? 'audits' : 'does not audit'} the landed ticket`, async () => {
      h.config.review.auto_land = true;
      h.config.review.sample_rate = 0.5;
      h.random = random;
      const { issue, wt } = await h.ticket('Auto-landed');
      await h.work(wt, { 'auto.txt': 'a\n' });
      const entry = await h.enqueueAndLand(issue);
      expect(entry.status).toBe('landed');
      const audits = value(h.stores.audits.listOpen());
      if (!audited) return expect(audits).toEqual([]);
      expect(audits).toEqual([
        { id: 1, landing_id: entry.id, identifier: 'BAT-1', title: 'Auto-landed', base_before: entry.base_before, landed_commit: entry.landed_commit, created_at: expect.any(String), status: 'open' },
      ]);
    });
  }

  it('does not sample when auto_land is off', async () => {
    h.config.review.sample_rate = 1;
    h.random = 0;
    const { issue, wt } = await h.ticket('Reviewed by a person');
    await h.work(wt, { 'x.txt': 'x\n' });
    expect((await h.enqueueAndLand(issue)).status).toBe('landed');
    expect(value(h.stores.audits.listOpen())).toEqual([]);
  });
});
