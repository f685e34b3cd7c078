import { afterAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain/issue.js';
import { WorkflowParser } from './parser/workflow-parser.js';
import { continuationPrompt, PromptRenderer } from './prompt.js';

/** One parse worker for the file, as the engine has one. */
const parser = new WorkflowParser();
afterAll(() => parser.dispose());

const issue: Issue = {
  id: 'id-1',
  identifier: 'BAT-7',
  title: 'Fix login',
  description: 'The button does nothing.',
  priority: 2,
  state: 'In Progress',
  branch_name: null,
  url: null,
  labels: ['bug', 'ui'],
  native_ref: null,
  assignee_id: null,
  dispatchable: true,
  blocked_by: [{ id: 'id-2', identifier: 'BAT-2', state: 'Done' }],
  created_at: '2025-01-01T00:00:00.000Z',
  updated_at: null,
};

describe('PromptRenderer', () => {
  it('renders issue fields, nested lists and attempt', async () => {
    const r = new PromptRenderer(parser);
    const template =
      '{{ issue.identifier }} {{ issue.title | upcase }}\n' +
      '{% for l in issue.labels %}[{{ l }}]{% endfor %} blocked by {{ issue.blocked_by[0].identifier }} ({{ issue.blocked_by.size }})\n' +
      '{% if attempt %}attempt {{ attempt }}{% else %}first run{% endif %}';
    expect(await r.render(template, { issue, attempt: null })).toEqual({ ok: true, value: 'BAT-7 FIX LOGIN\n[bug][ui] blocked by BAT-2 (1)\nfirst run' });
    expect(await r.render(template, { issue, attempt: 3 })).toEqual({ ok: true, value: 'BAT-7 FIX LOGIN\n[bug][ui] blocked by BAT-2 (1)\nattempt 3' });
  });

  it('passes extra variables through', async () => {
    const result = await new PromptRenderer(parser).render('{{ review.summary }} / {{ guidance }}', { issue, attempt: null, review: { summary: 'tests fail' }, guidance: 'fix them' });
    expect(result).toEqual({ ok: true, value: 'tests fail / fix them' });
  });

  it('fails on an unknown variable or an unknown field (strict variables)', async () => {
    const r = new PromptRenderer(parser);
    const unknownVar = await r.render('Hello {{ ticket.title }}', { issue, attempt: null });
    expect(!unknownVar.ok && unknownVar.error.code).toBe('template_render_error');
    expect(!unknownVar.ok && unknownVar.error.message).toContain('ticket');
    const unknownField = await r.render('{{ issue.assignee }}', { issue, attempt: null });
    expect(!unknownField.ok && unknownField.error.code).toBe('template_render_error');
  });

  it('fails on an unknown filter (strict filters)', async () => {
    const result = await new PromptRenderer(parser).render('{{ issue.title | shout }}', { issue, attempt: null });
    expect(!result.ok && result.error.code).toBe('template_render_error');
    expect(!result.ok && result.error.message).toContain('shout');
  });

  it('reports a syntax error as template_parse_error', async () => {
    const result = await new PromptRenderer(parser).render('{% if attempt %}never closed', { issue, attempt: null });
    expect(!result.ok && result.error.code).toBe('template_parse_error');
  });

  it('uses a default prompt for an empty template', async () => {
    const result = await new PromptRenderer(parser).render('  \n', { issue, attempt: 2 });
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.value).toContain('BAT-7: Fix login');
      expect(result.value).toContain('The button does nothing.');
      expect(result.value).toContain('attempt 2');
    }
    const noDescription = await new PromptRenderer(parser).render('', { issue: { ...issue, description: null }, attempt: null });
    expect(noDescription.ok && noDescription.value).toContain('No description was provided.');
    expect(noDescription.ok && noDescription.value).not.toContain('attempt');
  });

  it('reuses a parsed template and still renders with fresh variables', async () => {
    const r = new PromptRenderer(parser);
    const template = '{{ issue.identifier }}-{{ attempt }}';
    expect(await r.render(template, { issue, attempt: 1 })).toEqual({ ok: true, value: 'BAT-7-1' });
    expect(await r.render(template, { issue: { ...issue, identifier: 'BAT-8' }, attempt: 2 })).toEqual({ ok: true, value: 'BAT-8-2' });
  });
});

describe('continuationPrompt', () => {
  it('names the issue, the turn and the state without repeating the task prompt', () => {
    const text = continuationPrompt(2, 20, issue);
    expect(text).toContain('BAT-7');
    expect(text).toContain('turn 2 of 20');
    expect(text).toContain('"In Progress"');
    expect(text).not.toContain('last turn');
    expect(continuationPrompt(20, 20, issue)).toContain('last turn');
  });
});
