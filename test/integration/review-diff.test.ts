import { execFile } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readdir, readFile, stat, symlink, unlink, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterEach, describe, expect, it } from 'vitest';
import { ticketDiffSchema } from '../../shared/api/review-schemas.js';
import { diffFixture, sectionsFor, unwrap, type DiffFixture } from './review-diff-helpers.js';
import { git } from './workspace-helpers.js';

let fx: DiffFixture;
afterEach(async () => {
  await fx?.cleanup();
});

async function indexState(worktree: string): Promise<{ mtimeMs: number; sha: string; cached: string; status: string }> {
  const file = await git(worktree, 'rev-parse', '--path-format=absolute', '--git-path', 'index');
  const [info, bytes] = await Promise.all([stat(file), readFile(file)]);
  return {
    mtimeMs: info.mtimeMs,
    sha: createHash('sha256').update(bytes).digest('hex'),
    cached: await readOnlyGit(worktree, 'diff', '--cached', '--name-status'),
    status: await readOnlyGit(worktree, 'status', '--porcelain', '--untracked-files=all'),
  };
}

/** The test's own look at the index must not rewrite it (status refreshes stat data otherwise). */
async function readOnlyGit(cwd: string, ...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)('git', args, { cwd, env: { ...process.env, GIT_OPTIONAL_LOCKS: '0' } });
  return stdout;
}

