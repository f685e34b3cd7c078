import { mkdir, readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { testIssue } from '../../test/fixtures/service-config.js';
import { git, tempDir } from '../../test/integration/workspace-helpers.js';
import { LocalTracker } from '../engine/tracker/local/local-tracker.js';
import { systemClock } from '../engine/lib/clock.js';
import { buildServiceConfig } from '../engine/workflow/config.js';
import { loadWorkflowFile } from '../engine/workflow/loader.js';
import { WorkflowParser } from '../engine/workflow/parser/workflow-parser.js';
import { PromptRenderer } from '../engine/workflow/prompt.js';
import { validateDispatchConfig } from '../engine/workflow/validate.js';
import { DEMO_TICKETS } from './demo-tickets.js';
import { demoAgentCommand } from './demo-workflow.js';
import { prepareDemo, type DemoOptions } from './prepare-demo.js';

const AGENT = fileURLToPath(new URL('../../resources/demo-agent/demo-agent.mjs', import.meta.url));
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const c of cleanups.splice(0)) await c();
});

async function scratch(): Promise<string> {
  const { dir, cleanup } = await tempDir('prepare-demo');
  cleanups.push(cleanup);
  return dir;
}

function options(dir: string | null, extra: Partial<DemoOptions> = {}): DemoOptions {
  return { dir, agentScript: AGENT, nodePath: '/opt/node/bin/node', env: {}, ...extra };
}

