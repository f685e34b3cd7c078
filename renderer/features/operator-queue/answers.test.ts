import { describe, expect, it } from 'vitest';
import type { ApprovalQuestion } from '../../../shared/api/schemas.js';
import { allowsText, answersBody } from './answers.js';
import { formatRemaining } from './countdown.js';

const branch: ApprovalQuestion = { id: 'branch', header: 'Branch', question: 'Which branch?', options: [{ label: 'main', description: null }, { label: 'release', description: null }], is_other: true, is_secret: false };
const pick: ApprovalQuestion = { ...branch, id: 'pick', is_other: false };
const notes: ApprovalQuestion = { id: 'notes', header: null, question: 'Anything else?', options: null, is_other: false, is_secret: false };

describe('question answers', () => {
  it('offers free text without options or with is_other', () => {
    expect([allowsText(branch), allowsText(pick), allowsText(notes), allowsText({ ...notes, options: [] })]).toEqual([true, false, true, true]);
  });

  it('sends every question together, and nothing while one is open', () => {
    expect(answersBody([branch, notes], { branch: { option: 'release', text: '' } })).toBeNull();
    expect(answersBody([branch, notes], { branch: { option: 'release', text: '' }, notes: { option: null, text: '  ' } })).toBeNull();
    expect(answersBody([branch, notes], { branch: { option: 'release', text: '' }, notes: { option: null, text: 'ship friday' } })).toEqual({
      answers: { branch: ['release'], notes: ['ship friday'] },
    });
    expect(answersBody([], {})).toBeNull();
  });

  it('prefers typed text over a chosen option when "other" is allowed, never otherwise', () => {
    expect(answersBody([branch], { branch: { option: 'main', text: 'feature/x' } })).toEqual({ answers: { branch: ['feature/x'] } });
    expect(answersBody([pick], { pick: { option: 'main', text: 'feature/x' } })).toEqual({ answers: { pick: ['main'] } });
  });
});

describe('time left', () => {
  it('formats minutes and seconds, hours when needed, and expiry', () => {
    expect([formatRemaining(3_725_000), formatRemaining(65_000), formatRemaining(9_000), formatRemaining(400), formatRemaining(0), formatRemaining(-5)]).toEqual([
      '1:02:05',
      '1:05',
      '0:09',
      '0:01',
      'expired',
      'expired',
    ]);
  });
});
