import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { workspaceKey } from './workspace-key.js';

const hash = (s: string) => createHash('sha256').update(s, 'utf8').digest('hex').slice(0, 16);

describe('workspaceKey', () => {
  it('keeps clean identifiers as they are', () => {
    expect(workspaceKey('BAT-12')).toBe('BAT-12');
    expect(workspaceKey('abc_1.2-x')).toBe('abc_1.2-x');
  });

  it('replaces characters outside [A-Za-z0-9._-] and appends a hash of the original', () => {
    expect(workspaceKey('a/b')).toBe(`a_b-${hash('a/b')}`);
    expect(workspaceKey('ÄB 1')).toBe(`_B_1-${hash('ÄB 1')}`);
  });

  it('never gives two different identifiers the same key', () => {
    const ids = ['a/b', 'a_b', 'a:b', 'a b', 'a\\b', '../../etc', '.._.._etc', '', '.', '..', '_'];
    const keys = ids.map(workspaceKey);
    expect(new Set(keys).size).toBe(ids.length);
  });

  it('turns dot names into plain, hashed names', () => {
    expect(workspaceKey('')).toBe(`_-${hash('')}`);
    expect(workspaceKey('.')).toBe(`_-${hash('.')}`);
    expect(workspaceKey('..')).toBe(`__-${hash('..')}`);
    expect(workspaceKey('.hidden')).toBe(`_hidden-${hash('.hidden')}`);
    expect(workspaceKey('../../etc')).toBe(`______etc-${hash('../../etc')}`);
  });

  it('only produces names that are valid single path components and git ref components', () => {
    const samples = ['', '.', '..', '...', 'a..b', 'x.', 'x.lock', '.git', 'a/b', '@{u}', 'x'.repeat(300), 'ok-1'];
    for (const id of samples) {
      const key = workspaceKey(id);
      expect(key).toMatch(/^[A-Za-z0-9._-]+$/);
      expect(key).not.toMatch(/^\./);
      expect(key).not.toContain('..');
      expect(key).not.toMatch(/(\.|\.lock)$/);
      expect(key.length).toBeLessThanOrEqual(117);
    }
  });

  it('hashes long identifiers after truncating them', () => {
    const long = 'A'.repeat(300);
    expect(workspaceKey(long)).toBe(`${'A'.repeat(100)}-${hash(long)}`);
    expect(workspaceKey(long)).not.toBe(workspaceKey('A'.repeat(301)));
  });

  it('is deterministic', () => {
    expect(workspaceKey('x/y')).toBe(workspaceKey('x/y'));
  });
});
