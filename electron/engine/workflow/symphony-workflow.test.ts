import { createHash } from 'node:crypto';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { testIssue } from '../../../test/fixtures/service-config.js';
import { capturingLogger } from '../../../test/mocks/capturing-logger.js';
import { systemClock } from '../lib/clock.js';
import { createTracker } from '../tracker/create-tracker.js';
import { WorkflowParser } from './parser/workflow-parser.js';
import { PromptRenderer } from './prompt.js';
import { validateDispatchConfig } from './validate.js';
import { WorkflowStore } from './workflow-store.js';

/**
 * Issue 8: Symphony's own `elixir/WORKFLOW.md` (current SPEC.md: `tracker.provider`,
 * `tracker.required_labels`) was refused with "tracker.project_slug is required". The fixture is
 * the upstream file byte for byte (test/fixtures/workflows/README.md names its commit).
 */
const FIXTURE = fileURLToPath(new URL('../../../test/fixtures/workflows/symphony-elixir-WORKFLOW.md', import.meta.url));
const FIXTURE_SHA256 = '7c465f8a44c6698db804dc7c6665cc1c2b7cadc1efed7d26c48629fcf530869d';
const ENV: NodeJS.ProcessEnv = { HOME: '/home/op', LINEAR_API_KEY: 'lin_test_key' };

const parser = new WorkflowParser();
afterAll(() => parser.dispose());

let dir: string | null = null;
afterEach(async () => {
  if (dir) await rm(dir, { recursive: true, force: true });
  dir = null;
});

describe("Symphony's elixir/WORKFLOW.md", () => {
  it('is the upstream file unchanged', async () => {
    const bytes = await readFile(FIXTURE);
    expect(createHash('sha256').update(bytes).digest('hex')).toBe(FIXTURE_SHA256);
  });

  it('loads, passes dispatch validation, builds a Linear tracker and renders its prompt', async () => {
    const { logger, lines } = capturingLogger();
    const opened = await WorkflowStore.open(FIXTURE, ENV, { logger, parser });
    if (!opened.ok) throw new Error(opened.error.message);
    const store = opened.value;
    try {
      const { config, definition } = store.current();
      expect(config.tracker).toEqual({
        kind: 'linear',
        required_labels: [],
        active_states: ['Todo', 'In Progress', 'Merging', 'Rework'],
        terminal_states: ['Closed', 'Cancelled', 'Canceled', 'Duplicate', 'Done'],
        states: ['Todo', 'In Progress', 'Merging', 'Rework', 'Closed', 'Cancelled', 'Canceled', 'Duplicate', 'Done'],
        // api_key: the adapter's documented fallback, LINEAR_API_KEY, since the file names none.
        provider: { project_slug: 'symphony-0c79b11b75ea', endpoint: 'https://api.linear.app/graphql', api_key: 'lin_test_key' },
      });
      expect(config.warnings).toEqual([]);
      expect(lines().filter((l) => l.level === 40 || l.level === 50)).toEqual([]);
      expect(config.workspace.root).toBe('/home/op/code/symphony-workspaces');
      expect(config.polling.interval_ms).toBe(5000);
      expect(config.codex.turn_sandbox_policy).toEqual({ type: 'workspaceWrite', networkAccess: true });
      expect(config.hooks.after_create).toContain('git clone --depth 1 https://github.com/openai/symphony .');
      expect(validateDispatchConfig(config)).toEqual({ ok: true, value: undefined });

      const tracker = createTracker(config, { clock: systemClock });
      expect(tracker.ok && tracker.value.kind).toBe('linear');
      if (tracker.ok) await tracker.value.dispose();

      const issue = testIssue(7, { identifier: 'SYM-7', title: 'Fix the dashboard', labels: ['bug'], url: 'https://linear.app/x/issue/SYM-7' });
      const prompt = await new PromptRenderer(parser).render(definition.prompt_template, { issue, attempt: 2 });
      if (!prompt.ok) throw new Error(prompt.error.message);
      expect(prompt.value).toContain('You are working on a Linear ticket `SYM-7`');
      expect(prompt.value).toContain('This is follow-up attempt #2.');
      expect(prompt.value).toContain('URL: https://linear.app/x/issue/SYM-7');
    } finally {
      store.dispose();
    }
  });

  it('without LINEAR_API_KEY loads but is refused for dispatch, naming the provider key and the variable', async () => {
    const opened = await WorkflowStore.open(FIXTURE, { HOME: '/home/op' }, { logger: capturingLogger().logger, parser });
    if (!opened.ok) throw new Error(opened.error.message);
    try {
      const checked = validateDispatchConfig(opened.value.current().config);
      expect(checked).toMatchObject({ ok: false, error: { code: 'missing_tracker_api_key' } });
      expect(!checked.ok && checked.error.message).toMatch(/tracker\.provider\.api_key .*LINEAR_API_KEY/);
    } finally {
      opened.value.dispose();
    }
  });

  it('an older Symphony workflow with flat tracker keys still loads, and the log says to move them', async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'symphony-flat-'));
    const file = path.join(dir, 'WORKFLOW.md');
    await writeFile(file, '---\ntracker:\n  kind: linear\n  project_slug: "old-style"\n  api_key: $LIN\n---\nWork on {{ issue.identifier }}\n');
    const { logger, lines } = capturingLogger();
    const opened = await WorkflowStore.open(file, { LIN: 'k' }, { logger, parser });
    if (!opened.ok) throw new Error(opened.error.message);
    try {
      expect(opened.value.current().config.tracker.provider).toMatchObject({ project_slug: 'old-style', api_key: 'k' });
      expect(validateDispatchConfig(opened.value.current().config).ok).toBe(true);
      const warnings = lines().filter((l) => l.level === 40).map((l) => l.msg);
      expect(warnings).toEqual([
        'WORKFLOW.md: tracker.api_key is deprecated: write it as tracker.provider.api_key (it is read the same way until then)',
        'WORKFLOW.md: tracker.project_slug is deprecated: write it as tracker.provider.project_slug (it is read the same way until then)',
      ]);
      expect(JSON.stringify(lines())).not.toContain('"k"');
    } finally {
      opened.value.dispose();
    }
  });
});
