import { ok, type Result } from '../lib/result.js';
import type { RunContext } from './run-context.js';

/** A tag of the template that reads the `review` variable (`{{ review.text }}`, `{% if review %}`). */
const USES_REVIEW = /\{[{%][^}]*\breview\b/;

/**
 * The first prompt of a run: the WORKFLOW.md template with `issue`, `attempt`, `review` and
 * `guidance`. Feedback must reach the agent even when the template predates the review loop, so a
 * template that never reads `review` gets the feedback appended after its own text.
 */
export async function renderRunPrompt(ctx: RunContext): Promise<Result<string>> {
  const extras = await ctx.review.promptVariables(ctx.issue);
  const rendered = await ctx.prompts.render(ctx.promptTemplate, { issue: ctx.issue, attempt: ctx.attempt, ...extras });
  if (!rendered.ok || extras.review === null || USES_REVIEW.test(ctx.promptTemplate)) return rendered;
  return ok(`${rendered.value}\n\n${extras.review.text}`);
}
