import { describe, expect, it } from 'vitest';
import { joinEntries, parseNameStatus, parseNumstat } from './diff-entries.js';

describe('parseNumstat', () => {
  it('reads counts, binary files and renames (with tabs and spaces in names)', () => {
    const out = '-\t-\tb.bin\x003\t1\tdir/with space.txt\x000\t0\t\x00old\tname\x00new name\x0012\t0\ttab\there\x00';
    const parsed = parseNumstat(out);
    expect(parsed).toEqual({
      ok: true,
      value: [
        { path: 'b.bin', oldPath: null, additions: 0, deletions: 0, binary: true },
        { path: 'dir/with space.txt', oldPath: null, additions: 3, deletions: 1, binary: false },
        { path: 'new name', oldPath: 'old\tname', additions: 0, deletions: 0, binary: false },
        { path: 'tab\there', oldPath: null, additions: 12, deletions: 0, binary: false },
      ],
    });
  });

  it('is empty for an empty diff', () => {
    expect(parseNumstat('')).toEqual({ ok: true, value: [] });
  });

  it('rejects output it does not understand', () => {
    expect(parseNumstat('garbage\x00')).toMatchObject({ ok: false, error: { code: 'git_failed' } });
    expect(parseNumstat('1\t2\t\x00only-old\x00')).toMatchObject({ ok: false, error: { code: 'git_failed' } });
  });
});

describe('parseNameStatus', () => {
  it('maps every status letter and keeps both sides of renames and copies', () => {
    const out = 'A\x00a\x00M\x00m\x00D\x00d\x00R087\x00from\x00to\x00C100\x00src\x00copy\x00T\x00t\x00X\x00x\x00';
    const parsed = parseNameStatus(out);
    expect(parsed.ok && parsed.value).toEqual([
      { status: 'added', path: 'a', oldPath: null },
      { status: 'modified', path: 'm', oldPath: null },
      { status: 'deleted', path: 'd', oldPath: null },
      { status: 'renamed', path: 'to', oldPath: 'from' },
      { status: 'copied', path: 'copy', oldPath: 'src' },
      { status: 'type_changed', path: 't', oldPath: null },
      { status: 'modified', path: 'x', oldPath: null },
    ]);
  });

  it('rejects a truncated rename', () => {
    expect(parseNameStatus('R100\x00from\x00')).toMatchObject({ ok: false, error: { code: 'git_failed' } });
  });
});

describe('joinEntries', () => {
  it('joins counts and statuses entry by entry', () => {
    const joined = joinEntries('1\t0\ta\x000\t0\t\x00x\x00y\x00', 'A\x00a\x00R100\x00x\x00y\x00');
    expect(joined.ok && joined.value).toEqual([
      { path: 'a', oldPath: null, status: 'added', additions: 1, deletions: 0, binary: false },
      { path: 'y', oldPath: 'x', status: 'renamed', additions: 0, deletions: 0, binary: false },
    ]);
  });

  it('fails when the listings disagree instead of pairing the wrong counts with a file', () => {
    expect(joinEntries('1\t0\ta\x00', 'A\x00b\x00')).toMatchObject({ ok: false, error: { code: 'git_failed' } });
    expect(joinEntries('1\t0\ta\x00', '')).toMatchObject({ ok: false, error: { code: 'git_failed' } });
  });
});
