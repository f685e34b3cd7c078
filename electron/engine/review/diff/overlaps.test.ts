import { describe, expect, it } from 'vitest';
import { overlapsOf } from './overlaps.js';

describe('overlapsOf', () => {
  it('lists the tickets sharing files, with the shared files sorted and once each', () => {
    const overlaps = overlapsOf(['src/a.ts', 'src/b.ts', 'README.md'], [
      { identifier: 'BAT-2', files: ['src/b.ts', 'src/a.ts', 'src/a.ts', 'other.ts'] },
      { identifier: 'BAT-3', files: ['docs/x.md'] },
      { identifier: 'BAT-4', files: ['README.md'] },
    ]);
    expect(overlaps).toEqual([
      { identifier: 'BAT-2', files: ['src/a.ts', 'src/b.ts'] },
      { identifier: 'BAT-4', files: ['README.md'] },
    ]);
  });

  it('is empty with no files or no other tickets', () => {
    expect(overlapsOf([], [{ identifier: 'BAT-2', files: ['a'] }])).toEqual([]);
    expect(overlapsOf(['a'], [])).toEqual([]);
  });

  it('matches paths exactly (no prefix or case folding)', () => {
    expect(overlapsOf(['src/a.ts'], [{ identifier: 'BAT-2', files: ['src/a.tsx', 'SRC/a.ts', 'src'] }])).toEqual([]);
  });
});
