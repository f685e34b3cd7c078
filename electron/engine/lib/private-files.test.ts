import { chmod, mkdir, mkdtemp, rm, stat, symlink, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ensurePrivateDir, ensurePrivateFileSync, tightenTree } from './private-files.js';

let dir: string;
beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'baton-private-'));
});
afterEach(() => rm(dir, { recursive: true, force: true }));

const modeOf = async (p: string) => (await stat(p)).mode & 0o7777;

describe('private files', () => {
  it('makes new directories 0700 and tightens an existing one', async () => {
    await ensurePrivateDir(path.join(dir, 'a', 'b'));
    expect(await modeOf(path.join(dir, 'a'))).toBe(0o700);
    expect(await modeOf(path.join(dir, 'a', 'b'))).toBe(0o700);
    await mkdir(path.join(dir, 'open'), { mode: 0o755 });
    await chmod(path.join(dir, 'open'), 0o755);
    await ensurePrivateDir(path.join(dir, 'open'));
    expect(await modeOf(path.join(dir, 'open'))).toBe(0o700);
  });

  it('creates a file 0600, tightens an existing one, and leaves a missing one missing when asked', async () => {
    const file = path.join(dir, 'x.db');
    ensurePrivateFileSync(file);
    expect(await modeOf(file)).toBe(0o600);
    await chmod(file, 0o644);
    ensurePrivateFileSync(file);
    expect(await modeOf(file)).toBe(0o600);
    ensurePrivateFileSync(path.join(dir, 'x.db-wal'), false);
    await expect(stat(path.join(dir, 'x.db-wal'))).rejects.toThrow(/ENOENT/);
  });

  it('takes the group and other bits off a whole tree, keeping the owner\'s, never touching a link target', async () => {
    const outside = path.join(dir, 'outside.txt');
    await writeFile(outside, 'not ours to change');
    await chmod(outside, 0o644);
    const state = path.join(dir, '.baton');
    await mkdir(path.join(state, 'sessions'), { recursive: true });
    await writeFile(path.join(state, 'state.db'), '');
    await writeFile(path.join(state, 'sessions', 'run.log'), '');
    await writeFile(path.join(state, 'tool.sh'), '');
    await symlink(outside, path.join(state, 'link'));
    await chmod(state, 0o755);
    await chmod(path.join(state, 'sessions'), 0o775);
    await chmod(path.join(state, 'state.db'), 0o644);
    await chmod(path.join(state, 'sessions', 'run.log'), 0o666);
    await chmod(path.join(state, 'tool.sh'), 0o755);

    expect(await tightenTree(state)).toEqual([]);
    expect(await modeOf(state)).toBe(0o700);
    expect(await modeOf(path.join(state, 'sessions'))).toBe(0o700);
    expect(await modeOf(path.join(state, 'state.db'))).toBe(0o600);
    expect(await modeOf(path.join(state, 'sessions', 'run.log'))).toBe(0o600);
    expect(await modeOf(path.join(state, 'tool.sh'))).toBe(0o700);
    expect(await modeOf(outside)).toBe(0o644);
    expect(await tightenTree(path.join(dir, 'missing'))).toEqual([]);
  });
});
