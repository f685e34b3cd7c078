import { describe, expect, it } from 'vitest';
import { isValidIdentifier } from './routes.js';

describe('identifiers in paths', () => {
  it('accepts tracker keys and refuses anything that could change the path', () => {
    for (const ok of ['BAT-1', 'abc_123', 'v1.2', 'A']) expect(isValidIdentifier(ok), ok).toBe(true);
    for (const bad of ['', '.', '..', '...', 'a/b', 'a b', 'a%2Fb', 'a\\b', 'x'.repeat(129), 'é']) {
      expect(isValidIdentifier(bad), bad).toBe(false);
    }
  });
});
