import { describe, expect, it } from 'vitest';
import { issue } from '../../stores/record-fixtures.test-util.js';
import { rankTickets } from './ticket-search.js';

const tickets = [issue(1, { title: 'Fix the login redirect' }), issue(12, { title: 'Dashboard flicker' }), issue(120, { title: 'Login page copy' })];
const ids = (q: string, limit?: number) => rankTickets(tickets, q, limit).map((t) => t.identifier);

describe('rankTickets', () => {
  it('matches identifier or title fuzzily, best first, and nothing for an empty query', () => {
    expect(ids('bat-12')[0]).toBe('BAT-12');
    expect(ids('login').sort()).toEqual(['BAT-1', 'BAT-120']);
    expect(ids('dshbrd')).toEqual(['BAT-12']);
    expect(ids('   ')).toEqual([]);
    expect(ids('zzz')).toEqual([]);
  });

  it('returns at most the limit', () => {
    expect(ids('bat', 2)).toHaveLength(2);
  });
});
