import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { resolveInsideRoots } from './path-guard.js';

describe('resolveInsideRoots', () => {
  let dir: string;
  let repo: string;
  let workspaces: string;

  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'baton-path-guard-'));
    repo = path.join(dir, 'repo');
    workspaces = path.join(dir, 'workspaces');
    await mkdir(path.join(workspaces, 'BAT-1'), { recursive: true });
    await mkdir(repo);
    await writeFile(path.join(workspaces, 'BAT-1', 'notes.txt'), 'x');
    await writeFile(path.join(dir, 'secret.txt'), 'x');
  });

  afterEach(() => rm(dir, { recursive: true, force: true }));

  it('allows folders and files inside a root, saying which is which', async () => {
    expect(await resolveInsideRoots(path.join(workspaces, 'BAT-1'), [repo, workspaces])).toMatchObject({ ok: true, value: { isDirectory: true } });
    expect(await resolveInsideRoots(path.join(workspaces, 'BAT-1', 'notes.txt'), [repo, workspaces])).toMatchObject({ ok: true, value: { isDirectory: false } });
    expect(await resolveInsideRoots(repo, [repo])).toMatchObject({ ok: true });
  });

  it('refuses a path outside every root', async () => {
    const result = await resolveInsideRoots(path.join(dir, 'secret.txt'), [repo, workspaces]);
    expect(result).toMatchObject({ ok: false, error: { code: 'path-outside-workspace' } });
    expect(await resolveInsideRoots('/etc', [repo, workspaces])).toMatchObject({ ok: false, error: { code: 'path-outside-workspace' } });
  });

  it('refuses a sibling whose name merely starts like a root', async () => {
    await mkdir(path.join(dir, 'workspaces-evil'));
    expect(await resolveInsideRoots(path.join(dir, 'workspaces-evil'), [workspaces])).toMatchObject({ ok: false });
  });

  it('refuses a symlink inside a root that points outside it', async () => {
    await symlink(path.join(dir, 'secret.txt'), path.join(workspaces, 'BAT-1', 'link'));
    expect(await resolveInsideRoots(path.join(workspaces, 'BAT-1', 'link'), [workspaces])).toMatchObject({ ok: false, error: { code: 'path-outside-workspace' } });
  });

  it('refuses a path that does not exist', async () => {
    expect(await resolveInsideRoots(path.join(workspaces, 'nope'), [workspaces])).toMatchObject({ ok: false, error: { code: 'path-not-found' } });
  });
});
