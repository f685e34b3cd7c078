import { afterEach, describe, expect, it } from 'vitest';
import { ReviewerAgent } from '../../electron/engine/review/reviewer/reviewer-agent.js';
import { systemClock } from '../../electron/engine/lib/clock.js';
import { capturingLogger } from '../mocks/capturing-logger.js';
import { startReviewer, type ReviewerHarness } from '../fixtures/fake-openai/harness.js';
import { FakeOpenAIServer, p0Finding } from '../fixtures/fake-openai/server.js';

/** Every way the reviewer endpoint can let us down ends as a `failed` report with a clear reason. */
describe('reviewer agent failures', () => {
  let h: ReviewerHarness;
  afterEach(async () => {
    await h?.close();
  });

  async function failedWith(pattern: RegExp): Promise<void> {
    const report = await h.agent.review(h.input());
    expect(report).toMatchObject({ status: 'failed', findings: [] });
    expect(report.error).toMatch(pattern);
    expect(h.agent.report('BAT-1')).toEqual(report);
    expect(h.agent.hasOpenFindings('BAT-1')).toBe(false);
  }

  it('nonsense output fails with the start of what came back, never with made-up findings', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'content', content: 'Looks good to me! Ship it. '.repeat(20) });
    await failedWith(/^reviewer returned output that is not findings JSON: Looks good to me! Ship it\./);
    expect(h.agent.report('BAT-1')!.error!.length).toBeLessThan(300);
  });

  it('JSON of the wrong shape fails', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'content', content: '{"issues":[{"title":"x"}]}' });
    await failedWith(/not findings JSON: \{"issues"/);
  });

  it('a reply cut off at the output limit says so', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'content', content: '{"findings":[{"severity":"P0","title":"Dro', finishReason: 'length' });
    await failedWith(/not findings JSON.*cut off at the model's output limit/);
  });

  it('a refusal fails with the refusal', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'refusal', refusal: 'I cannot help with that.' });
    await failedWith(/^reviewer refused: I cannot help with that\.$/);
  });

  it('an HTML page with status 200 fails as not a chat completion', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'raw', status: 200, contentType: 'text/html', body: '<html><body>Captive portal</body></html>' });
    await failedWith(/not a chat completion: <html><body>Captive portal/);
  });

  it('HTTP 500 (after one retry) fails with the status and the server message', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'error', status: 500, message: 'The server had an error while processing your request.' }, 2);
    await failedWith(/answered HTTP 500: The server had an error while processing your request\.$/);
    expect(h.fake.requests).toHaveLength(2);
  });

  it('a 5xx blip is retried once and the review succeeds', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'error', status: 503 });
    h.fake.reply({ kind: 'findings', findings: [p0Finding()] });
    const report = await h.agent.review(h.input());
    expect(report.status).toBe('done');
    expect(h.fake.requests).toHaveLength(2);
  });

  it('a dropped connection fails as unreachable', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'close' }, 2);
    await failedWith(/is unreachable/);
  });

  it('an endpoint that is down fails as unreachable, naming the cause (also after a config change)', async () => {
    h = await startReviewer();
    expect((await h.agent.review(h.input({ head: 'before' }))).status).toBe('done');
    const down = await FakeOpenAIServer.start();
    const url = down.baseURL;
    await down.close();
    h.config.review.reviewer!.base_url = url;
    await failedWith(new RegExp(`reviewer endpoint ${url.replace(/[.]/g, '\\.')} is unreachable: .*ECONNREFUSED`));
  });

  it('an endpoint that never answers fails as a timeout', async () => {
    h = await startReviewer({ reviewer: { timeout_ms: 150 } });
    h.fake.setDefaultReply({ kind: 'hang' });
    await failedWith(/reviewer timed out: no answer from .* within 150 ms/);
  });

  it('a 401 fails without the api key in the error or any log line, even when the server echoes it', async () => {
    h = await startReviewer({ reviewer: { api_key: 'sk-wrong-key-do-not-leak-42' } });
    await failedWith(/answered HTTP 401: Incorrect API key provided: \[redacted\]\./);
    const everything = JSON.stringify([h.agent.report('BAT-1'), h.lines(), h.store.getReport('BAT-1')]);
    expect(everything).not.toContain('sk-wrong-key-do-not-leak-42');
    expect(h.fake.requests[0]!.authorization).toBe('Bearer sk-wrong-key-do-not-leak-42');
  });

  it('the api key appears in no log line across a whole review', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'findings', findings: [p0Finding()] });
    await h.agent.review(h.input());
    h.fake.reply({ kind: 'error', status: 500 }, 2);
    await h.agent.review(h.input({ head: 'c'.repeat(40) }));
    expect(h.lines().map((l) => l.msg)).toEqual(expect.arrayContaining(['reviewer started', 'reviewer finished', 'reviewer failed']));
    expect(JSON.stringify(h.lines())).not.toContain(h.fake.apiKey);
  });

  it('without a key or an endpoint it fails with how to configure one', async () => {
    h = await startReviewer({ reviewer: { base_url: null, api_key: null } });
    const saved = { key: process.env.OPENAI_API_KEY, url: process.env.OPENAI_BASE_URL };
    delete process.env.OPENAI_API_KEY;
    delete process.env.OPENAI_BASE_URL;
    try {
      await failedWith(/^reviewer has no api key: set review\.reviewer\.api_key/);
    } finally {
      if (saved.key !== undefined) process.env.OPENAI_API_KEY = saved.key;
      if (saved.url !== undefined) process.env.OPENAI_BASE_URL = saved.url;
    }
  });

  it('without review.reviewer it answers a failed report and stores nothing', async () => {
    h = await startReviewer();
    h.config.review.reviewer = null;
    const report = await h.agent.review(h.input());
    expect(report).toMatchObject({ status: 'failed', error: 'reviewer is not configured (review.reviewer)' });
    expect(h.agent.report('BAT-1')).toBeNull();
    expect(h.fake.requests).toHaveLength(0);
  });

  it('dispose aborts a review in flight and saves nothing over the running report', async () => {
    h = await startReviewer({ reviewer: { timeout_ms: 60_000 } });
    h.fake.setDefaultReply({ kind: 'hang' });
    const pending = h.agent.review(h.input());
    await h.fake.waitForRequests(1);
    h.agent.dispose();
    expect(await pending).toMatchObject({ status: 'failed', error: 'reviewer stopped before it finished' });
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(h.fake.requests[0]!.aborted).toBe(true);
    expect(h.store.getReport('BAT-1')).toMatchObject({ ok: true, value: { status: 'running' } });
    expect(await h.agent.review(h.input())).toMatchObject({ status: 'failed', error: 'reviewer is shutting down' });
  });

  it('a running report left by a stopped engine reads as interrupted', async () => {
    h = await startReviewer();
    h.store.saveReport('BAT-1', { status: 'running', model: 'gpt-test', head: null, at: '2026-01-01T00:00:00.000Z', error: null, findings: [] });
    const fresh = new ReviewerAgent({ config: () => h.config, store: h.store, clock: systemClock, logger: capturingLogger().logger, onChange: () => {} });
    expect(fresh.report('BAT-1')).toMatchObject({ status: 'failed', error: expect.stringMatching(/interrupted/) });
    fresh.dispose();
  });

  it('a store that cannot write still returns the report and logs why', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'findings', findings: [p0Finding()] });
    h.db.close();
    const report = await h.agent.review(h.input());
    expect(report).toMatchObject({ status: 'done', findings: [{ title: 'Build breaks' }] });
    expect(h.agent.report('BAT-1')).toBeNull();
    expect(h.lines().filter((l) => l.msg === 'reviewer report not saved')).toHaveLength(2);
  });
});
