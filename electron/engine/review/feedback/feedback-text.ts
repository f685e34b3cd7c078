import type { ReviewFeedback } from '../../../../shared/api/review-schemas.js';
import type { ReviewVariable } from '../../agents/review-context.js';

/** Opening line per kind of feedback: what happened to the last attempt and what to do now. */
function lead(feedback: ReviewFeedback): string {
  if (feedback.decision === 'restart') {
    return 'Your previous attempt was thrown away (it is saved under refs/baton/snapshots/) and the workspace was reset to the base branch. Start over, taking the notes below into account.';
  }
  if (feedback.source === 'landing') {
    return 'Your work was approved but could not land on the base branch. Fix the problem below in this workspace, then hand the ticket back.';
  }
  return 'A reviewer requested changes to your last attempt. Address every point below in this workspace, then hand the ticket back.';
}

/** The feedback as Markdown: what the agent reads in its prompt and what goes on the ticket as a comment. */
export function feedbackText(feedback: ReviewFeedback): string {
  const lines = [`## Review feedback (round ${feedback.round})`, '', lead(feedback)];
  if (feedback.summary.trim() !== '') lines.push('', feedback.summary.trim());
  if (feedback.comments.length > 0) {
    lines.push('', 'Line comments:');
    for (const c of feedback.comments) lines.push(`- \`${c.path}:${c.line}\`: ${c.body.trim().replace(/\n+/g, ' ')}`);
  }
  return lines.join('\n');
}

export function reviewVariable(feedback: ReviewFeedback): ReviewVariable {
  return {
    attempt: feedback.round,
    round: feedback.round,
    decision: feedback.decision,
    source: feedback.source,
    summary: feedback.summary,
    comments: feedback.comments.map(({ path, line, body }) => ({ path, line, body })),
    at: feedback.at,
    text: feedbackText(feedback),
  };
}
