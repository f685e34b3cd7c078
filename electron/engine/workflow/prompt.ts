import type { Issue } from '../../../shared/domain/issue.js';
import { err, ok, type BatonError, type Result } from '../lib/result.js';
import type { TemplateFailure, WorkflowParser } from './parser/workflow-parser.js';

/** Template variables: the spec's `issue` and `attempt`, plus extras later features add (`review`, `guidance`). */
export interface PromptVariables {
  issue: Issue;
  /** Null on the first attempt; the retry or continuation number afterwards (SPEC §12.3). */
  attempt: number | null;
  [extra: string]: unknown;
}

/** Used when the WORKFLOW.md body is empty (SPEC §5.4 allows a minimal default). */
export const DEFAULT_PROMPT_TEMPLATE = `You are working on an issue from the tracker.

{{ issue.identifier }}: {{ issue.title }}

{% if issue.description %}{{ issue.description }}{% else %}No description was provided.{% endif %}
{% if attempt %}
This is attempt {{ attempt }}. Resume from the current state of the workspace instead of starting over.
{% endif %}`;

/**
 * Strict Liquid rendering (SPEC §5.4, §12): an unknown variable or filter fails the render instead of
 * silently producing an incomplete prompt. Codes: `template_parse_error`, `template_render_error`.
 * Parsing and rendering run on the workflow parser's worker thread (issue 7 M1): a large template
 * takes seconds, which the engine's event loop must never spend.
 */
export class PromptRenderer {
  constructor(private readonly parser: Pick<WorkflowParser, 'render'>) {}

  async render(template: string, vars: PromptVariables): Promise<Result<string>> {
    const source = template.trim() === '' ? DEFAULT_PROMPT_TEMPLATE : template;
    const rendered = await this.parser.render(source, { ...vars, attempt: vars.attempt ?? null });
    if (!rendered.ok) return err('template_render_error', `prompt template: ${rendered.error.message}`);
    if (typeof rendered.value === 'string') return ok(rendered.value.trim());
    return templateError(rendered.value);
  }
}

/** A template failure as the spec names it. */
export function templateError(failure: TemplateFailure): { ok: false; error: BatonError } {
  // liquidjs finds unknown filters while parsing; the spec classes them with render errors.
  const code = failure.phase === 'render' || failure.message.startsWith('undefined filter') ? 'template_render_error' : 'template_parse_error';
  return err(code, `prompt template: ${failure.message}`);
}

/**
 * What a continuation turn sends on the same thread (SPEC §7.1): the task prompt is already in the
 * thread's history, so this only says "keep going" and reminds the agent where it stands.
 */
export function continuationPrompt(turn: number, maxTurns: number, issue: Issue): string {
  const last = turn >= maxTurns ? ' This is the last turn of this session, so leave the work in a state that can be picked up again.' : '';
  return [
    `Continue working on ${issue.identifier}: ${issue.title} (turn ${turn} of ${maxTurns}).`,
    `The issue is still in state "${issue.state}", so the work is not finished yet.`,
    'Your task and the history so far are above in this thread: do not start over or repeat finished work.' +
      ' Pick up from the current state of the workspace, finish the remaining steps and verify them.' +
      last,
  ].join('\n');
}
