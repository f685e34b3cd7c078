import { describe, expect, it } from 'vitest';
import type { Overlap } from '../../../shared/api/review-schemas.js';
import { groupOverlaps, summarizeOverlaps } from './overlap-groups.js';

const changelogOnly = (ids: string[], conflicting: boolean): Overlap[] => ids.map((identifier) => ({ identifier, files: ['CHANGELOG.md'], conflicts: conflicting ? ['CHANGELOG.md'] : [] }));

describe('groupOverlaps', () => {
  // Regression: with every demo ticket touching CHANGELOG.md, a review listed eight "also touched
  // by" lines, one per ticket, for the one file.
  it('gives one group per file, however many tickets share it', () => {
    const eight = changelogOnly(['DEMO-1', 'DEMO-2', 'DEMO-3', 'DEMO-4', 'DEMO-5', 'DEMO-6', 'DEMO-7', 'DEMO-8'], false);
    expect(groupOverlaps(eight)).toEqual([{ path: 'CHANGELOG.md', sameLines: [], sameFile: ['DEMO-1', 'DEMO-2', 'DEMO-3', 'DEMO-4', 'DEMO-5', 'DEMO-6', 'DEMO-7', 'DEMO-8'] }]);
  });

  it('puts files with the same lines first, then the most shared, then by path', () => {
    const overlaps: Overlap[] = [
      { identifier: 'BAT-2', files: ['CHANGELOG.md', 'src/a.ts', 'src/z.ts'], conflicts: [] },
      { identifier: 'BAT-3', files: ['CHANGELOG.md', 'src/b.ts'], conflicts: ['src/b.ts'] },
      { identifier: 'BAT-4', files: ['CHANGELOG.md', 'src/a.ts'], conflicts: ['src/a.ts'] },
    ];
    expect(groupOverlaps(overlaps)).toEqual([
      { path: 'src/a.ts', sameLines: ['BAT-4'], sameFile: ['BAT-2'] },
      { path: 'src/b.ts', sameLines: ['BAT-3'], sameFile: [] },
      { path: 'CHANGELOG.md', sameLines: [], sameFile: ['BAT-2', 'BAT-3', 'BAT-4'] },
      { path: 'src/z.ts', sameLines: [], sameFile: ['BAT-2'] },
    ]);
  });
});

describe('summarizeOverlaps', () => {
  it('says the same lines first, warns only then, and counts past two tickets', () => {
    expect(summarizeOverlaps([])).toBeNull();
    expect(summarizeOverlaps(changelogOnly(['DEMO-1', 'DEMO-2', 'DEMO-3'], false))).toEqual({
      risk: 'file',
      text: 'same file as 3 tickets (CHANGELOG.md)',
      detail: 'CHANGELOG.md: same file as DEMO-1, DEMO-2, DEMO-3',
    });
    expect(summarizeOverlaps(changelogOnly(['DEMO-1', 'DEMO-2'], true))).toMatchObject({ risk: 'lines', text: 'same lines as DEMO-1 and DEMO-2 in CHANGELOG.md' });
    const mixed: Overlap[] = [
      { identifier: 'BAT-2', files: ['CHANGELOG.md'], conflicts: [] },
      { identifier: 'BAT-3', files: ['src/a.ts', 'src/b.ts'], conflicts: ['src/a.ts', 'src/b.ts'] },
    ];
    expect(summarizeOverlaps(mixed)).toEqual({
      risk: 'lines',
      text: 'same lines as BAT-3 in 2 files · same file as BAT-2',
      detail: 'src/a.ts: same lines as BAT-3\nsrc/b.ts: same lines as BAT-3\nCHANGELOG.md: same file as BAT-2',
    });
  });
});
