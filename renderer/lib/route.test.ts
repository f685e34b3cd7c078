// @vitest-environment happy-dom
import { afterEach, describe, expect, it } from 'vitest';
import { parseRoute, replaceRoute, routeHref } from './route.js';

afterEach(() => {
  window.location.hash = '';
});

describe('review routes', () => {
  it('parses and builds the inbox (with and without a selected ticket) and the landing queue', () => {
    expect(parseRoute('#/review')).toEqual({ view: 'review', identifier: null });
    expect(parseRoute('#/review/')).toEqual({ view: 'review', identifier: null });
    expect(parseRoute('#/review/BAT-12')).toEqual({ view: 'review', identifier: 'BAT-12' });
    expect(parseRoute('#/review/A%2FB')).toEqual({ view: 'review', identifier: 'A/B' });
    // A broken escape typed by hand keeps the page up.
    expect(parseRoute('#/review/%E0%A4%A')).toEqual({ view: 'review', identifier: '%E0%A4%A' });
    expect(parseRoute('#/landing')).toEqual({ view: 'landing' });
    expect(routeHref({ view: 'review', identifier: null })).toBe('#/review');
    expect(routeHref({ view: 'review', identifier: 'A/B' })).toBe('#/review/A%2FB');
    expect(routeHref({ view: 'landing' })).toBe('#/landing');
  });

  it('parses and builds an audit in the inbox, apart from any ticket identifier', () => {
    expect(parseRoute('#/review/audit/5')).toEqual({ view: 'review', identifier: null, audit: 5 });
    expect(routeHref({ view: 'review', identifier: null, audit: 5 })).toBe('#/review/audit/5');
    // A ticket called "audit" (or "audit/5", escaped) stays a ticket; a bad id is not an audit.
    expect(parseRoute('#/review/audit')).toEqual({ view: 'review', identifier: 'audit' });
    expect(parseRoute('#/review/audit%2F5')).toEqual({ view: 'review', identifier: 'audit/5' });
    expect(routeHref({ view: 'review', identifier: 'audit/5' })).toBe('#/review/audit%2F5');
    expect(parseRoute('#/review/audit/0')).toEqual({ view: 'review', identifier: 'audit' });
    expect(parseRoute('#/review/audit/x')).toEqual({ view: 'review', identifier: 'audit' });
  });

  it('replaces the URL of a moving selection without a history entry', () => {
    window.location.hash = '#/review';
    const before = window.history.length;
    replaceRoute({ view: 'review', identifier: 'BAT-3' });
    expect(window.location.hash).toBe('#/review/BAT-3');
    expect(window.history.length).toBe(before);
  });
});
