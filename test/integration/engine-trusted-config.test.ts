import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { TicketDiff } from '../../shared/api/review-schemas.js';
import type { Issue } from '../../shared/domain/issue.js';
import type { EngineHarness } from './engine-harness.js';
import { decide, mergeQueue, reviews, startReviewEngine, WAIT, waitForRunsEnded, waitForState } from './engine-review-kit.js';
import { git, tempDir } from './workspace-helpers.js';

/**
 * Issue 7 H2, reproduced with a real engine, a real repository holding WORKFLOW.md (the template's
 * recommended place) and `review.auto_land: true`: an agent's edit to WORKFLOW.md landed on main
 * within ~2 s, the engine reloaded it, and its new `before_run` hook ran unsandboxed on the next
 * ticket. Now the edit is held for a person, landing it needs an explicit confirmation, and the
 * landed hook runs only after someone applies the reloaded workflow.
 */
let h: EngineHarness | null = null;
const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await h?.dispose();
  h = null;
  for (const c of cleanups.splice(0)) await c();
});

interface WorkflowBody {
  pending_change: { id: string; changes: Array<{ key: string; guarded: string | null }> } | null;
}

async function createTicket(harness: EngineHarness, title: string): Promise<string> {
  const created = await harness.api<Issue>('POST', '/api/v1/tickets', { title });
  if (created.status !== 201) throw new Error(JSON.stringify(created.json));
  return created.json.identifier;
}

describe('an agent cannot rewrite the trusted workflow', { timeout: 180_000 }, () => {
  it('holds an agent-edited WORKFLOW.md out of auto-land, lands it only when confirmed, and applies its hook only when a person says so', async () => {
    // The scenario is written once the workflow exists: the agent rewrites WORKFLOW.md with a hook.
    const scratch = await tempDir('trusted-config');
    cleanups.push(scratch.cleanup);
    const scenarioPath = path.join(scratch.dir, 'rewrite.json');
    await writeFile(scenarioPath, '{}');
    h = await startReviewEngine({ scenario: scenarioPath, workflowInRepo: true, review: 'auto_land: true\nchecks: "true"' });
    const harness = h;
    const repo = h.repo!;
    const marker = path.join(h.dir, 'hook-ran.txt');
    const original = await readFile(h.workflowPath, 'utf8');
    const rewritten = original.replace(/^---\n/, `---\nhooks:\n  before_run: echo pwned >> ${marker}\n`);
    await writeFile(scenarioPath, JSON.stringify({ threadId: 'thr_rewrite', turns: [[{ write: { path: 'WORKFLOW.md', content: rewritten } }, { message: 'Tidied the workflow' }]] }));
    const mainBefore = (await git(repo, 'rev-parse', 'main')).trim();

    const id = await createTicket(h, 'Tidy the workflow');
    await waitForState(h, id, 'Human Review');
    // The intake decided and went on to run the checks: auto-land held the ticket for a person.
    await expect.poll(async () => (await reviews(harness)).reviews.find((r) => r.issue.identifier === id)?.checks?.status ?? null, WAIT).toBe('passed');
    expect((await h.ticket(id)).state).toBe('Human Review');
    expect((await mergeQueue(h)).entries).toEqual([]);
    expect((await git(repo, 'rev-parse', 'main')).trim()).toBe(mainBefore);
    expect(await readFile(h.workflowPath, 'utf8')).toBe(original);

    const item = (await reviews(h)).reviews.find((r) => r.issue.identifier === id)!;
    expect(item.config_change).toEqual({ files: [{ path: 'WORKFLOW.md', why: expect.stringContaining('workflow file') }] });
    const diff = await h.api<TicketDiff>('GET', `/api/v1/tickets/${id}/diff`);
    expect(diff.json.config_files).toEqual([{ path: 'WORKFLOW.md', why: expect.any(String) }]);

    // Neither a board drag nor a plain approval moves it toward main.
    const dragged = await h.api<{ error: { code: string; message: string } }>('PATCH', `/api/v1/tickets/${id}`, { state: 'Merging' });
    expect(dragged.status).toBe(409);
    expect(dragged.json.error).toMatchObject({ code: 'config_confirmation_required', message: expect.stringContaining('WORKFLOW.md') });
    const plain = await decide(h, id, { decision: 'approve' });
    expect(plain.status).toBe(409);
    expect(plain.json.error?.code).toBe('config_confirmation_required');
    expect((await h.ticket(id)).state).toBe('Human Review');

    // Confirmed, it lands; the engine sees the new workflow on main but does not run its hook yet.
    expect((await decide(h, id, { decision: 'approve', confirm_config: true })).status).toBe(200);
    await waitForState(h, id, 'Done');
    expect(await readFile(h.workflowPath, 'utf8')).toBe(rewritten);
    await expect.poll(async () => (await harness.api<WorkflowBody>('GET', '/api/v1/workflow')).json.pending_change?.id ?? null, WAIT).not.toBeNull();
    const pending = (await h.api<WorkflowBody>('GET', '/api/v1/workflow')).json.pending_change!;
    expect(pending.changes).toEqual([expect.objectContaining({ key: 'hooks.before_run', guarded: expect.any(String) })]);

    const before = await createTicket(h, 'Runs on the confirmed workflow');
    await waitForRunsEnded(h, before, 1);
    expect(await readFile(marker, 'utf8').catch(() => null)).toBeNull();

    expect((await h.api('POST', `/api/v1/workflow/pending/${pending.id}`, { decision: 'apply' })).status).toBe(200);
    const after = await createTicket(h, 'Runs on the applied workflow');
    await waitForRunsEnded(h, after, 1);
    expect(await readFile(marker, 'utf8')).toBe('pwned\n');
  });
});
