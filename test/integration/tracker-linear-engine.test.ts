import { writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../shared/domain/issue.js';
import { Engine } from '../../electron/engine/engine.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { fakeCodexCommand, scenarioFile } from '../fixtures/fake-codex/session-harness.js';
import { FakeLinearServer } from '../fixtures/fake-linear/server.js';
import { standardWorkspace } from '../fixtures/fake-linear/store.js';
import { TEST_GIT_ENV, tempDir } from './workspace-helpers.js';

/**
 * A real engine configured with `tracker.kind: linear` against the fake server: the board's API
 * moves and creates tickets in Linear, with the key taken from $LINEAR_API_KEY.
 */
describe('engine with the Linear tracker', () => {
  let fake: FakeLinearServer;
  let engine: Engine | null;
  let cleanup: () => Promise<void>;
  let baseUrl: string;
  let token: string;

  beforeEach(async () => {
    fake = await FakeLinearServer.start({ store: standardWorkspace() });
    engine = null;
  });

  /** Starts the engine on a WORKFLOW.md for the fake; `agent` lines go under `agent:`. */
  async function boot(options: { agent?: string[]; active?: string; pollMs?: number; env?: Record<string, string> } = {}): Promise<void> {
    const made = await tempDir('baton-linear-engine-');
    cleanup = made.cleanup;
    const workflowPath = path.join(made.dir, 'WORKFLOW.md');
    await writeFile(
      workflowPath,
      [
        '---',
        'tracker:',
        '  kind: linear',
        '  provider:',
        `    endpoint: ${fake.url}`,
        '    api_key: $LINEAR_API_KEY',
        '    project_slug: baton-6f1c2a',
        `  active_states: ${options.active ?? '[Todo]'}`,
        '  terminal_states: [Done, Canceled]',
        'polling:',
        `  interval_ms: ${options.pollMs ?? 600_000}`,
        ...(options.agent ? ['agent:', ...options.agent.map((l) => `  ${l}`)] : []),
        'workspace:',
        `  root: ${path.join(made.dir, 'workspaces')}`,
        'codex:',
        `  command: ${JSON.stringify(fakeCodexCommand())}`,
        // A loaded machine can take seconds to start node; a handshake timeout would turn this into a retry test.
        '  read_timeout_ms: 30000',
        '---',
        'Work on {{ issue.identifier }}',
        '',
      ].join('\n'),
    );
    const env = { ...process.env, ...TEST_GIT_ENV, LINEAR_API_KEY: fake.apiKey, ...options.env };
    const created = await Engine.create({ workflowPath, env, logger: silentLogger() });
    if (!created.ok) throw new Error(`${created.error.code}: ${created.error.message}`);
    engine = created.value;
    const started = await engine.start({ host: '127.0.0.1', port: 0 });
    if (!started.ok) throw new Error(started.error.message);
    baseUrl = started.value.url;
    token = started.value.token;
  }

  afterEach(async () => {
    await engine?.dispose();
    engine = null;
    await fake.close();
    await cleanup();
  });

  async function api<T>(method: string, route: string, body?: unknown): Promise<{ status: number; json: T }> {
    const res = await fetch(`${baseUrl}${route}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
      body: body !== undefined ? JSON.stringify(body) : undefined,
    });
    return { status: res.status, json: (await res.json()) as T };
  }

  it('lists, moves and creates tickets through the API', async () => {
    await boot();
    const issue = fake.store.addIssue({ title: 'review me', state: 'In Progress' });

    const listed = await api<{ tickets: Issue[] }>('GET', '/api/v1/tickets');
    expect(listed.status).toBe(200);
    expect(listed.json.tickets.map((t) => [t.identifier, t.state])).toEqual([['ENG-1', 'In Progress']]);

    const moved = await api<Issue>('PATCH', '/api/v1/tickets/ENG-1', { state: 'Human Review' });
    expect(moved.status).toBe(200);
    expect(moved.json.state).toBe('Human Review');
    expect(fake.store.stateName(issue)).toBe('Human Review');
    const update = fake.requests.find((r) => r.operationName === 'BatonLinearIssueUpdate')!;
    expect(update.variables).toEqual({ id: issue.id, input: { stateId: fake.store.stateOf(fake.store.team('ENG'), 'Human Review').id } });

    const bad = await api<{ error: { code: string } }>('PATCH', '/api/v1/tickets/ENG-1', { state: 'Nowhere' });
    expect(bad).toMatchObject({ status: 400, json: { error: { code: 'invalid_state' } } });
    const missing = await api<{ error: { code: string } }>('PATCH', '/api/v1/tickets/ENG-99', { state: 'Done' });
    expect(missing).toMatchObject({ status: 404, json: { error: { code: 'issue_not_found' } } });

    const created = await api<Issue>('POST', '/api/v1/tickets', { title: 'from the board', state: 'Backlog' });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ identifier: 'ENG-2', state: 'Backlog' });
    expect(fake.store.issue('ENG-2').projectId).toBe(fake.store.project('baton-6f1c2a').id);

    expect(fake.requests.every((r) => r.authorization === fake.apiKey)).toBe(true);
  });

  it('runs an agent on a Todo ticket and hands it off to Human Review in Linear', async () => {
    const issue = fake.store.addIssue({ title: 'do the thing', state: 'Todo' });
    await boot({ agent: ['handoff_state: Human Review', 'working_state: In Progress'], active: '[Todo, In Progress]', pollMs: 200, env: { FAKE_CODEX_SCENARIO: scenarioFile('happy') } });

    const deadline = Date.now() + 30_000;
    while (fake.store.stateName(issue) !== 'Human Review' && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));

    expect(fake.store.stateName(issue)).toBe('Human Review');
    const moves = fake.requests.filter((r) => r.operationName === 'BatonLinearIssueUpdate').map((r) => (r.variables.input as { stateId: string }).stateId);
    const team = fake.store.team('ENG');
    expect(moves).toEqual([fake.store.stateOf(team, 'In Progress').id, fake.store.stateOf(team, 'Human Review').id]);
    expect(fake.operations()).toContain('BatonLinearIssuesByIds');
  }, 45_000);
});
