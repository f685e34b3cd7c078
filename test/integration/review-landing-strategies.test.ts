import { lstat, readdir, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execGit, type GitExec } from '../../electron/engine/lib/git/git-exec.js';
import { LandingHarness, value } from './review-landing-harness.js';
import { git, gitCode } from './workspace-helpers.js';

const exists = (p: string) => lstat(p).then(() => true, () => false);

describe('landing queue: strategies', { timeout: 30_000 }, () => {
  let h: LandingHarness;
  beforeEach(async () => {
    h = await LandingHarness.create();
  });
  afterEach(async () => {
    await h.close();
  });

  it('merge: commits uncommitted work with the title, lands a merge commit on main, and cleans up', async () => {
    const { issue, wt } = await h.ticket('Add the feature');
    await h.work(wt, { 'src/feature.ts': 'export const feature = true;\n' });
    await h.work(wt, { 'notes.md': 'unsaved\n' }, false);
    const before = await git(h.repo, 'rev-parse', 'main');
    // Someone else landed an unrelated change first: the merge brings it in.
    const other = await h.commitOnMain({ 'other.txt': 'other\n' });

    const landed = await h.enqueueAndLand(issue);
    expect(landed).toMatchObject({ status: 'landed', step: null, error: null, base_before: other, kind: 'ticket', branch: 'baton/BAT-1' });
    const main = await git(h.repo, 'rev-parse', 'main');
    expect(landed.landed_commit).toBe(main);
    expect(await git(h.repo, 'log', '-1', '--format=%s', 'main')).toBe('Merge BAT-1: Add the feature');
    const parents = (await git(h.repo, 'log', '-1', '--format=%P', 'main')).split(' ');
    expect(parents[0]).toBe(other);
    expect(parents).toHaveLength(2);
    // The uncommitted file became a commit titled after the ticket.
    expect(await git(h.repo, 'log', '--format=%s', `${before}..main`)).toContain('BAT-1: Add the feature');
    expect(await h.readMain('notes.md')).toBe('unsaved');
    expect(await h.readMain('src/feature.ts')).toBe('export const feature = true;');
    expect(landed.files.sort()).toEqual(['notes.md', 'src/feature.ts']);
    // The main checkout's files followed its branch.
    expect(await h.readCheckout('src/feature.ts')).toBe('export const feature = true;\n');
    expect(await git(h.repo, 'status', '--porcelain')).toBe('');
    expect(await h.state('BAT-1')).toBe('Done');
    expect(await exists(wt)).toBe(false);
    expect(await gitCode(h.repo, 'rev-parse', '--verify', '--quiet', 'refs/heads/baton/BAT-1')).not.toBe(0);
    expect(h.changes).toBeGreaterThan(3);
  });

  it('rebase: replays the branch on the latest main and fast-forwards main (linear history)', async () => {
    h.config.review.land = 'rebase';
    const { issue, wt } = await h.ticket('Rebased work');
    await h.work(wt, { 'a.txt': 'a\n' }, 'first');
    await h.work(wt, { 'b.txt': 'b\n' }, 'second');
    const other = await h.commitOnMain({ 'other.txt': 'other\n' });

    const landed = await h.enqueueAndLand(issue);
    expect(landed.status).toBe('landed');
    expect(await git(h.repo, 'log', '--format=%s', `${other}..main`)).toBe('second\nfirst');
    expect(await git(h.repo, 'rev-list', '--merges', 'main')).toBe('');
    expect(landed.landed_commit).toBe(await git(h.repo, 'rev-parse', 'main'));
    expect(await h.readCheckout('b.txt')).toBe('b\n');
    expect(await h.state('BAT-1')).toBe('Done');
    expect(await exists(wt)).toBe(false);
  });

  it('squash: lands one commit with the title, and the branch is kept in a snapshot ref', async () => {
    h.config.review.land = 'squash';
    const { issue, wt } = await h.ticket('Squashed work');
    await h.work(wt, { 'a.txt': 'a\n' }, 'first');
    await h.work(wt, { 'b.txt': 'b\n' }, 'second');
    const tip = await git(wt, 'rev-parse', 'HEAD');
    const before = await git(h.repo, 'rev-parse', 'main');

    const landed = await h.enqueueAndLand(issue);
    expect(landed.status).toBe('landed');
    expect(await git(h.repo, 'rev-list', '--count', `${before}..main`)).toBe('1');
    expect(await git(h.repo, 'log', '-1', '--format=%s', 'main')).toBe('BAT-1: Squashed work');
    expect(await git(h.repo, 'log', '-1', '--format=%P', 'main')).toBe(before);
    expect(await h.readMain('a.txt')).toBe('a');
    expect(await h.readMain('b.txt')).toBe('b');
    // The branch is not an ancestor of main after a squash: its commits must still be reachable.
    const snapshots = await git(h.repo, 'for-each-ref', '--format=%(refname)', 'refs/baton/snapshots/BAT-1/');
    expect(snapshots).not.toBe('');
    expect(await gitCode(h.repo, 'merge-base', '--is-ancestor', tip, snapshots.split('\n')[0]!)).toBe(0);
    expect(await h.state('BAT-1')).toBe('Done');
  });

  it('runs the checks as a live check terminal, on a copy of what would land, before advancing', async () => {
    h.config.review.checks = 'test -f feature.txt && echo "checks ok in $(basename "$PWD")"';
    const { issue, wt } = await h.ticket('Checked work');
    await h.work(wt, { 'feature.txt': 'x\n' });
    const landed = await h.enqueueAndLand(issue);
    expect(landed.status).toBe('landed');
    expect(landed.terminal_id).toMatch(/^check-BAT-1-/);
    const info = h.terminals.info(landed.terminal_id!);
    expect(info).toMatchObject({ kind: 'check', issue_identifier: 'BAT-1', exited: true, exit_code: 0 });
    // Never in the ticket's worktree: in a disposable copy, gone after the landing.
    expect(h.terminals.get(landed.terminal_id!)!.lastLines(5).join('\n')).toMatch(/checks ok in \.baton-check-BAT-1-/);
    expect((await readdir(h.root)).filter((n) => n.startsWith('.baton-check-'))).toEqual([]);
  });

  it('lands a ticket with nothing to land as is, without a new commit', async () => {
    const { issue } = await h.ticket('Nothing changed');
    const before = await git(h.repo, 'rev-parse', 'main');
    const landed = await h.enqueueAndLand(issue);
    expect(landed).toMatchObject({ status: 'landed', landed_commit: before, base_before: before, files: [] });
    expect(await git(h.repo, 'rev-parse', 'main')).toBe(before);
    expect(await h.state('BAT-1')).toBe('Done');
  });

  it("commits with Baton's identity when git has none configured", async () => {
    // No global or system config, and the repository's own identity removed.
    const bare: GitExec = (args, options) => execGit(args, { ...options, env: { GIT_CONFIG_GLOBAL: '/dev/null', GIT_CONFIG_NOSYSTEM: '1', ...options.env } });
    const queue = h.makeQueue({ git: bare });
    const { issue, wt } = await h.ticket('No identity');
    await h.work(wt, { 'x.txt': 'x\n' }, false);
    await git(h.repo, 'config', '--unset', 'user.name');
    await git(h.repo, 'config', '--unset', 'user.email');
    const landed = await h.enqueueAndLand(issue, queue);
    expect(landed.status).toBe('landed');
    expect(await git(h.repo, 'log', '-1', '--format=%an <%ae>|%cn <%ce>|%s', 'main')).toBe('Baton <baton@localhost>|Baton <baton@localhost>|Merge BAT-1: No identity');
    expect(await git(h.repo, 'log', '-1', '--format=%an <%ae>|%s', 'main^2')).toBe('Baton <baton@localhost>|BAT-1: No identity');
  });

  it('enqueue is idempotent and moves a ticket from review to the merging state', async () => {
    const go = path.join(h.dir, 'go');
    h.config.review.checks = `while [ ! -f '${go}' ]; do sleep 0.05; done`;
    const { issue } = await h.ticket('Approved', 'Human Review');
    // Two approvals at once.
    const [first, second] = (await Promise.all([h.queue.enqueue({ kind: 'ticket', issue }), h.queue.enqueue({ kind: 'ticket', issue })])).map(value);
    expect(await h.state('BAT-1')).toBe('Merging');
    expect(second!.id).toBe(first!.id);
    expect(value(await h.queue.enqueue({ kind: 'ticket', issue })).id).toBe(first!.id);
    expect(value(h.stores.landings.listActive()).map((e) => e.id)).toEqual([first!.id]);
    await writeFile(go, '');
    await h.queue.tick();
    expect(value(h.stores.landings.get(first!.id)).status).toBe('landed');
  });
});
