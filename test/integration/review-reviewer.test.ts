import { afterEach, describe, expect, it } from 'vitest';
import { FINDINGS_JSON_SCHEMA } from '../../electron/engine/review/reviewer/findings-schema.js';
import { REVIEWER_SYSTEM_PROMPT } from '../../electron/engine/review/reviewer/reviewer-prompt.js';
import { startReviewer, SAMPLE_PATCH, type ReviewerHarness } from '../fixtures/fake-openai/harness.js';
import { p0Finding } from '../fixtures/fake-openai/server.js';

/** The reviewer agent against a real HTTP endpoint speaking the Chat Completions wire format. */
describe('reviewer agent', () => {
  let h: ReviewerHarness;
  afterEach(async () => {
    await h?.close();
  });

  it('stores and returns the P0 findings, dropping lower severities', async () => {
    h = await startReviewer();
    h.fake.reply({
      kind: 'findings',
      findings: [
        p0Finding({ path: 'src/db.ts', line: 2, title: 'Drops the users table', body: 'Every account is lost.' }),
        { severity: 'P1', path: 'src/db.ts', line: 1, title: 'Parameter is untyped', body: 'Add a type.' },
        p0Finding({ path: null, line: null, title: 'Build breaks', body: 'cleanup is exported twice.' }),
      ],
    });
    const report = await h.agent.review(h.input());
    expect(report).toEqual({
      status: 'done',
      model: 'gpt-test',
      head: 'a'.repeat(40),
      at: expect.any(String),
      error: null,
      findings: [
        { id: expect.stringMatching(/^f[0-9a-f]{8}$/), severity: 'P0', path: 'src/db.ts', line: 2, title: 'Drops the users table', body: 'Every account is lost.', status: 'open' },
        { id: expect.stringMatching(/^f[0-9a-f]{8}$/), severity: 'P0', path: null, line: null, title: 'Build breaks', body: 'cleanup is exported twice.', status: 'open' },
      ],
    });
    expect(h.agent.report('BAT-1')).toEqual(report);
    expect(h.store.getReport('BAT-1')).toEqual({ ok: true, value: report });
    expect(h.agent.hasOpenFindings('BAT-1')).toBe(true);
    expect(h.agent.report('BAT-2')).toBeNull();
    expect(h.agent.hasOpenFindings('BAT-2')).toBe(false);
  });

  it('stores a running report at once and tells the inbox on start and finish', async () => {
    h = await startReviewer();
    const pending = h.agent.review(h.input());
    expect(h.agent.report('BAT-1')).toMatchObject({ status: 'running', model: 'gpt-test', head: 'a'.repeat(40), error: null, findings: [] });
    expect(h.agent.isReviewing('BAT-1')).toBe(true);
    expect(h.changes()).toBe(1);
    expect(await pending).toMatchObject({ status: 'done', findings: [] });
    expect(h.changes()).toBe(2);
    expect(h.agent.isReviewing('BAT-1')).toBe(false);
    expect(h.agent.hasOpenFindings('BAT-1')).toBe(false);
  });

  it('asks for strict structured output with the ticket, the guidance files and the diff', async () => {
    h = await startReviewer();
    h.config.review.guidance_file = 'docs/agent-guidance.md';
    h.write('AGENTS.md', 'Never drop tables in a cleanup job.');
    h.write('CLAUDE.md', 'Run npm test before you finish.');
    h.write('docs/agent-guidance.md', '- Migrations must be additive (promoted from BAT-0).');
    await h.agent.review(h.input());
    expect(h.fake.requests).toHaveLength(1);
    const request = h.fake.requests[0]!;
    expect(request.path).toBe('/v1/chat/completions');
    expect(request.authorization).toBe(`Bearer ${h.fake.apiKey}`);
    expect(request.body?.model).toBe('gpt-test');
    expect(request.body?.response_format).toEqual({ type: 'json_schema', json_schema: { name: 'p0_findings', strict: true, schema: FINDINGS_JSON_SCHEMA } });
    expect(h.fake.message('system')).toBe(REVIEWER_SYSTEM_PROMPT);
    const user = h.fake.message('user');
    expect(user).toContain('# Ticket BAT-1: Clean up expired sessions');
    expect(user).toContain('Delete expired sessions nightly.');
    expect(user).toContain('## AGENTS.md\n\nNever drop tables in a cleanup job.');
    expect(user).toContain('## CLAUDE.md\n\nRun npm test before you finish.');
    expect(user).toContain('## docs/agent-guidance.md\n\n- Migrations must be additive (promoted from BAT-0).');
    expect(user).toContain(SAMPLE_PATCH.trimEnd());
  });

  it('reads the configured guidance file wherever it is', async () => {
    h = await startReviewer();
    h.config.review.guidance_file = 'handbook/RULES.md';
    h.write('handbook/RULES.md', 'Secrets never go in source files.');
    await h.agent.review(h.input());
    expect(h.fake.message('user')).toContain('## handbook/RULES.md\n\nSecrets never go in source files.');
  });

  it('accepts a plain JSON reply in a ```json fence', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'content', content: `Review:\n\`\`\`json\n${JSON.stringify({ findings: [p0Finding({ title: 'Leaks the API token' })] })}\n\`\`\`` });
    const report = await h.agent.review(h.input());
    expect(report.status).toBe('done');
    expect(report.findings.map((f) => f.title)).toEqual(['Leaks the API token']);
  });

  it('falls back to a plain request on an endpoint without structured output', async () => {
    h = await startReviewer({ fake: { structuredOutput: false } });
    h.fake.reply({ kind: 'content', content: JSON.stringify({ findings: [p0Finding()] }) });
    const report = await h.agent.review(h.input());
    expect(report.status).toBe('done');
    expect(report.findings).toHaveLength(1);
    expect(h.fake.requests.map((r) => r.body?.response_format?.type ?? null)).toEqual(['json_schema', null]);
    expect(h.fake.message('user', 1)).toBe(h.fake.message('user', 0));
  });

  it('dismisses, reopens and promotes findings, and the gate question follows', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'findings', findings: [p0Finding({ title: 'A' }), p0Finding({ title: 'B' })] });
    const report = await h.agent.review(h.input());
    const [a, b] = report.findings;
    const before = h.changes();

    const dismissed = h.agent.setFindingStatus('BAT-1', a!.id, 'dismissed');
    expect(dismissed).toEqual({ ok: true, value: { ...a, status: 'dismissed' } });
    expect(h.agent.hasOpenFindings('BAT-1')).toBe(true);
    expect(h.agent.setFindingStatus('BAT-1', b!.id, 'promoted').ok).toBe(true);
    expect(h.agent.hasOpenFindings('BAT-1')).toBe(false);
    expect(h.agent.report('BAT-1')!.findings.map((f) => f.status)).toEqual(['dismissed', 'promoted']);
    expect(h.changes()).toBe(before + 2);

    expect(h.agent.setFindingStatus('BAT-1', a!.id, 'open').ok).toBe(true);
    expect(h.agent.hasOpenFindings('BAT-1')).toBe(true);

    const missing = h.agent.setFindingStatus('BAT-1', 'f00000000', 'dismissed');
    expect(!missing.ok && missing.error.code).toBe('finding_not_found');
    const noReport = h.agent.setFindingStatus('BAT-9', a!.id, 'dismissed');
    expect(!noReport.ok && noReport.error.code).toBe('finding_not_found');
  });

  it('keeps a dismissal when the next review reports the same problem again', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'findings', findings: [p0Finding({ path: 'src/db.ts', line: 2, title: 'Drops the users table' })] });
    const first = await h.agent.review(h.input());
    h.agent.setFindingStatus('BAT-1', first.findings[0]!.id, 'dismissed');
    h.fake.reply({
      kind: 'findings',
      findings: [p0Finding({ path: 'src/db.ts', line: 9, title: 'Drops the users table' }), p0Finding({ path: 'src/db.ts', title: 'Deletes all sessions' })],
    });
    const second = await h.agent.review(h.input({ head: 'b'.repeat(40) }));
    expect(second.findings.map((f) => [f.id === first.findings[0]!.id, f.status])).toEqual([
      [true, 'dismissed'],
      [false, 'open'],
    ]);
  });

  it('joins a running review of the same content instead of asking twice', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'delayed', ms: 100, reply: { kind: 'findings', findings: [p0Finding()] } });
    const [one, two] = await Promise.all([h.agent.review(h.input()), h.agent.review(h.input())]);
    expect(two).toEqual(one);
    expect(h.fake.requests).toHaveLength(1);
  });

  it('a review of a newer head supersedes the running one, whose result is never saved', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'delayed', ms: 300, reply: { kind: 'findings', findings: [p0Finding({ title: 'old head problem' })] } });
    h.fake.reply({ kind: 'findings', findings: [p0Finding({ title: 'new head problem' })] });
    const older = h.agent.review(h.input({ head: '1'.repeat(40) }));
    await h.fake.waitForRequests(1);
    const newer = h.agent.review(h.input({ head: '2'.repeat(40), patch: `${SAMPLE_PATCH}+more\n` }));
    const [olderReport, newerReport] = await Promise.all([older, newer]);

    expect(newerReport).toMatchObject({ status: 'done', head: '2'.repeat(40), findings: [{ title: 'new head problem' }] });
    expect(olderReport).toEqual(newerReport);
    expect(h.agent.report('BAT-1')).toEqual(newerReport);
    // The older request was cancelled, not left to finish and be thrown away.
    await new Promise((resolve) => setTimeout(resolve, 400));
    expect(h.fake.requests[0]!.aborted).toBe(true);
    expect(h.agent.report('BAT-1')).toEqual(newerReport);
    expect(h.lines().some((l) => l.msg === 'reviewer result superseded by a newer review')).toBe(true);
  });

  it('reviews different tickets independently', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'delayed', ms: 100, reply: { kind: 'findings', findings: [p0Finding({ title: 'one' })] } });
    h.fake.reply({ kind: 'findings', findings: [] });
    // Replies go out in arrival order: BAT-1's request must reach the fake first to get the slow one;
    // BAT-2's then runs while BAT-1's is still in flight.
    const first = h.agent.review(h.input());
    await h.fake.waitForRequests(1);
    const [one, two] = await Promise.all([first, h.agent.review(h.input({ identifier: 'BAT-2' }))]);
    expect(one.findings.map((f) => f.title)).toEqual(['one']);
    expect(two).toMatchObject({ status: 'done', findings: [] });
    expect(h.agent.report('BAT-1')!.findings).toHaveLength(1);
    expect(h.agent.report('BAT-2')!.findings).toHaveLength(0);
  });

  it('forgets a ticket', async () => {
    h = await startReviewer();
    h.fake.reply({ kind: 'findings', findings: [p0Finding()] });
    await h.agent.review(h.input());
    expect(h.agent.forget('BAT-1').ok).toBe(true);
    expect(h.agent.report('BAT-1')).toBeNull();
  });
});
