import path from 'node:path';
import { mkdir, rm, writeFile } from 'node:fs/promises';
import { afterEach, describe, expect, it } from 'vitest';
import { DiffService } from '../../electron/engine/review/diff/diff-service.js';
import { streamGit, type GitStream } from '../../electron/engine/lib/git/git-stream.js';
import { overlapsOf } from '../../electron/engine/review/diff/overlaps.js';
import type { InFlightTicket } from '../../electron/engine/review/in-flight.js';
import { withSharedRanges } from '../../electron/engine/review/overlap-ranges.js';
import { unwrap } from './review-diff-helpers.js';
import { git, makeRepo, tempDir } from './workspace-helpers.js';

const CHANGELOG = '# Changelog\n\n## Unreleased\n\n## 0.1.0\n\n- First version.\n';
const SOURCE = Array.from({ length: 30 }, (_, i) => `line ${i + 1}`).join('\n') + '\n';

let cleanup: (() => Promise<void>) | null = null;
afterEach(async () => {
  await cleanup?.();
  cleanup = null;
});

/**
 * A repository and one worktree per ticket, as the workspace manager makes them, and the engine's
 * DiffService over a git stream that counts the `--unified=0` reads.
 */
async function fleet(files: Record<string, string> = { 'CHANGELOG.md': CHANGELOG, 'src/a.ts': SOURCE, 'logo.png': 'PNG\u00001' }) {
  const made = await tempDir('overlap-ranges');
  const repo = await makeRepo(path.join(made.dir, 'repo'), files);
  const rangeReads: string[][] = [];
  const stream: GitStream = (args, options) => {
    if (args.includes('--unified=0')) rangeReads.push(args.slice(args.indexOf('--') + 1).map((p) => p.replace(':(top,literal)', '')));
    return streamGit(args, options);
  };
  const tmp = path.join(made.dir, 'tmp');
  await mkdir(tmp);
  const service = new DiffService({ tmpDir: tmp, stream });
  cleanup = async () => {
    service.dispose();
    await made.cleanup();
  };
  /** A ticket's worktree with `edits` (null: delete the file), committed or not, and its changed files. */
  const ticket = async (id: string, edits: Record<string, string | null>, commit = true): Promise<InFlightTicket> => {
    const worktree = path.join(made.dir, id);
    await git(repo, 'worktree', 'add', '-q', '-b', `baton/${id}`, worktree, 'main');
    for (const [file, content] of Object.entries(edits)) {
      if (content === null) {
        await rm(path.join(worktree, file));
        continue;
      }
      await mkdir(path.dirname(path.join(worktree, file)), { recursive: true });
      await writeFile(path.join(worktree, file), content);
    }
    if (commit) {
      await git(worktree, 'add', '-A');
      await git(worktree, 'commit', '-q', '-m', id);
    }
    const read = unwrap(await service.changedFiles({ repo, worktree, baseBranch: 'main', identifier: id }));
    return { identifier: id, ...read };
  };
  return { service, ticket, rangeReads };
}

const entry = (id: string) => `- ${id}: a change\n`;
const under = (heading: string, text: string, doc = CHANGELOG) => doc.replace(`${heading}\n\n`, `${heading}\n\n${text}`);
const editLine = (n: number, text: string) => SOURCE.replace(`line ${n}\n`, `${text}\n`);

