import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import type { Result } from '../../electron/engine/lib/result.js';
import { systemClock } from '../../electron/engine/lib/clock.js';
import { LinearClient, LINEAR_TIMEOUT_MS } from '../../electron/engine/tracker/linear/linear-client.js';
import { ISSUE_QUERY } from '../../electron/engine/tracker/linear/queries.js';
import { startLinear, type LinearHarness } from '../fixtures/fake-linear/harness.js';
import { ManualClock } from '../mocks/manual-clock.js';

/** SPEC §11.4 / §17.3 error mapping, over real HTTP. */
describe('Linear tracker errors', () => {
  let h: LinearHarness;
  const extra: Server[] = [];
  afterEach(async () => {
    await h.close();
    for (const s of extra.splice(0)) {
      s.closeAllConnections();
      await new Promise<void>((resolve) => s.close(() => resolve()));
    }
  });

  function expectError(result: Result<unknown>, code: string): string {
    expect(result).toMatchObject({ ok: false, error: { code } });
    const error = !result.ok ? result.error : null;
    // The key never appears in what callers see, whatever the failure.
    expect(JSON.stringify(error)).not.toContain(h.fake.apiKey);
    return error!.message;
  }

  it('maps a refused connection to linear_api_request', async () => {
    h = await startLinear();
    const closed = createServer();
    await new Promise<void>((resolve) => closed.listen(0, '127.0.0.1', resolve));
    const { port } = closed.address() as AddressInfo;
    await new Promise<void>((resolve) => closed.close(() => resolve()));
    h.settings.endpoint = `http://127.0.0.1:${port}/graphql`;

    const message = expectError(await h.tracker.fetchCandidateIssues(), 'linear_api_request');
    expect(message).toContain('ECONNREFUSED');
  });

  it('maps a connection the server closes without answering to linear_api_request', async () => {
    h = await startLinear();
    h.fake.failNext({ kind: 'close' });
    expectError(await h.tracker.fetchCandidateIssues(), 'linear_api_request');
    expect(h.fake.requests).toHaveLength(1);
  });

  it('maps non-200 answers to linear_api_status with the status', async () => {
    h = await startLinear();
    h.fake.failNext({ kind: 'status', status: 500, body: '<html>Internal Server Error</html>' });
    const result = await h.tracker.fetchCandidateIssues();
    const message = expectError(result, 'linear_api_status');
    expect(!result.ok && result.error.details).toMatchObject({ status: 500, operation: 'BatonLinearIssuesByStates' });
    expect(message).toContain('HTTP 500');
    expect(message).toContain('Internal Server Error');
  });

  it('maps a wrong key (401) to linear_api_status', async () => {
    h = await startLinear();
    h.settings.api_key = 'lin_api_wrong';
    const result = await h.tracker.fetchIssueStatesByIds(['x']);
    expect(result).toMatchObject({ ok: false, error: { code: 'linear_api_status', details: { status: 401 } } });
    expect(!result.ok && result.error.message).toContain('Authentication required');
    expect(h.fake.requests[0]!.authorization).toBe('lin_api_wrong');
  });

  it('maps top-level GraphQL errors to linear_graphql_errors with the messages joined', async () => {
    h = await startLinear();
    h.fake.failNext({ kind: 'graphql-errors', messages: ['Rate limit exceeded', 'try later'] });
    const message = expectError(await h.tracker.fetchIssuesByStates(['Done']), 'linear_graphql_errors');
    expect(message).toContain('Rate limit exceeded; try later');
  });

  it.each([
    ['a body that is not JSON', 'garbage' as const],
    ['JSON without data', 'no-data' as const],
    ['data of the wrong shape', 'wrong-shape' as const],
  ])('maps %s to linear_unknown_payload', async (_what, kind) => {
    h = await startLinear();
    h.fake.failNext({ kind });
    expectError(await h.tracker.fetchCandidateIssues(), 'linear_unknown_payload');
    h.fake.failNext({ kind });
    expectError(await h.tracker.fetchIssueStatesByIds(['x']), 'linear_unknown_payload');
  });

  it('maps an issue node without its identifying fields to linear_unknown_payload', async () => {
    h = await startLinear();
    h.settings.endpoint = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ data: { issues: { nodes: [{ id: 'x', title: 't' }], pageInfo: { hasNextPage: false, endCursor: null } } } }));
    });
    const message = expectError(await h.tracker.fetchCandidateIssues(), 'linear_unknown_payload');
    expect(message).toContain('issues[0]');
  });

  async function listen(handler: Parameters<typeof createServer>[1]): Promise<string> {
    const server = createServer(handler);
    extra.push(server);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/graphql`;
  }

  it('does not follow redirects, so the key never reaches another host', async () => {
    h = await startLinear();
    const elsewhere: Array<string | undefined> = [];
    const target = await listen((req, res) => {
      elsewhere.push(req.headers.authorization);
      res.end('{}');
    });
    h.settings.endpoint = await listen((_req, res) => {
      res.writeHead(307, { location: target });
      res.end();
    });
    const result = await h.tracker.fetchCandidateIssues();
    expect(result).toMatchObject({ ok: false, error: { code: 'linear_api_status', details: { status: 307 } } });
    expect(elsewhere).toEqual([]);
  });

  it('stops reading an answer past the size cap (linear_unknown_payload)', async () => {
    h = await startLinear();
    const url = await listen((_req, res) => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.write('{"data":{"issue":"');
      const timer = setInterval(() => res.write('x'.repeat(64 * 1024)), 1);
      res.on('close', () => clearInterval(timer));
    });
    const client = new LinearClient({ clock: systemClock, maxResponseBytes: 1024 * 1024 });
    const result = await client.request({ url, apiKey: 'k' }, ISSUE_QUERY, { id: 'ENG-1' });
    expect(result).toMatchObject({ ok: false, error: { code: 'linear_unknown_payload' } });
    expect(!result.ok && result.error.message).toContain('exceeded 1048576 bytes');
  });

  it('fails with linear_missing_end_cursor when a page says more but gives no cursor', async () => {
    h = await startLinear();
    for (let n = 0; n < 60; n++) h.fake.store.addIssue({ state: 'Todo' });
    h.fake.failNext({ kind: 'omit-end-cursor' });
    expectError(await h.tracker.fetchCandidateIssues(), 'linear_missing_end_cursor');
    expect(h.fake.requests).toHaveLength(1);
  });

  it('times out after 30000 ms (linear_api_request) and does not answer before', async () => {
    const clock = new ManualClock();
    h = await startLinear({ clock });
    h.fake.failNext({ kind: 'hang' });
    let settled: Result<unknown> | null = null;
    const pending = h.tracker.fetchCandidateIssues().then((r) => (settled = r));
    await h.fake.waitForRequests(1);
    await clock.advance(LINEAR_TIMEOUT_MS - 1);
    expect(settled).toBeNull();
    await clock.advance(1);
    const result = await pending;
    const message = expectError(result, 'linear_api_request');
    expect(message).toContain('no answer within 30000 ms');
    expect(!result.ok && result.error.details).toMatchObject({ timed_out: true });
    expect(clock.pending()).toBe(0);
  });

  it('answers missing_tracker_api_key / missing_tracker_project_slug without a request', async () => {
    h = await startLinear();
    h.settings.project_slug = null;
    expect(await h.tracker.fetchCandidateIssues()).toMatchObject({ ok: false, error: { code: 'missing_tracker_project_slug' } });
    h.settings.project_slug = 'x';
    h.settings.api_key = null;
    expect(await h.tracker.fetchCandidateIssues()).toMatchObject({ ok: false, error: { code: 'missing_tracker_api_key' } });
    expect(h.fake.requests).toHaveLength(0);
  });

  it('dispose aborts a request in flight; later calls answer tracker_unavailable', async () => {
    h = await startLinear();
    h.fake.failNext({ kind: 'hang' });
    const pending = h.tracker.fetchCandidateIssues();
    await h.fake.waitForRequests(1);
    h.tracker.dispose();
    expectError(await pending, 'linear_api_request');
    expectError(await h.tracker.fetchIssuesByStates(['Todo']), 'tracker_unavailable');
    expect(h.fake.requests).toHaveLength(1);
  });

  it('logs failures with code and operation, never the api key', async () => {
    h = await startLinear();
    h.fake.failNext({ kind: 'status', status: 503 });
    h.fake.failNext({ kind: 'graphql-errors', messages: ['boom'] });
    await h.tracker.fetchCandidateIssues();
    await h.tracker.fetchCandidateIssues();
    await h.tracker.writer.updateIssue('ENG-404', { state: 'Done' });
    await new Promise((resolve) => setImmediate(resolve));
    const lines = h.logs.join('');
    expect(lines).toContain('"code":"linear_api_status"');
    expect(lines).toContain('"code":"linear_graphql_errors"');
    expect(lines).toContain('"operation":"BatonLinearIssueWithTeam"');
    expect(lines).not.toContain(h.fake.apiKey);
  });
});
