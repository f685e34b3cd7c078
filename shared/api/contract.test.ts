import { describe, expect, it } from 'vitest';
import { API, pathFor, pathIdSchema } from './contract.js';

describe('the API contract', () => {
  it('declares each method and path once', () => {
    const keys = Object.values(API).map((spec) => `${spec.method} ${spec.path}`);
    expect(new Set(keys).size).toBe(keys.length);
  });

  it('gives every path parameter a schema, and no schema to a parameter the path lacks', () => {
    for (const [name, spec] of Object.entries(API)) {
      const inPath = [...spec.path.matchAll(/:(\w+)/g)].map((m) => m[1]).sort();
      const declared = Object.keys('params' in spec ? spec.params.shape : {}).sort();
      expect(declared, name).toEqual(inPath);
    }
  });

  it('accepts tracker keys in a path and refuses anything that could change the path', () => {
    for (const ok of ['BAT-1', 'abc_123', 'v1.2', 'A', 'x'.repeat(128)]) expect(pathIdSchema.safeParse(ok).success, ok).toBe(true);
    for (const bad of ['', '.', '..', '...', 'a/b', 'a b', 'a%2Fb', 'a\\b', 'x'.repeat(129), 'é']) {
      expect(pathIdSchema.safeParse(bad).success, bad).toBe(false);
    }
  });
});

describe('pathFor', () => {
  it('fills in encoded parameters and the defined query values', () => {
    expect(pathFor('getIssueDetail', { params: { identifier: 'BAT-1' } })).toBe('/api/v1/BAT-1');
    expect(pathFor('getTicket', { params: { identifier: 'a/b' } })).toBe('/api/v1/tickets/a%2Fb');
    expect(pathFor('listEvents', { params: { identifier: 'BAT-1' } })).toBe('/api/v1/tickets/BAT-1/events');
    expect(pathFor('listEvents', { params: { identifier: 'BAT-1' }, query: { after: 10, limit: 50 } })).toBe('/api/v1/tickets/BAT-1/events?after=10&limit=50');
    expect(pathFor('getDiff', { params: { identifier: 'BAT-1' }, query: { path: undefined } })).toBe('/api/v1/tickets/BAT-1/diff');
    expect(pathFor('getDiff', { params: { identifier: 'BAT-1' }, query: { path: 'src/a b.ts' } })).toBe('/api/v1/tickets/BAT-1/diff?path=src%2Fa+b.ts');
    expect(pathFor('getAuditDiff', { params: { id: 7 } })).toBe('/api/v1/audits/7/diff');
    expect(pathFor('closeShell', { params: { identifier: 'BAT-1', id: 'sh-1' } })).toBe('/api/v1/tickets/BAT-1/shell/sh-1');
  });

  it('refuses to build a path with a parameter missing', () => {
    expect(() => pathFor('getTicket', {})).toThrow('getTicket: missing path parameter identifier');
  });
});
