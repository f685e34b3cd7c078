import { describe, expect, it } from 'vitest';
import { apiPath, isValidIdentifier, RESERVED_SEGMENTS, ROUTES } from './routes.js';

describe('identifiers in paths', () => {
  it('accepts tracker keys and refuses anything that could change the path', () => {
    for (const ok of ['BAT-1', 'abc_123', 'v1.2', 'A']) expect(isValidIdentifier(ok), ok).toBe(true);
    for (const bad of ['', '.', '..', '...', 'a/b', 'a b', 'a%2Fb', 'a\\b', 'x'.repeat(129), 'é']) {
      expect(isValidIdentifier(bad), bad).toBe(false);
    }
  });

  it('reserves every named route segment', () => {
    const named = Object.entries(ROUTES)
      .filter(([name]) => name !== 'issue')
      .map(([, pattern]) => pattern.split('/')[3]);
    expect(new Set(named)).toEqual(new Set(RESERVED_SEGMENTS));
  });
});

describe('apiPath', () => {
  it('builds encoded paths', () => {
    expect(apiPath.issue('BAT-1')).toBe('/api/v1/BAT-1');
    expect(apiPath.ticket('a/b')).toBe('/api/v1/tickets/a%2Fb');
    expect(apiPath.ticketEvents('BAT-1')).toBe('/api/v1/tickets/BAT-1/events');
    expect(apiPath.ticketEvents('BAT-1', { after: 10, limit: 50 })).toBe('/api/v1/tickets/BAT-1/events?after=10&limit=50');
    expect(apiPath.approval('ap-1')).toBe('/api/v1/approvals/ap-1');
  });
});
