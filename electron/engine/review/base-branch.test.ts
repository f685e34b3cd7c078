import { execFileSync } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { testConfig } from '../../../test/fixtures/service-config.js';
import { ManualClock } from '../../../test/mocks/manual-clock.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import { GitWorktrees } from '../workspace/git-worktree.js';
import { BASE_BRANCH_TTL_MS, baseBranchResolver } from './base-branch.js';

const GIT_ENV = { ...process.env, GIT_AUTHOR_NAME: 't', GIT_AUTHOR_EMAIL: 't@t', GIT_COMMITTER_NAME: 't', GIT_COMMITTER_EMAIL: 't@t' };
let dir: string;

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'base-branch-'));
  execFileSync('git', ['init', '-q', '-b', 'main'], { cwd: dir });
  await writeFile(path.join(dir, 'a.txt'), 'a\n');
  execFileSync('git', ['add', '-A'], { cwd: dir });
  execFileSync('git', ['commit', '-qm', 'a'], { cwd: dir, env: GIT_ENV });
});
afterEach(() => rm(dir, { recursive: true, force: true }));

describe('baseBranchResolver', () => {
  it('resolves the current branch, reuses it for a moment, and sees a switch after that', async () => {
    const clock = new ManualClock();
    const resolve = baseBranchResolver(() => testConfig({ workspace: { repo: dir } }), new GitWorktrees(), clock);
    expect(await resolve()).toBe('main');
    execFileSync('git', ['checkout', '-qb', 'trunk'], { cwd: dir });
    expect(await resolve()).toBe('main');
    await clock.advance(BASE_BRANCH_TTL_MS);
    expect(await resolve()).toBe('trunk');
  });

  it('is null without a repository or for a base that does not exist, and follows a config change at once', async () => {
    const clock = new ManualClock();
    let config: ServiceConfig = testConfig({ workspace: { repo: null } });
    const resolve = baseBranchResolver(() => config, new GitWorktrees(), clock);
    expect(await resolve()).toBeNull();
    config = testConfig({ workspace: { repo: dir, base_branch: 'release' } });
    expect(await resolve()).toBeNull();
    config = testConfig({ workspace: { repo: dir, base_branch: 'main' } });
    expect(await resolve()).toBe('main');
  });
});
