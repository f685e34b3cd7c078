import { describe, expect, it } from 'vitest';
import type { IssuePatch, NewIssueInput } from '../tracker.js';
import { validateNewIssue, validatePatch } from './write-input.js';

describe('Linear write input', () => {
  it('normalizes a full new issue (null priority is Linear\'s 0)', () => {
    expect(validateNewIssue({ title: '  Ship  ', description: null, priority: null, labels: [' Bug', 'bug', ''], state: ' Todo ' })).toEqual({
      ok: true,
      value: { title: 'Ship', description: null, priority: 0, labels: ['bug'], state: 'Todo' },
    });
  });

  it('keeps a patch to the fields it names', () => {
    expect(validatePatch({ state: 'Done' })).toEqual({ ok: true, value: { state: 'Done' } });
    expect(validatePatch({})).toEqual({ ok: true, value: {} });
  });

  it.each<[string, unknown]>([
    ['missing title', { description: 'x' }],
    ['blank title', { title: '  ' }],
    ['fractional priority', { title: 'x', priority: 1.5 }],
    ['priority above 4', { title: 'x', priority: 5 }],
    ['labels not strings', { title: 'x', labels: [1] }],
    ['blank state', { title: 'x', state: ' ' }],
    ['numeric description', { title: 'x', description: 3 }],
    ['a NUL in the title', { title: 'cut\u0000here' }],
    ['a line break in the title', { title: 'two\nlines' }],
    ['a control character in a label', { title: 'x', labels: ['a\u001bb'] }],
    ['a NUL in the description', { title: 'x', description: 'cut\u0000here' }],
    ['a line break in the state', { title: 'x', state: 'To\ndo' }],
  ])('refuses %s with invalid_input', (_what, input) => {
    expect(validateNewIssue(input as NewIssueInput)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });

  it('refuses a patch that is not an object', () => {
    expect(validatePatch(null as unknown as IssuePatch)).toMatchObject({ ok: false, error: { code: 'invalid_input' } });
  });
});