describe('overlaps ranked by the lines they change (real git)', () => {
  it('tells the same lines from the same file, reading ranges only of shared files, one git call per ticket', async () => {
    const f = await fleet();
    const tickets = [
      // Both add an entry at the top of Unreleased, as every demo ticket does: the same place.
      await f.ticket('BAT-1', { 'CHANGELOG.md': under('## Unreleased', entry('BAT-1')), 'src/a.ts': editLine(5, 'five'), 'src/only-mine.ts': 'x\n' }),
      await f.ticket('BAT-2', { 'CHANGELOG.md': under('## Unreleased', entry('BAT-2')), 'src/a.ts': editLine(25, 'twenty-five') }),
      // Uncommitted work counts: an entry under 0.1.0, away from the top of Unreleased.
      await f.ticket('BAT-3', { 'CHANGELOG.md': CHANGELOG + '- BAT-3: a late note.\n', 'src/a.ts': editLine(6, 'six') }, false),
      await f.ticket('BAT-4', { 'docs/other.md': 'nothing shared\n' }),
    ];
    const ranged = await withSharedRanges(tickets, ['BAT-1', 'BAT-2'], (s, p) => f.service.lineRanges(s, p));
    const overlaps = (id: string) => overlapsOf(ranged.find((t) => t.identifier === id)!, ranged.filter((t) => t.identifier !== id));
    expect(overlaps('BAT-1')).toEqual([
      { identifier: 'BAT-2', files: ['CHANGELOG.md', 'src/a.ts'], conflicts: ['CHANGELOG.md'] },
      // Line 6 next to line 5: git would conflict on adjacent changes.
      { identifier: 'BAT-3', files: ['CHANGELOG.md', 'src/a.ts'], conflicts: ['src/a.ts'] },
    ]);
    expect(overlaps('BAT-2')).toEqual([
      { identifier: 'BAT-1', files: ['CHANGELOG.md', 'src/a.ts'], conflicts: ['CHANGELOG.md'] },
      { identifier: 'BAT-3', files: ['CHANGELOG.md', 'src/a.ts'], conflicts: [] },
    ]);
    // One read per ticket that shares something with BAT-1 or BAT-2, of the shared files only.
    expect(f.rangeReads.map((paths) => paths.sort())).toEqual([
      ['CHANGELOG.md', 'src/a.ts'],
      ['CHANGELOG.md', 'src/a.ts'],
      ['CHANGELOG.md', 'src/a.ts'],
    ]);
  });

  it('counts a binary file, a new file both add, and a file one deletes as the same lines', async () => {
    const f = await fleet();
    const one = await f.ticket('BAT-1', { 'logo.png': 'PNG\u0000one', 'src/new.ts': 'export const a = 1;\n', 'src/a.ts': editLine(30, 'last') });
    const two = await f.ticket('BAT-2', { 'logo.png': 'PNG\u0000two', 'src/new.ts': 'export const b = 2;\n' });
    // Deletes the file BAT-1 edits at its last line.
    const three = await f.ticket('BAT-3', { 'src/a.ts': null });
    const ranged = await withSharedRanges([one, two, three], ['BAT-1'], (s, p) => f.service.lineRanges(s, p));
    expect(overlapsOf(ranged[0]!, ranged.slice(1))).toEqual([
      { identifier: 'BAT-2', files: ['logo.png', 'src/new.ts'], conflicts: ['logo.png', 'src/new.ts'] },
      { identifier: 'BAT-3', files: ['src/a.ts'], conflicts: ['src/a.ts'] },
    ]);
  });

  it('never counts a file git merges with the union driver as the same lines (the demo changelog)', async () => {
    const f = await fleet({ 'CHANGELOG.md': CHANGELOG, 'src/a.ts': SOURCE, '.gitattributes': 'CHANGELOG.md merge=union\n' });
    const one = await f.ticket('BAT-1', { 'CHANGELOG.md': under('## Unreleased', entry('BAT-1')), 'src/a.ts': editLine(5, 'five') });
    const two = await f.ticket('BAT-2', { 'CHANGELOG.md': under('## Unreleased', entry('BAT-2')), 'src/a.ts': editLine(5, 'cinq') });
    const ranged = await withSharedRanges([one, two], ['BAT-1'], (s, p) => f.service.lineRanges(s, p));
    expect(overlapsOf(ranged[0]!, ranged.slice(1))).toEqual([{ identifier: 'BAT-2', files: ['CHANGELOG.md', 'src/a.ts'], conflicts: ['src/a.ts'] }]);
  });

  it('reads a path git would quote in its own call', async () => {
    const odd = 'notes/say "hi".md';
    const f = await fleet({ [odd]: 'one\ntwo\nthree\n', 'plain.md': 'a\nb\nc\n' });
    const one = await f.ticket('BAT-1', { [odd]: 'one\n2\nthree\n', 'plain.md': 'a\nb\nC\n' });
    const ranges = unwrap(await f.service.lineRanges(one.snapshot!, [odd, 'plain.md']));
    expect(Object.fromEntries(ranges)).toEqual({ [odd]: [{ start: 2, end: 2 }], 'plain.md': [{ start: 3, end: 3 }] });
    expect(f.rangeReads).toEqual([['plain.md'], [odd]]);
  });

  it('fails with git_failed for a snapshot git cannot read, and the overlap stays "same file"', async () => {
    const f = await fleet();
    const one = await f.ticket('BAT-1', { 'src/a.ts': editLine(2, 'two') });
    const two = await f.ticket('BAT-2', { 'src/a.ts': editLine(2, 'deux') });
    const broken = { ...two, snapshot: { ...two.snapshot!, tree: '0'.repeat(40) } };
    const read = await f.service.lineRanges(broken.snapshot, ['src/a.ts']);
    expect(read.ok ? 'ok' : read.error.code).toBe('git_failed');
    const ranged = await withSharedRanges([one, broken], ['BAT-1'], (s, p) => f.service.lineRanges(s, p));
    expect(overlapsOf(ranged[0]!, ranged.slice(1))).toEqual([{ identifier: 'BAT-2', files: ['src/a.ts'], conflicts: [] }]);
  });
});
