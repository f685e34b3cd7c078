import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { assertAgentCwd, isStrictlyInside, resolveInsideRoot } from './containment.js';

describe('isStrictlyInside', () => {
  it('accepts children and rejects the root itself, parents and siblings with a shared prefix', () => {
    expect(isStrictlyInside('/w', '/w/a')).toBe(true);
    expect(isStrictlyInside('/w', '/w/a/b')).toBe(true);
    expect(isStrictlyInside('/w', '/w')).toBe(false);
    expect(isStrictlyInside('/w', '/')).toBe(false);
    expect(isStrictlyInside('/w', '/wx/a')).toBe(false);
    expect(isStrictlyInside('/w', '/w/../etc')).toBe(false);
    expect(isStrictlyInside('/w', '/w/..a')).toBe(true);
  });
});

describe('resolveInsideRoot', () => {
  let dir: string;
  let root: string;

  beforeEach(async () => {
    dir = await realpath(await mkdtemp(path.join(os.tmpdir(), 'baton-contain-')));
    root = path.join(dir, 'root');
    await mkdir(root);
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('returns the absolute workspace path for a plain key', async () => {
    expect(await resolveInsideRoot(root, 'BAT-1')).toEqual({ ok: true, value: path.join(root, 'BAT-1') });
  });

  it('normalizes a relative root to an absolute path', async () => {
    const rel = path.relative(process.cwd(), root);
    expect(await resolveInsideRoot(rel, 'k')).toEqual({ ok: true, value: path.join(root, 'k') });
  });

  it('resolves a symlinked root to its real path', async () => {
    const link = path.join(dir, 'link');
    await symlink(root, link);
    expect(await resolveInsideRoot(link, 'k')).toEqual({ ok: true, value: path.join(root, 'k') });
  });

  it('works before the root exists', async () => {
    const missing = path.join(dir, 'not-yet');
    expect(await resolveInsideRoot(missing, 'k')).toEqual({ ok: true, value: path.join(missing, 'k') });
  });

  it.each(['..', '.', '', '../etc', '../../etc', '/etc', `..${path.sep}root2`])('rejects key %j', async (key) => {
    const result = await resolveInsideRoot(root, key);
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('workspace_outside_root');
  });

  it('rejects keys with separators that stay inside', async () => {
    const result = await resolveInsideRoot(root, 'a/b');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_workspace_key');
  });

  it('rejects a symlink at the workspace path that points outside the root', async () => {
    const outside = path.join(dir, 'outside');
    await mkdir(outside);
    await symlink(outside, path.join(root, 'evil'));
    const result = await resolveInsideRoot(root, 'evil');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('workspace_outside_root');
  });

  it('rejects a dangling symlink at the workspace path', async () => {
    await symlink(path.join(dir, 'gone'), path.join(root, 'dangling'));
    const result = await resolveInsideRoot(root, 'dangling');
    expect(result.ok).toBe(false);
  });

  it('accepts a symlink whose target stays inside the root', async () => {
    await mkdir(path.join(root, 'real'));
    await symlink(path.join(root, 'real'), path.join(root, 'alias'));
    expect((await resolveInsideRoot(root, 'alias')).ok).toBe(true);
  });

  it('does not care what kind of entry a safe path holds', async () => {
    await writeFile(path.join(root, 'file'), 'x');
    expect((await resolveInsideRoot(root, 'file')).ok).toBe(true);
  });
});

describe('assertAgentCwd', () => {
  it('accepts the workspace path itself, also in a non-normalized spelling', () => {
    expect(assertAgentCwd('/w/BAT-1', '/w/BAT-1').ok).toBe(true);
    expect(assertAgentCwd('/w/x/../BAT-1/', '/w/BAT-1', '/w').ok).toBe(true);
  });

  it('rejects any other cwd with invalid_workspace_cwd', () => {
    for (const cwd of ['/w', '/w/BAT-1/sub', '/w/BAT-2', '/']) {
      const result = assertAgentCwd(cwd, '/w/BAT-1');
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_workspace_cwd');
    }
  });

  it('rejects a workspace that is not strictly under the given root', () => {
    for (const [ws, root] of [['/w', '/w'], ['/etc', '/w'], ['/wx/a', '/w']] as const) {
      const result = assertAgentCwd(ws, ws, root);
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.error.code).toBe('invalid_workspace_cwd');
    }
  });
});
