import { describe, expect, it } from 'vitest';
import { approveBlockedReason, decisionBody, neighbourAfterRemoval, sortReviews, stepSelection } from './review-model.js';
import { finding, reviewItem } from './review-fixtures.test-util.js';
import { loadDrafts, DRAFTS_STORAGE_KEY } from './review-drafts.js';
import { formatAge } from '../../lib/format.js';

describe('review model', () => {
  it('sorts oldest in review first, unknown entry times last', () => {
    const items = [reviewItem(1, 1_000), reviewItem(2, 0, { entered_review_at: null }), reviewItem(3, 9_000)];
    expect(sortReviews(items).map((i) => i.issue.identifier)).toEqual(['BAT-3', 'BAT-1', 'BAT-2']);
  });

  it('steps and hands the selection on', () => {
    const ids = ['A', 'B', 'C'];
    expect(stepSelection(ids, 'B', 1)).toBe('C');
    expect(stepSelection(ids, 'C', 1)).toBe('C');
    expect(stepSelection(ids, 'A', -1)).toBe('A');
    expect(stepSelection(ids, null, 1)).toBe('A');
    expect(stepSelection([], null, 1)).toBeNull();
    expect(neighbourAfterRemoval(ids, 'B')).toBe('C');
    expect(neighbourAfterRemoval(ids, 'C')).toBe('B');
    expect(neighbourAfterRemoval(['A'], 'A')).toBeNull();
  });

  it('builds decision bodies: approve alone; summary trimmed; comments without their draft ids', () => {
    const draft = { summary: '  fix it \n', comments: [{ id: 'c1', path: 'a.ts', line: 3, body: 'here' }] };
    expect(decisionBody('approve', draft)).toEqual({ decision: 'approve' });
    expect(decisionBody('request_changes', draft)).toEqual({ decision: 'request_changes', summary: 'fix it', comments: [{ path: 'a.ts', line: 3, body: 'here' }] });
    expect(decisionBody('restart', { summary: ' ', comments: [] })).toEqual({ decision: 'restart' });
  });

  it('blocks approval only when gated with open findings', () => {
    const report = (status: 'open' | 'dismissed') => ({ status: 'done' as const, model: 'm', head: null, at: '', error: null, findings: [finding('f', { status })] });
    expect(approveBlockedReason(reviewItem(1, 0, { gated: true, reviewer: report('open') }))).toContain('1 open P0 finding');
    expect(approveBlockedReason(reviewItem(1, 0, { gated: true, reviewer: report('dismissed') }))).toBeNull();
    expect(approveBlockedReason(reviewItem(1, 0, { gated: false, reviewer: report('open') }))).toBeNull();
  });

  it('formats ages in minutes, hours and days', () => {
    expect([30_000, 12 * 60_000, 125 * 60_000, 50 * 3_600_000].map(formatAge)).toEqual(['just now', '12m', '2h 05m', '2d 2h']);
  });

  it('reads stored drafts defensively', () => {
    const storage = (raw: string | null) => ({ getItem: () => raw }) as unknown as Storage;
    expect(loadDrafts(storage('not json'))).toEqual({});
    expect(loadDrafts(storage(JSON.stringify({ A: { summary: 's', comments: [{ id: 'c', path: 'p', line: 1, body: 'b' }, { bogus: true }] }, B: 'x' })))).toEqual({
      A: { summary: 's', comments: [{ id: 'c', path: 'p', line: 1, body: 'b' }] },
    });
    expect(DRAFTS_STORAGE_KEY).toMatch(/review-drafts/);
  });
});
