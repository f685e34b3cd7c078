import { describe, expect, it } from 'vitest';
import { isoOrNull, normalizeComment, normalizeIssue, normalizePriority } from './normalize-issue.js';

const node = (fields: Record<string, unknown> = {}) => ({
  id: 'uuid-1',
  identifier: 'ENG-1',
  title: 'Fix it',
  description: 'details',
  priority: 2,
  state: { name: 'In Progress' },
  branchName: 'bot/eng-1',
  url: 'https://linear.app/x/issue/ENG-1',
  labels: { nodes: [{ name: 'Backend' }, { name: ' BUG ' }, { name: 'bug' }, { name: '' }, {}] },
  inverseRelations: {
    nodes: [
      { type: 'blocks', issue: { id: 'uuid-0', identifier: 'ENG-0', state: { name: 'Todo' } } },
      { type: 'related', issue: { id: 'uuid-9', identifier: 'ENG-9', state: { name: 'Todo' } } },
      { type: 'duplicate', issue: { id: 'uuid-8', identifier: 'ENG-8', state: { name: 'Done' } } },
      { type: 'Blocks', issue: { id: 'uuid-7', identifier: 'ENG-7', state: null } },
    ],
  },
  createdAt: '2026-01-02T03:04:05.678Z',
  updatedAt: '2026-01-02T05:04:05+02:00',
  ...fields,
});

describe('normalizeIssue (SPEC §11.3)', () => {
  it('maps a full Linear node to the domain issue', () => {
    expect(normalizeIssue(node(), ['Done'])).toEqual({
      id: 'uuid-1',
      native_ref: null,
      identifier: 'ENG-1',
      title: 'Fix it',
      description: 'details',
      priority: 2,
      state: 'In Progress',
      branch_name: 'bot/eng-1',
      url: 'https://linear.app/x/issue/ENG-1',
      assignee_id: null,
      labels: ['backend', 'bug'],
      blocked_by: [
        { id: 'uuid-0', identifier: 'ENG-0', state: 'Todo' },
        { id: 'uuid-7', identifier: 'ENG-7', state: null },
      ],
      dispatchable: true,
      created_at: '2026-01-02T03:04:05.678Z',
      updated_at: '2026-01-02T03:04:05.000Z',
    });
  });

  it('derives dispatchable from the blocker rule: a Todo issue waits while a blocker is open or unknown', () => {
    const blocker = (state: unknown) => ({ nodes: [{ type: 'blocks', issue: { id: 'b', identifier: 'ENG-0', state } }] });
    expect(normalizeIssue(node({ state: { name: 'Todo' }, inverseRelations: blocker({ name: 'In Progress' }) }), ['Done'])?.dispatchable).toBe(false);
    expect(normalizeIssue(node({ state: { name: 'Todo' }, inverseRelations: blocker(null) }), ['Done'])?.dispatchable).toBe(false);
    expect(normalizeIssue(node({ state: { name: 'todo' }, inverseRelations: blocker({ name: 'done' }) }), ['Done'])?.dispatchable).toBe(true);
    expect(normalizeIssue(node({ state: { name: 'In Progress' }, inverseRelations: blocker({ name: 'Todo' }) }), ['Done'])?.dispatchable).toBe(true);
    // A `related` relation is not a blocker.
    expect(normalizeIssue(node({ state: { name: 'Todo' }, inverseRelations: { nodes: [{ type: 'related', issue: { id: 'r', identifier: 'ENG-2', state: { name: 'Todo' } } }] } }), ['Done'])?.dispatchable).toBe(true);
  });

  it('tolerates missing optional parts', () => {
    const issue = normalizeIssue(node({ description: null, branchName: '', url: undefined, labels: null, inverseRelations: 'x', createdAt: 'yesterday', updatedAt: null }));
    expect(issue).toMatchObject({ description: null, branch_name: null, url: null, labels: [], blocked_by: [], created_at: null, updated_at: null });
  });

  it.each([
    ['no id', { id: null }],
    ['numeric identifier', { identifier: 7 }],
    ['no title', { title: undefined }],
    ['no state', { state: null }],
    ['state without name', { state: {} }],
  ])('rejects a node with %s', (_what, fields) => {
    expect(normalizeIssue(node(fields))).toBeNull();
  });

  it('rejects what is not an object', () => {
    expect(normalizeIssue(null)).toBeNull();
    expect(normalizeIssue([node()])).toBeNull();
  });
});

describe('normalizePriority', () => {
  it.each([
    [1, 1],
    [4, 4],
    [0, null],
    [2.5, null],
    ['2', null],
    [null, null],
    [-1, null],
    [Number.NaN, null],
  ])('%j → %j', (raw, want) => {
    expect(normalizePriority(raw)).toBe(want);
  });
});

describe('isoOrNull', () => {
  it('re-emits any ISO-8601 form in UTC and rejects the rest', () => {
    expect(isoOrNull('2026-03-01T10:00:00-05:00')).toBe('2026-03-01T15:00:00.000Z');
    expect(isoOrNull('2026-03-01T10:00:00Z')).toBe('2026-03-01T10:00:00.000Z');
    expect(isoOrNull('not a date')).toBeNull();
    expect(isoOrNull(1_700_000_000_000)).toBeNull();
  });
});

describe('normalizeComment', () => {
  it('names Linear\'s user, falling back to the given author', () => {
    const base = { id: 'c1', body: 'hi', createdAt: '2026-01-01T00:00:00Z' };
    expect(normalizeComment({ ...base, user: { name: 'Ada' } }, 'i1', 'operator')).toEqual({
      id: 'c1', issue_id: 'i1', author: 'Ada', body: 'hi', created_at: '2026-01-01T00:00:00.000Z',
    });
    expect(normalizeComment({ ...base, user: null }, 'i1', 'operator')?.author).toBe('operator');
    expect(normalizeComment({ body: 'x' }, 'i1', 'operator')).toBeNull();
  });
});
