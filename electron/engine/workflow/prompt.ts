import { Liquid, type Template } from 'liquidjs';
import type { Issue } from '../../../shared/domain/issue.js';
import { err, errorMessage, ok, type Result } from '../lib/result.js';

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
 * Parsed templates are reused while WORKFLOW.md is unchanged; a few older versions are kept for runs
 * that started before an edit, and the bound stops a long-lived engine from collecting every draft.
 */
const TEMPLATE_CACHE_ENTRIES = 16;

/**
 * Strict Liquid rendering (SPEC §5.4, §12): an unknown variable or filter fails the render instead of
 * silently producing an incomplete prompt. Codes: `template_parse_error`, `template_render_error`.
 */
export class PromptRenderer {
  private readonly liquid = new Liquid({ strictVariables: true, strictFilters: true, ownPropertyOnly: true });
  private readonly cache = new Map<string, Template[]>();

  async render(template: string, vars: PromptVariables): Promise<Result<string>> {
    const source = template.trim() === '' ? DEFAULT_PROMPT_TEMPLATE : template;
    const parsed = this.parse(source);
    if (!parsed.ok) return parsed;
    try {
      const output: unknown = await this.liquid.render(parsed.value, { ...vars, attempt: vars.attempt ?? null });
      return ok(String(output).trim());
    } catch (e) {
      return err('template_render_error', `prompt template: ${errorMessage(e)}`);
    }
  }

  private parse(source: string): Result<Template[]> {
    const cached = this.cache.get(source);
    if (cached) return ok(cached);
    let templates: Template[];
    try {
      templates = this.liquid.parse(source);
    } catch (e) {
      const message = errorMessage(e);
      // liquidjs finds unknown filters while parsing; the spec classes them with render errors.
      const code = message.startsWith('undefined filter') ? 'template_render_error' : 'template_parse_error';
      return err(code, `prompt template: ${message}`);
    }
    if (this.cache.size >= TEMPLATE_CACHE_ENTRIES) {
      const oldest = this.cache.keys().next();
      if (!oldest.done) this.cache.delete(oldest.value);
    }
    this.cache.set(source, templates);
    return ok(templates);
  }
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
