import type { ApprovalAnswerBody, ApprovalDecision, ApprovalQuestion } from '../../../shared/api/schemas.js';

/** What the form holds for one question: a chosen option, or typed text (never both). */
export interface QuestionDraft {
  option: string | null;
  text: string;
}

export type Drafts = Readonly<Record<string, QuestionDraft>>;

export const EMPTY_DRAFT: QuestionDraft = { option: null, text: '' };

/** A free-text field is offered when there are no options, or when "other" answers are allowed. */
export function allowsText(q: ApprovalQuestion): boolean {
  return q.options === null || q.options.length === 0 || q.is_other;
}

/** The answer of one question, or null while it has none. */
export function answerOf(q: ApprovalQuestion, draft: QuestionDraft | undefined): string | null {
  if (!draft) return null;
  if (draft.text.trim() !== '' && allowsText(q)) return draft.text;
  return draft.option;
}

/** The body for `POST /api/v1/approvals/<id>`: every question answered together, or null while
 *  one is still open (the engine refuses partial answers). */
export function answersBody(questions: readonly ApprovalQuestion[], drafts: Drafts): ApprovalAnswerBody | null {
  if (questions.length === 0) return null;
  const answers: Record<string, string[]> = {};
  for (const q of questions) {
    const a = answerOf(q, drafts[q.id]);
    if (a === null) return null;
    answers[q.id] = [a];
  }
  return { answers };
}

/** Button text and explanation of each decision the protocol offers. */
export const DECISIONS: Record<ApprovalDecision, { label: string; hint: string }> = {
  accept: { label: 'Approve', hint: 'Allow this once' },
  acceptForSession: { label: 'Approve for session', hint: 'Allow this and the same kind of request for the rest of the session' },
  decline: { label: 'Decline', hint: 'Refuse; the agent goes on without it' },
  cancel: { label: 'Decline and stop', hint: 'Refuse and interrupt the agent’s turn' },
};