async function tickets(dir: string) {
  const tracker = new LocalTracker({
    path: path.join(dir, '.baton', 'tickets.db'),
    prefix: 'DEMO',
    settings: () => ({ states: ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Rework', 'Merging', 'Done', 'Cancelled'], active_states: ['Todo'], terminal_states: ['Done'] }),
    clock: systemClock,
  });
  try {
    const listed = await tracker.listIssues();
    if (!listed.ok) throw new Error(listed.error.message);
    return listed.value;
  } finally {
    await tracker.dispose();
  }
}

describe('prepareDemo', () => {
  it('creates a repository with the project, a committed demo WORKFLOW.md and the seeded board', async () => {
    const dir = path.join(await scratch(), 'demo');
    const prepared = await prepareDemo(options(dir));
    expect(prepared).toEqual({ ok: true, value: { dir, workflowPath: path.join(dir, 'WORKFLOW.md'), created: true, seeded: 12 } });
    expect((await git(dir, 'log', '--format=%an|%s', 'main')).split('\n')).toEqual([
      'Baton demo setup|Add the Baton demo workflow (scripted demo agent, local tracker)',
      'Baton demo setup|textkit 0.1.0: slugify, wordCount, truncate, titleCase',
    ]);
    expect(await git(dir, 'status', '--porcelain')).toBe('');
    expect(await git(dir, 'check-ignore', '.baton/tickets.db')).toBe('.baton/tickets.db');

    const board = await tickets(dir);
    expect(board.map((t) => [t.identifier, t.title, t.state])).toEqual(DEMO_TICKETS.map((t, i) => [`DEMO-${i + 1}`, t.title, t.state]));
    expect(board.filter((t) => t.state === 'Backlog')).toHaveLength(2);
    expect(board[3]!.blocked_by.map((b) => b.identifier)).toEqual(['DEMO-3']);
    expect(new Set(board.map((t) => t.priority)).size).toBeGreaterThan(3);
  });

  it('writes a workflow that loads, passes dispatch validation, says demo: true and renders a prompt the agent reads', async () => {
    const dir = path.join(await scratch(), 'demo');
    const prepared = await prepareDemo(options(dir));
    if (!prepared.ok) throw new Error(prepared.error.message);
    const def = await loadWorkflowFile(prepared.value.workflowPath);
    if (!def.ok) throw new Error(def.error.message);
    const config = buildServiceConfig(def.value, {});
    if (!config.ok) throw new Error(config.error.message);
    expect(validateDispatchConfig(config.value).ok).toBe(true);
    expect(config.value.demo).toBe(true);
    expect(config.value.workspace).toEqual({ root: path.join(dir, '.baton', 'workspaces'), repo: dir, base_branch: null });
    expect(config.value.codex.command).toBe(demoAgentCommand('/opt/node/bin/node', AGENT));
    expect(config.value.tracker.provider.prefix).toBe('DEMO');
    expect(await readFile(prepared.value.workflowPath, 'utf8')).toContain('SCRIPTED');

    const issue = testIssue(4, { identifier: 'DEMO-4', title: 'Use capitalize in titleCase', labels: ['refactor'], description: 'Edit `src/title-case.js`.', blocked_by: [{ id: 'x', identifier: 'DEMO-3', state: 'Todo' }] });
    const parser = new WorkflowParser();
    const prompt = await new PromptRenderer(parser).render(def.value.prompt_template, { issue, attempt: null, review: null, guidance: '' }).finally(() => parser.dispose());
    expect(prompt.ok && prompt.value).toContain('You are working on ticket DEMO-4: Use capitalize in titleCase\nState: Todo\nLabels: refactor\n');
    expect(prompt.ok && prompt.value).toContain('Depends on DEMO-3 (Todo).');
  });

  it('reuses an earlier demo without seeding again, re-pointing its agent command when Node moved', async () => {
    const dir = path.join(await scratch(), 'demo');
    expect((await prepareDemo(options(dir))).ok).toBe(true);
    const head = await git(dir, 'rev-parse', 'HEAD');

    const again = await prepareDemo(options(dir, { nodePath: '/usr/local/bin/node' }));
    expect(again).toEqual({ ok: true, value: { dir, workflowPath: path.join(dir, 'WORKFLOW.md'), created: false, seeded: 0 } });
    expect(await tickets(dir)).toHaveLength(12);
    expect(await git(dir, 'rev-parse', 'HEAD')).toBe(head);
    expect(await readFile(path.join(dir, 'WORKFLOW.md'), 'utf8')).toContain(JSON.stringify(demoAgentCommand('/usr/local/bin/node', AGENT)));
  });

  it('uses an existing empty directory, and makes a new one under the temp dir when none is given', async () => {
    const parent = await scratch();
    const empty = path.join(parent, 'empty');
    await mkdir(empty);
    expect(await prepareDemo(options(empty))).toMatchObject({ ok: true, value: { dir: empty, created: true } });
    const made = await prepareDemo(options(null, { tmpDir: parent }));
    expect(made.ok && path.dirname(made.value.dir)).toBe(parent);
    expect(made.ok && path.basename(made.value.dir)).toMatch(/^baton-demo-/);
  });

  it('refuses a directory that holds something other than a demo, and writes nothing there', async () => {
    const dir = await scratch();
    await writeFile(path.join(dir, 'notes.txt'), 'mine\n');
    const result = await prepareDemo(options(dir));
    expect(result.ok ? null : result.error.code).toBe('demo_dir_in_use');
    expect(result.ok ? '' : result.error.message).toContain(dir);

    // A git repository with a WORKFLOW.md that is not a demo is refused too.
    await git(dir, 'init', '-q');
    await writeFile(path.join(dir, 'WORKFLOW.md'), '---\ntracker:\n  kind: local\n---\nhi\n');
    const repo = await prepareDemo(options(dir));
    expect(repo.ok ? null : repo.error.code).toBe('demo_dir_in_use');
    expect(await git(dir, 'status', '--porcelain')).toBe('?? WORKFLOW.md\n?? notes.txt');
  });

  it('refuses a --dir that is a file, and fails clearly when the agent script is missing', async () => {
    const dir = await scratch();
    await writeFile(path.join(dir, 'file'), 'x');
    const file = await prepareDemo(options(path.join(dir, 'file')));
    expect(file.ok ? null : file.error.code).toBe('demo_dir_in_use');
    const missing = await prepareDemo(options(path.join(dir, 'demo'), { agentScript: path.join(dir, 'nope.mjs') }));
    expect(missing.ok ? null : missing.error.code).toBe('demo_agent_missing');
  });
});
