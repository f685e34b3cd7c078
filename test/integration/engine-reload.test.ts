import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './engine-harness.js';

/**
 * Live reload of WORKFLOW.md while the engine runs (SPEC §6.2): a good edit applies to the next
 * run; a bad edit is reported (`GET /api/v1/workflow` last_error, `/api/v1/state` workflow_error)
 * while runs go on with the last good version. The `happy` fake echoes its prompt in a message.
 */
/** Generous: the machine may be shared with benchmarks; polls return as soon as the condition holds. */
const WAIT = { timeout: 30_000, interval: 50 };

interface WorkflowBody {
  prompt_template: string;
  config: { polling: { interval_ms: number } };
  last_error: { code: string; message: string } | null;
}

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function workflow(harness: EngineHarness): Promise<WorkflowBody> {
  return (await harness.api<WorkflowBody>('GET', '/api/v1/workflow')).json;
}

/** Creates a ticket, waits for its hand-off, and returns the fake's echo of the prompt it got. */
async function runTicket(harness: EngineHarness, identifier: string, title: string): Promise<string> {
  const created = await harness.api<{ identifier: string }>('POST', '/api/v1/tickets', { title });
  expect(created.json.identifier).toBe(identifier);
  await expect.poll(async () => (await harness.ticket(identifier)).state, WAIT).toBe('Human Review');
  const message = (await harness.events(identifier)).find((e) => e.kind === 'message');
  return String(message?.data.text);
}

describe('live reload of WORKFLOW.md', { timeout: 90_000 }, () => {
  it('applies a good edit to the next run, reports a bad edit and keeps running on the last good version', async () => {
    h = await EngineHarness.start({ scenario: 'happy' });
    const harness = h;
    const original = await readFile(h.workflowPath, 'utf8');
    expect(await runTicket(h, 'BAT-1', 'Before the edit')).toBe('Wrote src/hello.txt for: Work on BAT-1: Before the edit');

    const promptStart = original.lastIndexOf('---\n') + 4;
    const revised = original.slice(0, promptStart).replace('interval_ms: 100', 'interval_ms: 150') + 'Revised prompt for {{ issue.identifier }} ({{ issue.title }})\n';
    await writeFile(h.workflowPath, revised);
    await expect.poll(async () => (await workflow(harness)).prompt_template, WAIT).toBe('Revised prompt for {{ issue.identifier }} ({{ issue.title }})');
    expect((await workflow(h)).config.polling.interval_ms).toBe(150);
    expect(await runTicket(h, 'BAT-2', 'After the edit')).toBe('Wrote src/hello.txt for: Revised prompt for BAT-2 (After the edit)');

    await writeFile(h.workflowPath, '---\ntracker: [unclosed\n---\nBroken prompt for {{ issue.identifier }}\n');
    await expect.poll(async () => (await workflow(harness)).last_error?.code ?? null, WAIT).toBe('workflow_parse_error');
    const status = await workflow(h);
    expect(status.prompt_template).toBe('Revised prompt for {{ issue.identifier }} ({{ issue.title }})');
    expect((await h.state()).workflow_error).toMatchObject({ code: 'workflow_parse_error', message: expect.any(String) });
    expect(await runTicket(h, 'BAT-3', 'During the bad edit')).toBe('Wrote src/hello.txt for: Revised prompt for BAT-3 (During the bad edit)');
    expect((await h.state()).workflow_error?.code).toBe('workflow_parse_error');

    // Fixing the file clears the error.
    await writeFile(h.workflowPath, original);
    await expect.poll(async () => (await workflow(harness)).last_error, WAIT).toBeNull();
    expect((await h.state()).workflow_error).toBeNull();
    expect((await workflow(h)).prompt_template).toContain('Work on {{ issue.identifier }}');
  });

  it('a config that parses but is invalid is reported the same way', async () => {
    h = await EngineHarness.start({ scenario: 'happy', git: false });
    const harness = h;
    const original = await readFile(h.workflowPath, 'utf8');
    await writeFile(h.workflowPath, original.replace('interval_ms: 100', 'interval_ms: not-a-number'));
    await expect.poll(async () => (await workflow(harness)).last_error, WAIT).not.toBeNull();
    expect((await workflow(h)).config.polling.interval_ms).toBe(100);
    expect((await h.state()).workflow_error).not.toBeNull();
    expect(await runTicket(h, 'BAT-1', 'Still works')).toBe('Wrote src/hello.txt for: Work on BAT-1: Still works');
  });
});

