import type { ReviewFeedback } from '../../../shared/api/review-schemas.js';
import type { Issue } from '../../../shared/domain/issue.js';

/**
 * The `review` template variable: the newest feedback the agent has not yet answered with a
 * handoff, or null. `attempt` is the review round (1 for the first feedback on the ticket).
 */
export interface ReviewVariable {
  attempt: number;
  round: number;
  decision: ReviewFeedback['decision'];
  source: ReviewFeedback['source'];
  summary: string;
  comments: { path: string; line: number; body: string }[];
  at: string;
  /** The whole feedback as Markdown, for templates that just print it: `{{ review.text }}`. */
  text: string;
}

/**
 * What a run needs from the review loop: the prompt's `review` and `guidance` variables and, for the
 * `baton_tracker` tool, every round of feedback. Implemented by review/feedback/ (ReviewPrompts).
 */
export interface ReviewContext {
  promptVariables(issue: Issue): Promise<{ review: ReviewVariable | null; guidance: string }>;
  feedback(identifier: string): ReviewFeedback[];
}

/** A context with nothing to say, for runs outside an engine (tests, tools). */
export const NO_REVIEW_CONTEXT: ReviewContext = {
  promptVariables: () => Promise.resolve({ review: null, guidance: '' }),
  feedback: () => [],
};
