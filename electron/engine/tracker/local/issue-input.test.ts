import { describe, expect, it } from 'vitest';
import type { NewIssueInput } from '../tracker.js';
import { validateNewIssue, validatePatch } from './issue-input.js';

const settings = { states: ['Todo', 'In Progress', 'Done'], active_states: ['Todo', 'In Progress'], terminal_states: ['Done'] };

describe('issue input validation', () => {
  it('normalizes a valid new issue', () => {
    expect(validateNewIssue({ title: '  Fix it ', labels: [' Bug', 'bug', '', 'UI '], priority: 2, state: 'in progress' }, settings)).toEqual({
      ok: true,
      value: { title: 'Fix it', description: null, priority: 2, labels: ['bug', 'ui'], state: 'In Progress' },
    });
  });

  it.each([
    [{ title: '' }, 'invalid_input'],
    [{ title: '   ' }, 'invalid_input'],
    [{}, 'invalid_input'],
    [{ title: 'x', priority: 5 }, 'invalid_input'],
    [{ title: 'x', priority: -1 }, 'invalid_input'],
    [{ title: 'x', priority: 1.5 }, 'invalid_input'],
    [{ title: 'x', priority: '1' }, 'invalid_input'],
    [{ title: 'x', labels: 'bug' }, 'invalid_input'],
    [{ title: 'x', labels: ['ok', 3] }, 'invalid_input'],
    [{ title: 'x', description: 7 }, 'invalid_input'],
    [{ title: 'x', state: 'Shipped' }, 'invalid_state'],
    [{ title: 'cut\u0000here' }, 'invalid_input'],
    [{ title: 'two\nlines' }, 'invalid_input'],
    [{ title: 'x', labels: ['a\tb'] }, 'invalid_input'],
    [{ title: 'x', description: 'cut\u0000here' }, 'invalid_input'],
  ])('rejects %j with %s', (input, code) => {
    expect(validateNewIssue(input as unknown as NewIssueInput, settings)).toMatchObject({ ok: false, error: { code } });
  });

  it('accepts priorities 0 through 4 and null', () => {
    for (const priority of [0, 4, null]) expect(validateNewIssue({ title: 'x', priority }, settings).ok).toBe(true);
  });

  it('keeps line breaks and tabs in a description, and trims them around a title', () => {
    expect(validateNewIssue({ title: '\tx\n', description: 'a\n\tb' }, settings)).toMatchObject({ ok: true, value: { title: 'x', description: 'a\n\tb' } });
  });

  it('returns only the keys a patch sets, allowing nulls to clear', () => {
    expect(validatePatch({ state: 'DONE', description: null, priority: null }, settings)).toEqual({
      ok: true,
      value: { state: 'Done', description: null, priority: null },
    });
    expect(validatePatch({}, settings)).toEqual({ ok: true, value: {} });
    expect(validatePatch({ title: '' }, settings)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
    expect(validatePatch({ state: 'nope' }, settings)).toMatchObject({ ok: false, error: { code: 'invalid_state' } });
  });
});
