import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { DemoAgentHarness, demoIssue, TAG } from './demo-harness.js';
import { git } from './workspace-helpers.js';

let harness: DemoAgentHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

const AGENT_AUTHOR = 'Baton demo agent (scripted)';

describe('the scripted demo agent under the engine client (AppServerSession)', () => {
  it('does a real, labelled turn: edits the named file, runs the tests, commits on the ticket branch and comments', async () => {
    harness = await DemoAgentHarness.create('DEMO-1');
    const h = harness;
    const issue = demoIssue('DEMO-1', 'Fix slugify dropping digits', { description: 'The pattern in `src/slugify.js` drops digits.' });
    h.writer.add('DEMO-1', issue.title, 'In Progress');
    const session = h.open(issue);

    const result = await session.runTurn(await h.prompt(issue), { title: 'DEMO-1: Fix slugify dropping digits' });
    expect(result.ok ? result.value.last_message : result.error).toMatch(/^\[scripted demo agent\] DEMO-1: Fix slugify dropping digits\nCommitted [0-9a-f]+ on baton\/DEMO-1/);
    expect(h.messages().length).toBeGreaterThan(0);
    expect(h.messages().every((m) => m.startsWith(TAG))).toBe(true);

    expect(await git(h.worktree, 'log', '-1', '--format=%an|%s')).toBe(`${AGENT_AUTHOR}|DEMO-1: Fix slugify dropping digits`);
    expect(await git(h.worktree, 'status', '--porcelain')).toBe('');
    expect(await git(h.worktree, 'show', '--name-only', '--format=', 'HEAD')).toBe('CHANGELOG.md\nsrc/slugify.js');
    expect(await readFile(path.join(h.worktree, 'CHANGELOG.md'), 'utf8')).toContain('## Unreleased\n\n- DEMO-1: Fix slugify dropping digits\n');
    expect(await readFile(path.join(h.worktree, 'src', 'slugify.js'), 'utf8')).toContain('// DEMO-1: Fix slugify dropping digits\n');
    // The main checkout is untouched: the work lives on the ticket branch only.
    expect(await git(h.repo, 'log', '-1', '--format=%an')).toBe('Baton demo setup');

    const commands = h.named('command_completed').map((e) => [e.data.command, e.data.exit_code]);
    expect(commands).toEqual([
      ['git status --short --branch', 0],
      ['node test/run.mjs', 0],
      ['git add -A && git commit -m "DEMO-1: Fix slugify dropping digits"', 0],
    ]);
    expect(String(h.named('command_completed')[1]!.data.output)).toMatch(/6 passed, 0 failed/);
    expect(h.named('file_change')[0]!.data.paths).toEqual(['src/slugify.js', 'CHANGELOG.md']);
    expect(h.named('reasoning')[0]!.summary).toContain('scripted demo agent');
    expect(h.writer.comments.map((c) => [c.author, c.body.startsWith(TAG)])).toEqual([['agent', true]]);
    expect(h.writer.comments[0]!.body).toContain('Tests: 6 passed, 0 failed');
    expect(h.named('token_usage').at(-1)!.absolute_tokens!.total_tokens).toBeGreaterThan(0);
    expect(h.named('rate_limits')).toHaveLength(1);
    expect(h.named('plan_updated').length).toBeGreaterThan(1);
  });

  it('creates a module the ticket names, with a passing test for it', async () => {
    harness = await DemoAgentHarness.create('DEMO-3');
    const h = harness;
    const issue = demoIssue('DEMO-3', 'Add a capitalize helper', { description: 'New `src/capitalize.js`.' });
    h.writer.add('DEMO-3', issue.title);
    const result = await h.open(issue).runTurn(await h.prompt(issue));
    expect(result.ok).toBe(true);
    expect(await git(h.worktree, 'show', '--name-only', '--format=', 'HEAD')).toBe('CHANGELOG.md\nsrc/capitalize.js\ntest/capitalize.test.mjs');
    const { capitalize } = (await import(path.join(h.worktree, 'src', 'capitalize.js'))) as { capitalize: (s: string) => string };
    expect(typeof capitalize('x')).toBe('string');
    expect(String(h.named('command_completed')[1]!.data.output)).toMatch(/7 passed, 0 failed/);
  });

  it('on rework, quotes the review feedback it reads through baton_tracker and commits a follow-up', async () => {
    harness = await DemoAgentHarness.create('DEMO-2');
    const h = harness;
    const issue = demoIssue('DEMO-2', 'Document the helpers in the README', { description: 'Sections in `README.md`.' });
    h.writer.add('DEMO-2', issue.title);
    const first = await h.open(issue).runTurn(await h.prompt(issue));
    expect(first.ok).toBe(true);
    await h.session!.stop();

    h.reviewFeedback.push({
      id: 1,
      round: 1,
      source: 'review',
      decision: 'request_changes',
      summary: 'Please add an example for truncate.\nThanks!',
      comments: [{ path: 'README.md', line: 3, body: 'Show the output too.' }],
      at: '2026-11-21T10:00:00.000Z',
      actor: 'reviewer',
    });
    const rework = { ...issue, state: 'Rework' };
    expect((await h.open(rework).runTurn(await h.prompt(rework, 1))).ok).toBe(true);
    await h.session!.stop();
    expect(await git(h.worktree, 'log', '-1', '--format=%s')).toBe('DEMO-2: follow-up after review');
    expect(await readFile(path.join(h.worktree, 'CHANGELOG.md'), 'utf8')).toContain('- DEMO-2: follow-up after review (Please add an example for truncate.)');
    // Landing is the engine's landing queue's job now (ADR 0006): the agent never touches main.
    expect(await git(h.repo, 'log', '-1', '--format=%s')).toMatch(/^Add the Baton demo workflow/);
  });

  it('asks before writing and committing under on-request: a declined edit writes nothing, a cancel interrupts the turn', async () => {
    harness = await DemoAgentHarness.create('DEMO-5');
    const h = harness;
    const issue = demoIssue('DEMO-5', 'Add an .editorconfig', { description: 'Add `.editorconfig`.' });
    h.writer.add('DEMO-5', issue.title);
    const session = h.open(issue, { approval_policy: 'on-request' });
    const prompt = await h.prompt(issue);

    const declined = session.runTurn(prompt);
    const fileRequest = await nextQueued(h);
    expect(fileRequest.method).toBe('item/fileChange/requestApproval');
    h.queue.answer(fileRequest.id, { decision: 'decline' });
    const result = await declined;
    expect(result.ok ? result.value.last_message : result.error).toContain('The edits were declined');
    await expect(stat(path.join(h.worktree, '.editorconfig'))).rejects.toThrow();
    expect(await git(h.worktree, 'log', '-1', '--format=%an')).toBe('Baton demo setup');

    const cancelled = session.runTurn(prompt);
    h.queue.answer((await nextQueued(h)).id, { decision: 'accept' });
    const commitRequest = await nextQueued(h);
    expect(commitRequest.method).toBe('item/commandExecution/requestApproval');
    expect(commitRequest.summary).toContain('git add -A && git commit');
    h.queue.answer(commitRequest.id, { decision: 'cancel' });
    const end = await cancelled;
    expect(end.ok ? null : end.error.code).toBe('turn_cancelled');
    expect(await git(h.worktree, 'log', '-1', '--format=%an')).toBe('Baton demo setup');
  });
});

async function nextQueued(h: DemoAgentHarness) {
  const deadline = Date.now() + 10_000;
  for (;;) {
    const first = h.queue.list()[0];
    if (first) return first;
    if (Date.now() > deadline) throw new Error('no operator request arrived');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}
