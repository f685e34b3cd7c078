import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { execGit } from './git-exec.js';

let dir: string;
const saved = { ...process.env };
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'baton-git-env-'));
});
afterEach(async () => {
  process.env = { ...saved };
  await rm(dir, { recursive: true, force: true });
});

describe('the environment of the gits Baton starts', () => {
  it('holds neither the tracker key nor the API token: hooks and aliases git runs see what git sees', async () => {
    process.env.LINEAR_API_KEY = 'lin_secret_for_git_env_test';
    process.env.BATON_API_TOKEN = 'token_for_git_env_test';
    process.env.BATON_GIT_ENV_PROBE = 'kept';
    // A shell alias prints the environment git hands to what it runs (as a hook would get it).
    const out = await execGit(['-c', 'alias.showenv=!env', 'showenv'], { cwd: dir });
    expect(out.code).toBe(0);
    expect(out.stdout).toContain('BATON_GIT_ENV_PROBE=kept');
    expect(out.stdout).not.toContain('lin_secret_for_git_env_test');
    expect(out.stdout).not.toContain('token_for_git_env_test');
  });
});
