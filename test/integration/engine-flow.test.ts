import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../shared/domain/issue.js';
import type { TraceEvent } from '../../shared/domain/trace.js';
import type { StateSnapshot } from '../../shared/api/schemas.js';
import { capturingLogger } from '../mocks/capturing-logger.js';
import { EngineHarness } from './engine-harness.js';
import { git } from './workspace-helpers.js';

const WAIT = { timeout: 15_000, interval: 50 };

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

async function ticket(harness: EngineHarness, identifier: string): Promise<Issue> {
  const { json } = await harness.api<{ tickets: Issue[] }>('GET', '/api/v1/tickets');
  const found = json.tickets.find((t) => t.identifier === identifier);
  if (!found) throw new Error(`no ticket ${identifier}`);
  return found;
}

describe('engine flow with the fake app-server', () => {
  it('moves API-created tickets Todo → In Progress → Human Review with real worktrees and files', async () => {
    h = await EngineHarness.start({ scenario: 'happy' });
    const created = await h.api<Issue>('POST', '/api/v1/tickets', { title: 'Say hello', labels: ['Demo'] });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ identifier: 'BAT-1', state: 'Todo', labels: ['demo'] });
    await h.api('POST', '/api/v1/tickets', { title: 'Say hello again', priority: 1 });

    const harness = h;
    await expect.poll(async () => (await ticket(harness, 'BAT-1')).state, WAIT).toBe('Human Review');
    await expect.poll(async () => (await ticket(harness, 'BAT-2')).state, WAIT).toBe('Human Review');

    const worktree = path.join(h.dir, 'workspaces', 'BAT-1');
    expect(await readFile(path.join(worktree, 'src', 'hello.txt'), 'utf8')).toBe('hello from turn 1\n');
    expect((await git(worktree, 'rev-parse', '--abbrev-ref', 'HEAD')).trim()).toBe('baton/BAT-1');

    // The handoff is visible before the run has finished its cleanup; run_ended comes last.
    const eventNames = async () => (await harness.api<{ events: TraceEvent[] }>('GET', '/api/v1/tickets/BAT-1/events')).json.events.map((e) => String(e.data.event));
    await expect.poll(eventNames, WAIT).toContain('run_ended');
    const events = await h.api<{ events: TraceEvent[] }>('GET', '/api/v1/tickets/BAT-1/events');
    const names = events.json.events.map((e) => String(e.data.event));
    for (const expected of ['run_started', 'workspace_ready', 'state_moved', 'session_started', 'turn_completed', 'handoff', 'run_ended']) {
      expect(names).toContain(expected);
    }
    const seqs = events.json.events.map((e) => e.seq);
    expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
    const message = events.json.events.find((e) => e.kind === 'message');
    expect(message?.summary).toContain('Wrote src/hello.txt for: Work on BAT-1: Say hello');

    const after = await h.api<{ events: TraceEvent[] }>('GET', `/api/v1/tickets/BAT-1/events?after=${seqs[seqs.length - 2]}`);
    expect(after.json.events.map((e) => e.seq)).toEqual([seqs[seqs.length - 1]]);

    await expect.poll(async () => (await harness.api<StateSnapshot>('GET', '/api/v1/state')).json.codex_totals.total_tokens, WAIT).toBe(3_800);
    await expect.poll(async () => (await harness.api<StateSnapshot>('GET', '/api/v1/state')).json.counts.running, WAIT).toBe(0);
    const state = (await h.api<StateSnapshot>('GET', '/api/v1/state')).json;
    expect(state.codex_totals).toMatchObject({ input_tokens: 3_000, output_tokens: 800 });
    expect(state.tokens_today.total_tokens).toBe(3_800);
    expect(state.rate_limits).toMatchObject({ primary: { usedPercent: 25 } });
    expect(state.counts.running).toBe(0);

    const detail = await h.api<{ status: string; workspace: { path: string; branch: string } }>('GET', '/api/v1/BAT-1');
    expect(detail.status).toBe(200);
    expect(detail.json.workspace).toEqual({ path: worktree, branch: 'baton/BAT-1' });
  });

  it.each([
    { scenario: 'failed-turn', code: 'turn_failed' },
    { scenario: 'crash', code: 'port_exit' },
  ])('a $scenario agent shows under retrying with its error and backoff', async ({ scenario, code }) => {
    h = await EngineHarness.start({ scenario });
    await h.api('POST', '/api/v1/tickets', { title: 'Doomed' });
    const harness = h;
    await expect.poll(async () => (await harness.api<StateSnapshot>('GET', '/api/v1/state')).json.retrying.length, WAIT).toBe(1);
    const state = (await h.api<StateSnapshot>('GET', '/api/v1/state')).json;
    const row = state.retrying[0]!;
    expect(row).toMatchObject({ issue_identifier: 'BAT-1', attempt: 1 });
    expect(row.error).toContain(code);
    const dueIn = Date.parse(row.due_at) - Date.parse(state.generated_at);
    expect(dueIn).toBeGreaterThan(5_000);
    expect(dueIn).toBeLessThanOrEqual(10_000);
    expect((await ticket(h, 'BAT-1')).state).toBe('In Progress');
  });

  it('a stalled agent is killed and shows under retrying', async () => {
    h = await EngineHarness.start({ scenario: 'stall', codex: 'stall_timeout_ms: 800' });
    await h.api('POST', '/api/v1/tickets', { title: 'Goes silent' });
    const harness = h;
    await expect.poll(async () => (await harness.api<StateSnapshot>('GET', '/api/v1/state')).json.retrying[0]?.error ?? '', WAIT).toContain('stalled');
  });

  it('logs run and session lifecycle with issue_id, issue_identifier and session_id (SPEC §13.1)', async () => {
    const { logger, lines } = capturingLogger();
    h = await EngineHarness.start({ scenario: 'happy', git: false, logger });
    const created = await h.api<Issue>('POST', '/api/v1/tickets', { title: 'Log me' });
    const harness = h;
    await expect.poll(async () => (await ticket(harness, 'BAT-1')).state, WAIT).toBe('Human Review');
    const session = lines().find((l) => l.msg === 'agent session started');
    expect(session).toMatchObject({ issue_id: created.json.id, issue_identifier: 'BAT-1' });
    expect(String(session?.session_id)).toMatch(/^thr_happy-turn_/);
    expect(lines().find((l) => l.event === 'turn_completed')).toMatchObject({ issue_identifier: 'BAT-1', session_id: session?.session_id });
  });

  it('rejects ticket input the tracker refuses with 400, leaving the ticket as it was', async () => {
    h = await EngineHarness.start({ scenario: 'happy', git: false });
    await h.api('POST', '/api/v1/tickets', { title: 'Stay put', state: 'Backlog' });
    const tooUrgent = await h.api('PATCH', '/api/v1/tickets/BAT-1', { priority: 9 });
    expect(tooUrgent.status).toBe(400);
    // One range everywhere (issue 7): the API refuses what the tracker would, and says the range.
    expect(tooUrgent.json).toMatchObject({ error: { code: 'invalid_request', message: expect.stringContaining('from 0 to 4') } });
    const unknownState = await h.api('PATCH', '/api/v1/tickets/BAT-1', { state: 'Limbo' });
    expect(unknownState.status).toBe(400);
    expect(unknownState.json).toMatchObject({ error: { code: 'invalid_state' } });
    expect(await ticket(h, 'BAT-1')).toMatchObject({ priority: null, state: 'Backlog' });
  });

  it('answers an unknown issue with 404 and the error envelope', async () => {
    h = await EngineHarness.start({ scenario: 'happy', git: false });
    const res = await h.api('GET', '/api/v1/BAT-99');
    expect(res.status).toBe(404);
    expect(res.json).toMatchObject({ error: { code: 'issue_not_found' } });
  });
});
