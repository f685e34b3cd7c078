import { describe, expect, it } from 'vitest';
import { Router } from './router.js';

const router = new Router<string>(
  [
    { pattern: '/api/v1/state', methods: { GET: 'state' } },
    { pattern: '/api/v1/tickets/:identifier', methods: { PATCH: 'patch', DELETE: 'delete' } },
    { pattern: '/api/v1/:identifier', methods: { GET: 'issue' } },
  ],
  { identifier: (v) => /^[A-Z0-9-]+$/.test(v) },
);

describe('Router', () => {
  it('matches literal routes and captures decoded parameters', () => {
    expect(router.match('GET', '/api/v1/state')).toEqual({ kind: 'found', handler: 'state', params: {} });
    expect(router.match('PATCH', '/api/v1/tickets/BAT-1')).toEqual({ kind: 'found', handler: 'patch', params: { identifier: 'BAT-1' } });
    expect(router.match('GET', '/api/v1/BAT%2D7')).toEqual({ kind: 'found', handler: 'issue', params: { identifier: 'BAT-7' } });
  });

  it('tries routes in order, so a named route wins over the catch-all', () => {
    expect(router.match('POST', '/api/v1/state')).toEqual({ kind: 'method_not_allowed', allow: ['GET'] });
  });

  it('lists the allowed methods of the matched route', () => {
    expect(router.match('GET', '/api/v1/tickets/BAT-1')).toEqual({ kind: 'method_not_allowed', allow: ['PATCH', 'DELETE'] });
  });

  it('refuses parameters that fail validation, malformed escapes and extra segments', () => {
    for (const path of ['/api/v1/bat 1', '/api/v1/BAT%2F1', '/api/v1/%E0%A4%A', '/api/v1/tickets/BAT-1/x', '/api/v1/tickets/', '/api/v2/state']) {
      expect(router.match('GET', path), path).toEqual({ kind: 'not_found' });
    }
  });

  it('refuses to build a route whose parameter has no validator', () => {
    expect(() => new Router([{ pattern: '/a/:id', methods: { GET: 1 } }], {})).toThrow(/:id/);
  });
});
