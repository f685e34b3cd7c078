import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain/issue.js';
import { buildServiceConfig } from './config.js';
import { parseWorkflowText } from './loader.js';
import { WorkflowParser } from './parser/workflow-parser.js';
import { PromptRenderer } from './prompt.js';
import { validateDispatchConfig } from './validate.js';

const parser = new WorkflowParser();
afterAll(() => parser.dispose());

const DOC = fileURLToPath(new URL('../../../docs/workflow.md', import.meta.url));

/** The "Complete example" in docs/workflow.md must stay a workflow Baton accepts. */
describe('docs/workflow.md complete example', () => {
  it('loads, validates and renders', async () => {
    const doc = await readFile(DOC, 'utf8');
    const section = doc.slice(doc.indexOf('## Complete example'));
    const example = /```markdown\n([\s\S]*?)\n```\n/.exec(section)?.[1];
    expect(example).toBeDefined();

    const def = parseWorkflowText(example ?? '', '/srv/web/WORKFLOW.md');
    if (!def.ok) throw new Error(def.error.message);
    const config = buildServiceConfig(def.value, { HOME: '/home/op' });
    if (!config.ok) throw new Error(config.error.message);
    expect(validateDispatchConfig(config.value)).toEqual({ ok: true, value: undefined });
    expect(config.value.workspace).toEqual({ root: '/home/op/baton/workspaces/web', repo: '/srv/web', base_branch: 'main' });
    expect(config.value.agent.max_concurrent_agents_by_state).toEqual({ rework: 2 });
    expect(config.value.review).toMatchObject({ land: 'squash', checks: 'npm test', reviewer: { model: 'gpt-5-mini', api_key: null, gate: true } });

    const issue: Issue = {
      id: '1',
      identifier: 'WEB-1',
      title: 'Add dark mode',
      description: null,
      priority: null,
      state: 'Todo',
      branch_name: null,
      url: null,
      labels: ['ui'],
      native_ref: null,
      assignee_id: null,
      dispatchable: true,
      blocked_by: [{ id: '2', identifier: 'WEB-0', state: 'Done' }],
      created_at: null,
      updated_at: null,
    };
    const review = { round: 1, attempt: 1, decision: 'request_changes', source: 'review', summary: 'Add a test.', comments: [], at: '', text: '## Review feedback (round 1)' };
    const prompt = await new PromptRenderer(parser).render(def.value.prompt_template, { issue, attempt: 2, review, guidance: 'Never edit generated files.' });
    if (!prompt.ok) throw new Error(prompt.error.message);
    expect(prompt.value).toContain('## Review feedback (round 1)');
    expect(prompt.value).toContain('Never edit generated files.');
    expect(prompt.value).toContain('WEB-1: Add dark mode');
    expect(prompt.value).toContain('Labels: ui');
    expect(prompt.value).toContain('Depends on WEB-0 (Done)');
    expect(prompt.value).toContain('This is attempt 2.');
  });
});