interface PendingBody {
  pending_change: { id: string; changes: Array<{ key: string; before: string | null; after: string | null; guarded: string | null }> } | null;
  last_error: { code: string } | null;
}

describe('a reload that changes what runs unsandboxed waits for a person (issue 7 H2)', { timeout: 120_000 }, () => {
  it('runs the old hook until the change is applied, the new one after; a rejection keeps the old one', async () => {
    h = await EngineHarness.start({ scenario: 'happy', frontMatter: 'hooks:\n  before_run: echo old >> ../hooks.log' });
    const harness = h;
    const log = () => readFile(path.join(harness.dir, 'workspaces', 'hooks.log'), 'utf8').catch(() => '');
    await runTicket(h, 'BAT-1', 'First');
    expect(await log()).toBe('old\n');

    const original = await readFile(h.workflowPath, 'utf8');
    await writeFile(h.workflowPath, original.replace('echo old >>', 'echo new >>'));
    await expect.poll(async () => (await h!.api<PendingBody>('GET', '/api/v1/workflow')).json.pending_change?.id ?? null, WAIT).not.toBeNull();
    const pending = (await h.api<PendingBody>('GET', '/api/v1/workflow')).json.pending_change!;
    expect(pending.changes).toEqual([{ key: 'hooks.before_run', before: 'echo old >> ../hooks.log', after: 'echo new >> ../hooks.log', guarded: expect.any(String) }]);
    await runTicket(h, 'BAT-2', 'While it waits');
    expect(await log()).toBe('old\nold\n');

    expect((await h.api('POST', '/api/v1/workflow/pending/999', { decision: 'apply' })).status).toBe(404);
    expect((await h.api('POST', `/api/v1/workflow/pending/${pending.id}`, { decision: 'maybe' })).status).toBe(400);
    const applied = await h.api<PendingBody>('POST', `/api/v1/workflow/pending/${pending.id}`, { decision: 'apply' });
    expect(applied.status).toBe(200);
    expect(applied.json.pending_change).toBeNull();
    await runTicket(h, 'BAT-3', 'After applying');
    expect(await log()).toBe('old\nold\nnew\n');

    await writeFile(h.workflowPath, original.replace('echo old >>', 'echo rejected >>'));
    await expect.poll(async () => (await h!.api<PendingBody>('GET', '/api/v1/workflow')).json.pending_change?.id ?? null, WAIT).not.toBeNull();
    const second = (await h.api<PendingBody>('GET', '/api/v1/workflow')).json.pending_change!;
    const rejected = await h.api<PendingBody>('POST', `/api/v1/workflow/pending/${second.id}`, { decision: 'reject' });
    expect(rejected.json).toMatchObject({ pending_change: null, last_error: { code: 'workflow_change_rejected' } });
    expect((await h.state()).workflow_error?.code).toBe('workflow_change_rejected');
    await runTicket(h, 'BAT-4', 'After rejecting');
    expect(await log()).toBe('old\nold\nnew\nnew\n');
  });

  it('shows a template that does not parse and a file over 1 MiB as errors, keeping the last good version (issue 7 M1)', async () => {
    h = await EngineHarness.start({ scenario: 'happy', git: false });
    const harness = h;
    const original = await readFile(h.workflowPath, 'utf8');
    await writeFile(h.workflowPath, `${original}\n{% if attempt %} never closed`);
    await expect.poll(async () => (await workflow(harness)).last_error?.code ?? null, WAIT).toBe('template_parse_error');
    expect((await h.state()).workflow_error?.code).toBe('template_parse_error');
    expect(await runTicket(h, 'BAT-1', 'Still works')).toBe('Wrote src/hello.txt for: Work on BAT-1: Still works');

    // 20 MB kept the API away for minutes; now it is refused unread, and the API answers at once.
    await writeFile(h.workflowPath, `${original}\n${'{{ issue.title }} '.repeat(20 * 1024 * 1024 / 18)}`);
    await expect.poll(async () => (await workflow(harness)).last_error?.code ?? null, WAIT).toBe('workflow_too_large');
    expect(await runTicket(h, 'BAT-2', 'Still works too')).toBe('Wrote src/hello.txt for: Work on BAT-2: Still works too');
  });
});
