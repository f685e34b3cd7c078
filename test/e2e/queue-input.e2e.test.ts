import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { E2E, uncaughtErrors } from './e2e-harness.js';
import { engineState } from './board-helpers.js';

const WAIT = { timeout: 30_000, interval: 100 };

let e2e: E2E;
beforeAll(async () => {
  e2e = await E2E.start({ scenario: 'user-input', codex: 'approval_timeout_ms: 300000' });
});
afterAll(async () => {
  await e2e?.stop();
});

async function agentMessages(): Promise<string[]> {
  const { events } = (await e2e.api<{ events: TraceEvent[] }>('GET', '/api/v1/tickets/BAT-1/events?limit=1000')).json;
  return events.filter((e) => e.kind === 'message').map((e) => String(e.data.text ?? e.summary));
}

describe('operator queue in Chromium: questions', () => {
  it('answers two questions together, then an MCP form, and the agent receives the answers', async () => {
    const page = await e2e.page('#/queue');
    await page.getByTestId('operator-queue').waitFor();
    await e2e.api('POST', '/api/v1/tickets', { title: 'Has questions' });

    const question = page.locator('[data-testid^="request-"]').first();
    await question.getByTestId('question-target_branch').waitFor({ timeout: WAIT.timeout });
    expect(await page.getByTestId('stat-waiting').textContent()).toBe('1 waiting');
    const send = question.getByTestId('send-answers');
    expect(await send.isDisabled()).toBe(true);
    // An offered option for the first question, then a typed "other" branch wins over it.
    await question.getByTestId('option-target_branch-main').click();
    await question.getByTestId('answer-target_branch').fill('feature/login');
    expect(await send.isDisabled()).toBe(true);
    await question.getByTestId('answer-notes').fill('ship it friday');
    await send.click();

    const elicitation = page.locator('[data-testid^="request-"]').filter({ has: page.getByTestId('question-env') });
    await elicitation.waitFor({ timeout: WAIT.timeout });
    expect(await elicitation.getByTestId('detail-server').textContent()).toContain('fake-mcp');
    await elicitation.getByTestId('option-env-staging').click();
    await elicitation.getByTestId('send-answers').click();

    await expect.poll(() => engineState(e2e, 'BAT-1'), WAIT).toBe('Human Review');
    const messages = await agentMessages();
    const echoed = messages.find((m) => m.startsWith('user input: '));
    expect(JSON.parse(echoed!.slice('user input: '.length))).toEqual({
      answers: { target_branch: { answers: ['feature/login'] }, notes: { answers: ['ship it friday'] } },
    });
    expect(messages).toContain('elicitation: {"action":"accept","content":{"env":"staging"}}');
    await expect.poll(() => page.getByTestId('stat-waiting').textContent(), WAIT).toBe('0 waiting');
    expect(uncaughtErrors(page)).toEqual([]);
    await page.close();
  });
});
