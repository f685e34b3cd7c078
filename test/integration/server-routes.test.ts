import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  approvalListResponseSchema,
  eventsResponseSchema,
  issueDetailSchema,
  issueSchema,
  refreshResponseSchema,
  stateSnapshotSchema,
  ticketListResponseSchema,
  workflowResponseSchema,
} from '../../shared/api/schemas.js';
import { apiErrorEnvelopeSchema } from '../../shared/api/errors.js';
import { makeApproval, makeTrace, SECRET_API_KEY, SECRET_REVIEWER_KEY } from './server-fake-engine.js';
import { send, startServer, type Harness, type RawRequest, type RawResponse } from './server-harness.js';

let h: Harness;

beforeEach(async () => {
  h = await startServer();
});

afterEach(async () => {
  await h.server.close();
});

const api = (path: string, req: RawRequest = {}): Promise<RawResponse> =>
  send(h.port, path, { ...req, headers: { ...h.auth, ...req.headers } });

function errorOf(res: RawResponse): { code: string; message: string } {
  return apiErrorEnvelopeSchema.parse(res.json()).error;
}

describe('observability routes (SPEC §13.7.2)', () => {
  it('GET /api/v1/state returns the snapshot shape', async () => {
    const res = await api('/api/v1/state');
    expect(res.status).toBe(200);
    expect(res.headers['content-type']).toBe('application/json; charset=utf-8');
    const state = stateSnapshotSchema.parse(res.json());
    expect(state.counts).toEqual({ running: 1, retrying: 1, waiting: 0 });
    expect(state.running[0]?.issue_identifier).toBe('BAT-1');
  });

  it('GET /api/v1/<identifier> returns the issue detail, and 404 issue_not_found for an unknown one', async () => {
    const res = await api('/api/v1/BAT-1');
    expect(res.status).toBe(200);
    expect(issueDetailSchema.parse(res.json()).workspace?.branch).toBe('baton/BAT-1');
    const missing = await api('/api/v1/BAT-999');
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('issue_not_found');
  });

  it('POST /api/v1/refresh queues a poll and reports coalescing', async () => {
    const first = await api('/api/v1/refresh', { method: 'POST' });
    expect(first.status).toBe(202);
    expect(refreshResponseSchema.parse(first.json())).toMatchObject({ queued: true, coalesced: false, operations: ['poll', 'reconcile'] });
    const second = await api('/api/v1/refresh', { method: 'POST', body: '{}' });
    expect(second.status).toBe(202);
    expect(refreshResponseSchema.parse(second.json()).coalesced).toBe(true);
    expect(h.engine.refreshes).toBe(2);
  });
});

