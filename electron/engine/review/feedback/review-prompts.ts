import type { ReviewFeedback } from '../../../../shared/api/review-schemas.js';
import type { Issue } from '../../../../shared/domain/issue.js';
import type { ReviewContext, ReviewVariable } from '../../agents/review-context.js';
import type { Logger } from '../../lib/logger.js';
import type { Store } from '../../store/store.js';
import type { ServiceConfig } from '../../workflow/config-types.js';
import type { GitExec } from '../../lib/git/git-exec.js';
import { reviewVariable } from './feedback-text.js';
import { readLandedGuidance } from './guidance-reader.js';

export interface ReviewPromptsDeps {
  config: () => ServiceConfig;
  store: Pick<Store, 'reviews' | 'runs'>;
  /** The base branch name (configured or the repo's current branch); null without a repository. */
  baseBranch: () => Promise<string | null>;
  logger: Logger;
  git?: GitExec;
}

/**
 * Feeds review feedback and guidance to runs: the `review` prompt variable is the newest feedback
 * the agent has not answered yet (no handed-off run ended after it), so a ticket reworked once and
 * then moved back by hand does not get stale notes again.
 */
export class ReviewPrompts implements ReviewContext {
  constructor(private readonly deps: ReviewPromptsDeps) {}

  async promptVariables(issue: Issue): Promise<{ review: ReviewVariable | null; guidance: string }> {
    const cfg = this.deps.config();
    const guidance = await readLandedGuidance(cfg.workspace.repo, await this.deps.baseBranch(), cfg.review.guidance_file, this.deps.git);
    return { review: this.openFeedback(issue.identifier), guidance };
  }

  feedback(identifier: string): ReviewFeedback[] {
    const all = this.deps.store.reviews.listFeedback(identifier);
    if (all.ok) return all.value;
    this.deps.logger.warn({ issue_identifier: identifier, code: all.error.code }, `review feedback unreadable: ${all.error.message}`);
    return [];
  }

  private openFeedback(identifier: string): ReviewVariable | null {
    const latest = this.feedback(identifier).at(-1);
    if (!latest) return null;
    const runs = this.deps.store.runs.listRuns(identifier);
    const answered = runs.ok && runs.value.some((r) => r.status === 'handed_off' && r.ended_at !== null && r.ended_at > latest.at);
    return answered ? null : reviewVariable(latest);
  }
}
