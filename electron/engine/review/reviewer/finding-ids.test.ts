import { describe, expect, it } from 'vitest';
import { assignFindingIds } from './finding-ids.js';

const a = { path: 'src/db.ts', line: 12, title: 'Drops the users table', body: 'Data loss.' };
const b = { path: 'src/auth.ts', line: 3, title: 'Auth check removed', body: 'Anyone can log in.' };

describe('assignFindingIds', () => {
  it('gives short ids that depend on path and title, not on the line or body', () => {
    const [first] = assignFindingIds([a], []);
    const [moved] = assignFindingIds([{ ...a, line: 40, body: 'Reworded.' }], []);
    const [other] = assignFindingIds([{ ...a, path: 'src/other.ts' }], []);
    expect(first!.id).toMatch(/^f[0-9a-f]{8}$/);
    expect(moved!.id).toBe(first!.id);
    expect(other!.id).not.toBe(first!.id);
    expect(assignFindingIds([{ ...a, title: '  drops the USERS   table ' }], [])[0]!.id).toBe(first!.id);
  });

  it('keeps ids unique within a report', () => {
    const ids = assignFindingIds([a, { ...a, line: 99 }, a], []).map((f) => f.id);
    expect(new Set(ids).size).toBe(3);
    expect(ids[1]).toBe(`${ids[0]}-2`);
    expect(ids[2]).toBe(`${ids[0]}-3`);
  });

  it('builds full P0 findings, open by default', () => {
    expect(assignFindingIds([b], [])[0]).toEqual({ id: expect.any(String), severity: 'P0', ...b, status: 'open' });
  });

  it('carries a dismissed or promoted status over to the same finding on the next report', () => {
    const [fa, fb] = assignFindingIds([a, b], []);
    const previous = [
      { ...fa!, status: 'dismissed' as const },
      { ...fb!, status: 'promoted' as const },
    ];
    const next = assignFindingIds([{ ...b, line: 7 }, a, { ...a, title: 'New problem' }], previous);
    expect(next.map((f) => f.status)).toEqual(['promoted', 'dismissed', 'open']);
  });
});
