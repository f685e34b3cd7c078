import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { apiErrorEnvelopeSchema } from '../../shared/api/errors.js';
import { issueSchema, runListResponseSchema, shellResponseSchema, type RunRecord } from '../../shared/api/schemas.js';
import { makeIssue } from './server-fake-engine.js';
import { send, startServer, type Harness, type RawRequest, type RawResponse } from './server-harness.js';

/** The ticket view's routes: one ticket, its runs, and operator shells in its workspace. */
let h: Harness;

beforeEach(async () => {
  h = await startServer();
});

afterEach(async () => {
  await h.server.close();
});

const api = (path: string, req: RawRequest = {}): Promise<RawResponse> => send(h.port, path, { ...req, headers: { ...h.auth, ...req.headers } });
const codeOf = (res: RawResponse): string => apiErrorEnvelopeSchema.parse(res.json()).error.code;

function run(n: number, overrides: Partial<RunRecord> = {}): RunRecord {
  return {
    run_id: `run-${n}`, issue_id: 'id-1', issue_identifier: 'BAT-1', attempt: n === 1 ? null : n - 1,
    started_at: `2026-01-01T00:0${n}:00.000Z`, ended_at: null, status: 'running', error: null, workspace_path: '/ws/BAT-1',
    branch: 'baton/BAT-1', session_id: null, agent_kind: 'codex', turn_count: 2, input_tokens: 10, output_tokens: 5, total_tokens: 15,
    ...overrides,
  };
}

describe('GET /api/v1/tickets/<identifier>', () => {
  it('returns the ticket, 404 once it is gone, 409 for a read-only tracker', async () => {
    const res = await api('/api/v1/tickets/BAT-1');
    expect(res.status).toBe(200);
    expect(issueSchema.parse(res.json()).identifier).toBe('BAT-1');
    h.engine.tickets.delete('BAT-1');
    const gone = await api('/api/v1/tickets/BAT-1');
    expect([gone.status, codeOf(gone)]).toEqual([404, 'issue_not_found']);
    h.engine.readOnly = true;
    const readOnly = await api('/api/v1/tickets/BAT-2');
    expect([readOnly.status, codeOf(readOnly)]).toEqual([409, 'tracker_read_only']);
  });
});

describe('GET /api/v1/tickets/<identifier>/runs', () => {
  it('lists the runs as stored, and 404 for an unknown ticket', async () => {
    h.engine.runs = [run(2, { status: 'running' }), run(1, { status: 'failed', error: 'agent_exit', ended_at: '2026-01-01T00:01:30.000Z' })];
    const res = await api('/api/v1/tickets/BAT-1/runs');
    expect(res.status).toBe(200);
    const body = runListResponseSchema.parse(res.json());
    expect(body.runs.map((r) => [r.run_id, r.status, r.attempt])).toEqual([['run-2', 'running', 1], ['run-1', 'failed', null]]);
    expect((await api('/api/v1/tickets/BAT-2/runs')).json()).toEqual({ runs: [] });
    const missing = await api('/api/v1/tickets/BAT-99/runs');
    expect([missing.status, codeOf(missing)]).toEqual([404, 'issue_not_found']);
  });
});

describe('operator shells', () => {
  it('POST /shell opens a shell terminal and answers its id', async () => {
    const res = await api('/api/v1/tickets/BAT-1/shell', { method: 'POST' });
    expect(res.status).toBe(201);
    const { terminal_id } = shellResponseSchema.parse(res.json());
    expect(h.engine.listTerminals().find((t) => t.id === terminal_id)?.kind).toBe('shell');
  });

  it('refuses unknown tickets, missing workspaces and workspaces outside the root', async () => {
    h.engine.tickets.set('BAT-3', makeIssue(3));
    const cases: Array<[string, number, string]> = [
      ['BAT-99', 404, 'issue_not_found'],
      ['BAT-3', 404, 'workspace_not_found'],
      ['BAT-2', 409, 'workspace_outside_root'],
    ];
    for (const [identifier, status, code] of cases) {
      const res = await api(`/api/v1/tickets/${identifier}/shell`, { method: 'POST' });
      expect([res.status, codeOf(res)], identifier).toEqual([status, code]);
    }
    const badBody = await api('/api/v1/tickets/BAT-1/shell', { method: 'POST', body: '{nope' });
    expect([badBody.status, codeOf(badBody)]).toEqual([400, 'invalid_json']);
    expect(h.engine.shells.size).toBe(0);
  });

  // Regression (issue 7): the shell route ignored whatever body it was sent, unlike every other route.
  it('refuses a body with any field, like every route that takes no options', async () => {
    for (const body of ['{"command":"rm -rf /"}', '[]', '"x"', '7']) {
      const res = await api('/api/v1/tickets/BAT-1/shell', { method: 'POST', body });
      expect([res.status, codeOf(res)], body).toEqual([400, 'invalid_request']);
    }
    expect(h.engine.shells.size).toBe(0);
    for (const route of ['checks', 'reviewer']) {
      const res = await api(`/api/v1/tickets/BAT-1/${route}`, { method: 'POST', body: '{"force":true}' });
      expect([res.status, codeOf(res)], route).toEqual([400, 'invalid_request']);
    }
    expect((await api('/api/v1/tickets/BAT-1/shell', { method: 'POST', body: '{}' })).status).toBe(201);
  });

  it('DELETE /shell/<id> closes it once; another ticket cannot close it', async () => {
    const { terminal_id } = shellResponseSchema.parse((await api('/api/v1/tickets/BAT-1/shell', { method: 'POST' })).json());
    const wrongTicket = await api(`/api/v1/tickets/BAT-2/shell/${terminal_id}`, { method: 'DELETE' });
    expect([wrongTicket.status, codeOf(wrongTicket)]).toEqual([404, 'terminal_not_found']);
    const closed = await api(`/api/v1/tickets/BAT-1/shell/${terminal_id}`, { method: 'DELETE' });
    expect([closed.status, closed.json()]).toEqual([200, { terminal_id, closed: true }]);
    expect(h.engine.listTerminals().some((t) => t.id === terminal_id)).toBe(false);
    const again = await api(`/api/v1/tickets/BAT-1/shell/${terminal_id}`, { method: 'DELETE' });
    expect([again.status, codeOf(again)]).toEqual([404, 'terminal_not_found']);
    const wrongMethod = await api(`/api/v1/tickets/BAT-1/shell/${terminal_id}`);
    expect([wrongMethod.status, wrongMethod.headers.allow]).toEqual([405, 'DELETE']);
  });
});
