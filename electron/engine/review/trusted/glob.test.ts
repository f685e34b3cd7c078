import { describe, expect, it } from 'vitest';
import { globMatcher } from './glob.js';

describe('globMatcher', () => {
  it.each([
    ['scripts/**', 'scripts/setup.sh', true],
    ['scripts/**', 'scripts/deep/x.py', true],
    ['scripts/**', 'other/scripts/x.sh', false],
    ['.github/workflows/*.yml', '.github/workflows/ci.yml', true],
    ['.github/workflows/*.yml', '.github/workflows/sub/ci.yml', false],
    ['**/Makefile', 'Makefile', true],
    ['**/Makefile', 'a/b/Makefile', true],
    ['package.json', 'package.json', true],
    ['package.json', 'web/package.json', true],
    ['/package.json', 'web/package.json', false],
    ['./tools/run?.sh', 'tools/run1.sh', true],
    ['a+b(c).txt', 'a+b(c).txt', true],
    ['a+b(c).txt', 'aab(c).txt', false],
  ])('%s against %s → %s', (pattern, path, expected) => {
    expect(globMatcher(pattern)(path)).toBe(expected);
  });
});