describe('ticket routes', () => {
  it('lists tickets', async () => {
    const res = await api('/api/v1/tickets');
    expect(res.status).toBe(200);
    expect(ticketListResponseSchema.parse(res.json()).tickets.map((t) => t.identifier)).toEqual(['BAT-1', 'BAT-2']);
  });

  it('creates a ticket (201) from a valid body', async () => {
    const res = await api('/api/v1/tickets', {
      method: 'POST',
      body: JSON.stringify({ title: '  Fix the login  ', priority: 1, labels: ['bug'], state: 'Todo' }),
    });
    expect(res.status).toBe(201);
    const issue = issueSchema.parse(res.json());
    expect(issue).toMatchObject({ title: 'Fix the login', priority: 1, labels: ['bug'] });
    expect(h.engine.tickets.get(issue.identifier)?.title).toBe('Fix the login');
  });

  it('patches a ticket', async () => {
    const res = await api('/api/v1/tickets/BAT-1', { method: 'PATCH', body: JSON.stringify({ state: 'In Progress' }) });
    expect(res.status).toBe(200);
    expect(issueSchema.parse(res.json()).state).toBe('In Progress');
  });

  // Regression (issue 7): a title with a NUL byte was stored whole and read back cut at the NUL.
  it('refuses control characters in single-line fields and NUL in a description, storing nothing', async () => {
    const before = [...h.engine.tickets.keys()];
    for (const body of [
      { title: 'cut\u0000here' },
      { title: 'two\nlines' },
      { title: 'tab\there' },
      { title: 'escape \u001b[31mred' },
      { title: 'delete\u007f' },
      { title: 'ok', labels: ['fine', 'bad\u0000'] },
      { title: 'ok', state: 'To\ndo' },
      { title: 'ok', description: 'cut\u0000here' },
    ]) {
      const res = await api('/api/v1/tickets', { method: 'POST', body: JSON.stringify(body) });
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(errorOf(res).code).toBe('invalid_request');
      expect(errorOf(res).message).toMatch(/(title|labels\.1|state|description): must (be one line of text without control characters|not contain NUL)/);
    }
    const patch = await api('/api/v1/tickets/BAT-1', { method: 'PATCH', body: JSON.stringify({ title: 'cut\u0000here' }) });
    expect(patch.status).toBe(400);
    expect([...h.engine.tickets.keys()]).toEqual(before);
    expect(h.engine.tickets.get('BAT-1')?.title).not.toContain('cut');
    // Whitespace around a title is trimmed, and a description keeps its lines and tabs.
    const fine = await api('/api/v1/tickets', { method: 'POST', body: JSON.stringify({ title: '\tFine\n', description: 'line 1\n\tline 2\r\n' }) });
    expect(fine.status).toBe(201);
    expect(issueSchema.parse(fine.json())).toMatchObject({ title: 'Fine', description: 'line 1\n\tline 2\r\n' });
  });

  // Regression (issue 7): the API allowed 0–1000 while the local tracker refused anything past 4
  // with an undocumented `invalid_input`; now one range, refused by the API with its message.
  it('takes priorities 0–4 (Linear\'s scale) and refuses anything else with the range in the message', async () => {
    for (const priority of [0, 4, null]) {
      expect((await api('/api/v1/tickets', { method: 'POST', body: JSON.stringify({ title: 'x', priority }) })).status, String(priority)).toBe(201);
    }
    for (const priority of [5, -1, 1000, 1.5]) {
      const res = await api('/api/v1/tickets', { method: 'POST', body: JSON.stringify({ title: 'x', priority }) });
      expect(res.status, String(priority)).toBe(400);
      expect(errorOf(res).code).toBe('invalid_request');
      expect(errorOf(res).message, String(priority)).toMatch(/priority/);
    }
    expect(errorOf(await api('/api/v1/tickets/BAT-1', { method: 'PATCH', body: JSON.stringify({ priority: 7 }) })).message).toContain('from 0 to 4');
  });

  it('answers 400 invalid_request with the zod issue for a bad body', async () => {
    const noTitle = await api('/api/v1/tickets', { method: 'POST', body: JSON.stringify({ description: 'x' }) });
    expect(noTitle.status).toBe(400);
    expect(errorOf(noTitle).code).toBe('invalid_request');
    expect(errorOf(noTitle).message).toMatch(/title/);
    const badPriority = await api('/api/v1/tickets', { method: 'POST', body: JSON.stringify({ title: 'x', priority: 'high' }) });
    expect(errorOf(badPriority).message).toMatch(/priority/);
    const unknownKey = await api('/api/v1/tickets/BAT-1', { method: 'PATCH', body: JSON.stringify({ stat: 'Done' }) });
    expect(unknownKey.status).toBe(400);
    expect(errorOf(unknownKey).message).toMatch(/stat/);
    const empty = await api('/api/v1/tickets/BAT-1', { method: 'PATCH', body: '{}' });
    expect(empty.status).toBe(400);
    const notObject = await api('/api/v1/tickets', { method: 'POST', body: '[1,2]' });
    expect(notObject.status).toBe(400);
  });

  it('answers 400 invalid_json for a body that does not parse', async () => {
    const res = await api('/api/v1/tickets', { method: 'POST', body: '{"title": ' });
    expect(res.status).toBe(400);
    expect(errorOf(res).code).toBe('invalid_json');
  });

  it('answers 415 for a non-JSON content type (an HTML form cannot post here)', async () => {
    const res = await api('/api/v1/tickets', { method: 'POST', body: 'title=x', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(res.status).toBe(415);
    expect(errorOf(res).code).toBe('unsupported_media_type');
  });

  it('answers 413 for a body over 1 MiB, declared or streamed', async () => {
    const big = JSON.stringify({ title: 'x', description: 'y'.repeat(1024 * 1024) });
    const declared = await api('/api/v1/tickets', { method: 'POST', body: big });
    expect(declared.status).toBe(413);
    expect(errorOf(declared).code).toBe('payload_too_large');
    const chunk = Buffer.alloc(256 * 1024, 'a');
    const streamed = await api('/api/v1/tickets', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      chunks: [chunk, chunk, chunk, chunk, chunk],
    });
    expect(streamed.status).toBe(413);
    expect(h.engine.tickets.size).toBe(2);
  });

  it('answers 409 tracker_read_only when the tracker cannot write', async () => {
    h.engine.readOnly = true;
    const create = await api('/api/v1/tickets', { method: 'POST', body: JSON.stringify({ title: 'x' }) });
    expect(create.status).toBe(409);
    expect(errorOf(create).code).toBe('tracker_read_only');
    expect((await api('/api/v1/tickets/BAT-1', { method: 'PATCH', body: '{"title":"y"}' })).status).toBe(409);
  });

  it('maps engine error codes: unknown ticket 404, unknown state 400', async () => {
    const missing = await api('/api/v1/tickets/BAT-77', { method: 'PATCH', body: '{"title":"y"}' });
    expect(missing.status).toBe(404);
    expect(errorOf(missing).code).toBe('issue_not_found');
    const badState = await api('/api/v1/tickets/BAT-1', { method: 'PATCH', body: '{"state":"Nowhere"}' });
    expect(badState.status).toBe(400);
    expect(errorOf(badState).code).toBe('invalid_state');
  });
});

describe('trace events route', () => {
  it('pages with after/limit and returns next_after', async () => {
    const page = eventsResponseSchema.parse((await api('/api/v1/tickets/BAT-1/events?after=2&limit=3')).json());
    expect(page.events.map((e) => e.seq)).toEqual([3, 4, 5]);
    expect(page.next_after).toBe(5);
    const rest = eventsResponseSchema.parse((await api(`/api/v1/tickets/BAT-1/events?after=${page.next_after}`)).json());
    expect(rest.events.map((e) => e.seq)).toEqual([6, 7, 8, 9, 10]);
    const none = eventsResponseSchema.parse((await api('/api/v1/tickets/BAT-1/events?after=10')).json());
    expect(none).toEqual({ events: [], next_after: 10 });
  });

  it('rejects a bad query and 404s an unknown ticket', async () => {
    expect((await api('/api/v1/tickets/BAT-1/events?limit=0')).status).toBe(400);
    expect((await api('/api/v1/tickets/BAT-1/events?limit=100000')).status).toBe(400);
    expect(errorOf(await api('/api/v1/tickets/BAT-1/events?after=-1')).message).toMatch(/after/);
    expect((await api('/api/v1/tickets/BAT-404/events')).status).toBe(404);
  });

  it('passes events through unchanged', async () => {
    h.engine.events = [makeTrace(42)];
    const page = eventsResponseSchema.parse((await api('/api/v1/tickets/BAT-1/events')).json());
    expect(page.events).toEqual([makeTrace(42)]);
  });
});

describe('approval routes', () => {
  beforeEach(() => {
    h.engine.approvals = [makeApproval('ap-1'), makeApproval('ap-2')];
  });

  it('lists pending approvals', async () => {
    const res = await api('/api/v1/approvals');
    expect(approvalListResponseSchema.parse(res.json()).approvals.map((a) => a.id)).toEqual(['ap-1', 'ap-2']);
  });

  it('takes a decision or answers', async () => {
    const decided = await api('/api/v1/approvals/ap-1', { method: 'POST', body: '{"decision":"acceptForSession"}' });
    expect(decided.status).toBe(200);
    expect(decided.json()).toEqual({ id: 'ap-1', resolved: true });
    const answered = await api('/api/v1/approvals/ap-2', { method: 'POST', body: '{"answers":{"q1":["Yes"]}}' });
    expect(answered.status).toBe(200);
    expect(h.engine.answered).toEqual([
      { id: 'ap-1', answer: { decision: 'acceptForSession' } },
      { id: 'ap-2', answer: { answers: { q1: ['Yes'] } } },
    ]);
  });

  it('refuses a malformed answer, an unknown approval and a second answer', async () => {
    expect((await api('/api/v1/approvals/ap-1', { method: 'POST', body: '{"decision":"maybe"}' })).status).toBe(400);
    expect((await api('/api/v1/approvals/ap-1', { method: 'POST', body: '{"decision":"accept","answers":{}}' })).status).toBe(400);
    expect((await api('/api/v1/approvals/ap-1', { method: 'POST', body: '{"answers":{}}' })).status).toBe(400);
    const unknown = await api('/api/v1/approvals/ap-9', { method: 'POST', body: '{"decision":"accept"}' });
    expect(unknown.status).toBe(404);
    expect(errorOf(unknown).code).toBe('approval_not_found');
    await api('/api/v1/approvals/ap-1', { method: 'POST', body: '{"decision":"accept"}' });
    const again = await api('/api/v1/approvals/ap-1', { method: 'POST', body: '{"decision":"decline"}' });
    expect(again.status).toBe(409);
    expect(errorOf(again).code).toBe('approval_already_resolved');
  });
});

describe('workflow route', () => {
  it('serves the effective config with the tracker and reviewer keys redacted and nothing secret anywhere', async () => {
    h.engine.workflowError = { code: 'workflow_parse_error', message: 'bad YAML at line 3' };
    const res = await api('/api/v1/workflow');
    expect(res.status).toBe(200);
    expect(res.text).not.toContain(SECRET_API_KEY);
    expect(res.text).not.toContain(SECRET_REVIEWER_KEY);
    const wf = workflowResponseSchema.parse(res.json());
    expect(wf.config.tracker.provider?.api_key).toBe('[redacted]');
    expect((wf.config.review as unknown as { reviewer: { api_key: string; model: string } }).reviewer).toMatchObject({ api_key: '[redacted]', model: 'gpt-test' });
    expect(wf.config.tracker.states).toEqual(['Backlog', 'Todo', 'In Progress', 'Human Review', 'Rework', 'Merging', 'Done', 'Cancelled']);
    expect(wf).toMatchObject({
      path: '/repo/WORKFLOW.md',
      prompt_template: 'Work on {{ issue.identifier }}',
      loaded_at: '2026-01-01T00:00:00.000Z',
      last_error: { code: 'workflow_parse_error', message: 'bad YAML at line 3' },
    });
  });
});

describe('routing rules', () => {
  it('answers 404 not_found for unknown API paths', async () => {
    for (const path of ['/api/v2/state', '/api/v1/tickets/BAT-1/nothing', '/api/v1/state/', '/api', '/api/v1/BAT-1/x']) {
      const res = await api(path);
      expect(res.status, path).toBe(404);
      expect(errorOf(res).code, path).toBe('not_found');
    }
  });

  it('answers 405 with Allow and the envelope for a wrong method on a defined route', async () => {
    const cases: Array<[string, string, string]> = [
      ['/api/v1/state', 'POST', 'GET'],
      ['/api/v1/refresh', 'GET', 'POST'],
      ['/api/v1/tickets', 'DELETE', 'GET, POST'],
      ['/api/v1/tickets/BAT-1', 'DELETE', 'GET, PATCH'],
      ['/api/v1/approvals/ap-1', 'GET', 'POST'],
      ['/api/v1/BAT-1', 'POST', 'GET'],
      ['/api/v1/workflow', 'PUT', 'GET'],
    ];
    for (const [path, method, allow] of cases) {
      const res = await api(path, { method });
      expect(res.status, `${method} ${path}`).toBe(405);
      expect(res.headers.allow, path).toBe(allow);
      expect(errorOf(res).code).toBe('method_not_allowed');
    }
  });

  it('never reads identifiers with path characters as issues', async () => {
    for (const path of ['/api/v1/BAT%2F1', '/api/v1/..%2Fstate', '/api/v1/BAT%201', '/api/v1/%2E%2E', '/api/v1/tickets/BAT%2F1', '/api/v1/%ZZ']) {
      const res = await api(path, path.includes('tickets') ? { method: 'PATCH', body: '{"title":"x"}' } : {});
      expect(res.status, path).toBe(404);
    }
  });

  it('answers 426 for a plain GET on the WebSocket endpoint', async () => {
    const res = await api('/api/v1/ws');
    expect(res.status).toBe(426);
    expect(res.headers.upgrade).toBe('websocket');
  });

  it('answers 500 internal_error without internals when the engine throws', async () => {
    h.engine.failNext = new Error('database is locked at /secret/path');
    const res = await api('/api/v1/state');
    expect(res.status).toBe(500);
    expect(errorOf(res).code).toBe('internal_error');
    expect(res.text).not.toContain('/secret/path');
    expect((await api('/api/v1/state')).status).toBe(200);
  });

  it('answers 405 for writes to non-API paths', async () => {
    const res = await send(h.port, '/index.html', { method: 'POST', body: '{}' });
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
  });
});

describe('review routes', () => {
  it('validates a decision body before the engine sees it', async () => {
    for (const body of ['{"decision":"merge"}', '{"decision":"request_changes"}', '{"decision":"approve","comments":[{"path":"a.ts","line":0,"body":"x"}]}', '{"decision":"approve","extra":1}']) {
      const res = await api('/api/v1/tickets/BAT-1/review', { method: 'POST', body });
      expect(res.status, body).toBe(400);
    }
    expect(h.engine.decisions).toEqual([]);
  });

  it('passes a valid decision through and maps engine refusals to their status', async () => {
    h.engine.tickets.set('BAT-1', { ...h.engine.tickets.get('BAT-1')!, state: 'Human Review' });
    const body = { decision: 'request_changes', comments: [{ path: 'src/a.ts', line: 3, body: 'Handle null here.' }] };
    const res = await api('/api/v1/tickets/BAT-1/review', { method: 'POST', body: JSON.stringify(body) });
    expect(res.status).toBe(200);
    expect(h.engine.decisions).toEqual([{ identifier: 'BAT-1', body }]);
    const refused = await api('/api/v1/tickets/BAT-2/review', { method: 'POST', body: '{"decision":"approve"}' });
    expect(refused.status).toBe(409);
    expect(errorOf(refused).code).toBe('not_in_review');
    const missing = await api('/api/v1/tickets/NOPE-1/diff');
    expect(missing.status).toBe(404);
    expect((await api('/api/v1/tickets/BAT-1/diff')).status).toBe(409);
    expect((await api('/api/v1/audits/abc', { method: 'POST', body: '{"status":"done"}' })).status).toBe(404);
    expect((await api('/api/v1/guidance', { method: 'POST', body: '{"text":"   "}' })).status).toBe(400);
  });
});
