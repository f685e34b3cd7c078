import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildServiceConfig } from '../../electron/engine/workflow/config.js';
import { loadWorkflowFile } from '../../electron/engine/workflow/loader.js';
import { WorkflowParser } from '../../electron/engine/workflow/parser/workflow-parser.js';
import { PromptRenderer } from '../../electron/engine/workflow/prompt.js';
import { validateDispatchConfig } from '../../electron/engine/workflow/validate.js';
import { testIssue } from '../fixtures/service-config.js';

const parser = new WorkflowParser();
afterAll(() => parser.dispose());

const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..', '..');

describe.each(['resources/templates/WORKFLOW.md', 'resources/examples/local/WORKFLOW.md'])('shipped workflow %s', (file) => {
  it('loads, validates and renders a prompt for a ticket with and without an attempt', async () => {
    const def = await loadWorkflowFile(path.join(ROOT, file));
    if (!def.ok) throw new Error(def.error.message);
    const config = buildServiceConfig(def.value, { HOME: '/home/someone' });
    if (!config.ok) throw new Error(config.error.message);
    expect(validateDispatchConfig(config.value)).toEqual({ ok: true, value: undefined });
    const issue = testIssue(7, { title: 'Fix the flaky test', description: 'It fails on Tuesdays.' });
    const renderer = new PromptRenderer(parser);
    // The engine always passes `review` and `guidance` (null and '' when there is none).
    const first = await renderer.render(def.value.prompt_template, { issue, attempt: null, review: null, guidance: '' });
    const retry = await renderer.render(def.value.prompt_template, { issue, attempt: 2, review: null, guidance: '' });
    expect(first.ok && first.value).toContain('BAT-7: Fix the flaky test');
    expect(first.ok && first.value).toContain('It fails on Tuesdays.');
    expect(retry.ok && retry.value).not.toEqual(first.ok && first.value);
  });
});