describe('DiffService: what the diff holds', () => {
  it('shows committed, staged, unstaged and untracked work together, never ignored files, and leaves the index alone', async () => {
    fx = await diffFixture({ 'README.md': 'hello\n', 'keep.txt': 'one\ntwo\nthree\n', 'gone.txt': 'bye\n', '.gitignore': '*.log\n' });
    await fx.write('committed.txt', 'committed\n');
    await fx.commit('work');
    await fx.write('staged.txt', 'staged\n');
    await git(fx.worktree, 'add', 'staged.txt');
    await fx.write('keep.txt', 'one\nTWO\nthree\n');
    await fx.write('untracked/new.txt', 'untracked\n');
    await fx.write('debug.log', 'ignored\n');
    await unlink(path.join(fx.worktree, 'gone.txt'));
    const before = await indexState(fx.worktree);

    const diff = unwrap(await fx.service.diff(fx.input));

    expect(ticketDiffSchema.parse(diff)).toEqual(diff);
    expect(diff.files.map((f) => [f.path, f.status, f.additions, f.deletions])).toEqual([
      ['committed.txt', 'added', 1, 0],
      ['gone.txt', 'deleted', 0, 1],
      ['keep.txt', 'modified', 1, 1],
      ['staged.txt', 'added', 1, 0],
      ['untracked/new.txt', 'added', 1, 0],
    ]);
    expect(diff).toMatchObject({ identifier: 'BAT-1', base_ref: 'main', head_ref: 'baton/BAT-1', dirty: true, truncated: false, additions: 4, deletions: 2 });
    expect(diff.base).toBe(await git(fx.repo, 'rev-parse', 'main'));
    expect(diff.head).toBe(await git(fx.worktree, 'rev-parse', 'HEAD'));
    expect(diff.patch).not.toContain('debug.log');
    expect(sectionsFor(diff.patch, 'keep.txt')[0]).toContain('-two\n+TWO\n');
    expect(sectionsFor(diff.patch, 'untracked/new.txt')[0]).toContain('+untracked\n');
    expect(diff.files.every((f) => !f.patch_omitted && !f.binary)).toBe(true);

    expect(unwrap(await fx.service.changedFiles(fx.input)).files).toEqual(['committed.txt', 'gone.txt', 'keep.txt', 'staged.txt', 'untracked/new.txt']);
    expect(await indexState(fx.worktree)).toEqual(before);
    // The temporary index went with its directory.
    expect(await readdir(path.join(fx.dir, 'tmp'))).toEqual([]);
  });

  it('regression: sees a same-size rewrite made in the second the index was written (racy git)', async () => {
    // A copy of the index newer than its entries made git trust stale stat data: the file vanished
    // from every diff taken a second later, while `git diff` in the worktree still showed it.
    fx = await diffFixture({ 'README.md': 'hello\n', 'keep.txt': 'base\n' });
    const file = path.join(fx.worktree, 'keep.txt');
    const sameSecond = (a: number, b: number) => Math.floor(a / 1000) === Math.floor(b / 1000);
    for (let attempt = 0; ; attempt++) {
      expect(attempt).toBeLessThan(10);
      await fx.write('keep.txt', 'base\n');
      await git(fx.worktree, 'add', 'keep.txt');
      const cached = await stat(file);
      await fx.write('keep.txt', 'BASE\n');
      const now = await stat(file);
      if (sameSecond(cached.mtimeMs, now.mtimeMs) && sameSecond(cached.ctimeMs, now.ctimeMs)) break;
    }
    await new Promise((r) => setTimeout(r, 1_100));
    expect(await readOnlyGit(fx.worktree, 'diff', '--name-only')).toBe('keep.txt\n');
    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff.files.map((f) => [f.path, f.status])).toEqual([['keep.txt', 'modified']]);
    expect(diff.dirty).toBe(true);
  });

  it('reports a worktree with only commits as clean', async () => {
    fx = await diffFixture();
    await fx.write('a.txt', 'a\n');
    await fx.commit('a');
    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff.dirty).toBe(false);
    expect(diff.files.map((f) => f.path)).toEqual(['a.txt']);
  });

  it('is empty for a fresh worktree', async () => {
    fx = await diffFixture();
    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff).toMatchObject({ files: [], patch: '', dirty: false, additions: 0, deletions: 0, truncated: false });
    expect(diff.base).toBe(diff.head);
  });

  it('compares against the merge base: work that landed on main since the branch was cut is not shown as reverted', async () => {
    fx = await diffFixture({ 'README.md': 'hello\n', 'shared.txt': 'a\nb\nc\n' });
    const cut = await git(fx.repo, 'rev-parse', 'main');
    await fx.write('mine.txt', 'mine\n');
    await fx.commit('mine');
    await git(fx.repo, 'checkout', '-q', '-b', 'other');
    await git(fx.repo, 'checkout', '-q', 'main');
    await writeFile(path.join(fx.repo, 'theirs.txt'), 'theirs\n');
    await git(fx.repo, 'add', '-A');
    await git(fx.repo, 'commit', '-q', '-m', 'landed elsewhere');

    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff.base).toBe(cut);
    expect(diff.base).not.toBe(await git(fx.repo, 'rev-parse', 'main'));
    expect(diff.files.map((f) => f.path)).toEqual(['mine.txt']);
    expect(diff.patch).not.toContain('theirs');
    expect(unwrap(await fx.service.changedFiles(fx.input)).files).toEqual(['mine.txt']);
  });

  it('detects a rename (with an edit) and lists both names for overlaps', async () => {
    const body = Array.from({ length: 20 }, (_, i) => `line ${i}\n`).join('');
    fx = await diffFixture({ 'src/old-name.ts': body });
    await git(fx.worktree, 'mv', 'src/old-name.ts', 'src/new-name.ts');
    await fx.write('src/new-name.ts', body.replace('line 7\n', 'line seven\n'));
    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff.files).toEqual([{ path: 'src/new-name.ts', old_path: 'src/old-name.ts', status: 'renamed', additions: 1, deletions: 1, binary: false, patch_omitted: false }]);
    expect(diff.patch).toContain('rename from src/old-name.ts\nrename to src/new-name.ts\n');
    const alone = unwrap(await fx.service.diff({ ...fx.input, path: 'src/new-name.ts' }));
    expect(alone.files).toEqual(diff.files);
    expect(alone.patch).toBe(diff.patch);
    expect(unwrap(await fx.service.changedFiles(fx.input)).files).toEqual(['src/new-name.ts', 'src/old-name.ts']);
  });

  it('marks binary files, with no hunk text, whether added, changed or loaded alone', async () => {
    const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0x00, 0x00, 0x00, 0x0d, 0xff, 0xfe, 0x00, 0x01]);
    fx = await diffFixture({ 'README.md': 'hello\n' });
    await fx.write('logo.png', png);
    await fx.commit('logo');
    await fx.write('logo.png', Buffer.concat([png, png]));
    await fx.write('data.bin', Buffer.alloc(4096, 0));
    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff.files).toEqual([
      { path: 'data.bin', old_path: null, status: 'added', additions: 0, deletions: 0, binary: true, patch_omitted: false },
      { path: 'logo.png', old_path: null, status: 'added', additions: 0, deletions: 0, binary: true, patch_omitted: false },
    ]);
    for (const file of ['data.bin', 'logo.png']) {
      const [section] = sectionsFor(diff.patch, file);
      expect(section).toContain(`Binary files /dev/null and b/${file} differ`);
      expect(section).not.toContain('@@');
    }
    expect(diff.patch).not.toContain('\0');
    const alone = unwrap(await fx.service.diff({ ...fx.input, path: 'logo.png' }));
    expect(alone.patch).toMatch(/^diff --git a\/logo.png b\/logo.png\n(.*\n)*Binary files \/dev\/null and b\/logo.png differ\n$/);
  });

  it('shows a file turned into a symlink as a type change, both halves', async () => {
    fx = await diffFixture({ 'README.md': 'hello\n', 'link': 'was a file\n' });
    await unlink(path.join(fx.worktree, 'link'));
    await symlink('README.md', path.join(fx.worktree, 'link'));
    await fx.write('z-after.txt', 'after\n');
    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff.files.map((f) => [f.path, f.status])).toEqual([['link', 'type_changed'], ['z-after.txt', 'added']]);
    const sections = sectionsFor(diff.patch, 'link');
    expect(sections).toHaveLength(2);
    expect(sections.join('')).toContain('-was a file\n');
    expect(sections.join('')).toContain('new file mode 120000');
    expect(sectionsFor(diff.patch, 'z-after.txt')[0]).toContain('+after\n');
    const alone = unwrap(await fx.service.diff({ ...fx.input, path: 'link' }));
    expect(alone.patch).toBe(sections.join(''));
  });

  it('keeps file names as real UTF-8: spaces, unicode, quotes, tabs, and names that are not UTF-8 at all', async () => {
    fx = await diffFixture();
    const names = ['with space.txt', 'ünïcödé/文件 名.md', 'quote"and\\back.txt', 'tab\there.txt'];
    for (const name of names) await fx.write(name, `content of ${name}\n`);
    const latin1 = Buffer.from([0x63, 0x61, 0x66, 0xe9, 0x2e, 0x74, 0x78, 0x74]); // "café.txt" in Latin-1
    await fx.write(latin1, 'latin-1 name\n');
    const diff = unwrap(await fx.service.diff(fx.input));
    const lossy = 'caf\ufffd.txt';
    expect(diff.files.map((f) => f.path).sort()).toEqual([...names, lossy].sort());
    expect(diff.files.every((f) => !f.patch_omitted)).toBe(true);
    expect(sectionsFor(diff.patch, 'ünïcödé/文件 名.md')[0]).toContain('+content of ünïcödé/文件 名.md\n');
    expect(sectionsFor(diff.patch, 'with space.txt')[0]).toContain('+content of with space.txt\n');
    for (const name of [...names, lossy]) {
      const alone = unwrap(await fx.service.diff({ ...fx.input, path: name }));
      expect(alone.files.map((f) => f.path)).toEqual([name]);
      expect(alone.patch).toContain(name === lossy ? '+latin-1 name\n' : `+content of ${name}\n`);
      expect(alone.patch.match(/^diff --git /gm)).toHaveLength(1);
    }
    expect(unwrap(await fx.service.changedFiles(fx.input)).files).toContain('ünïcödé/文件 名.md');
  });

  it('works on a detached HEAD (head_ref null)', async () => {
    fx = await diffFixture();
    await fx.write('a.txt', 'a\n');
    await fx.commit('a');
    await git(fx.worktree, 'checkout', '-q', '--detach');
    const diff = unwrap(await fx.service.diff(fx.input));
    expect(diff.head_ref).toBeNull();
    expect(diff.files.map((f) => f.path)).toEqual(['a.txt']);
  });

  it('summary() has the files and totals without a patch', async () => {
    fx = await diffFixture();
    await fx.write('a.txt', 'a\nb\n');
    await fx.write('big.txt', Array.from({ length: 3_500 }, (_, i) => `${i}\n`).join(''));
    const { summary } = unwrap(await fx.service.summary(fx.input));
    expect('patch' in summary).toBe(false);
    expect(summary.files.map((f) => [f.path, f.additions, f.patch_omitted])).toEqual([['a.txt', 2, false], ['big.txt', 3_500, true]]);
    expect(summary).toMatchObject({ additions: 3_502, truncated: true, dirty: true });
  });
});
