import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './engine-harness.js';

/**
 * The `baton_tracker` dynamic tool through the real engine and the local tracker: what the agent
 * writes through it is on the ticket afterwards, and a tool the engine does not offer is answered
 * `success: false` while the turn goes on. Each tool result is echoed by the fake as an agent message.
 */
/** Generous: the machine may be shared with benchmarks; polls return as soon as the condition holds. */
const WAIT = { timeout: 30_000, interval: 50 };

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('baton_tracker tool through the engine', { timeout: 90_000 }, () => {
  it('comments on and reads the ticket, refuses an unknown tool and a bad move without stalling the turn', async () => {
    h = await EngineHarness.start({ scenario: 'tracker-tool' });
    await h.api('POST', '/api/v1/tickets', { title: 'Use the tools', description: 'Tool test ticket' });
    const harness = h;
    await expect.poll(async () => (await harness.ticket('BAT-1')).state, WAIT).toBe('Human Review');
    await expect.poll(() => harness.runsEnded('BAT-1'), WAIT).toBe(1);

    const comments = await h.engine.tracker.writer!.listComments('BAT-1');
    expect(comments.ok ? comments.value.map((c) => ({ body: c.body, author: c.author })) : comments.error).toEqual([{ body: 'Started on it.', author: 'agent' }]);

    const events = await h.events('BAT-1');
    expect(events.filter((e) => e.kind === 'tool_call').map((e) => [e.data.tool, e.data.event, e.data.success])).toEqual([
      ['linear_graphql', 'unsupported_tool_call', false],
      ['baton_tracker', 'tool_call_completed', true],
      ['baton_tracker', 'tool_call_completed', true],
      ['baton_tracker', 'tool_call_failed', false],
    ]);
    const messages = events.filter((e) => e.kind === 'message').map((e) => String(e.data.text));
    expect(messages[0]).toMatch(/^tool linear_graphql success=false: .*Unsupported dynamic tool/);
    expect(messages[0]).toContain('"supportedTools":["baton_tracker"]');
    const read = messages.find((m) => m.startsWith('tool baton_tracker success=true: {"ticket"'));
    expect(JSON.parse(read!.slice('tool baton_tracker success=true: '.length))).toMatchObject({
      ticket: { identifier: 'BAT-1', title: 'Use the tools', description: 'Tool test ticket', state: 'In Progress' },
      comments: [{ body: 'Started on it.', author: 'agent' }],
    });
    expect(messages.find((m) => m.includes('Nowhere'))).toMatch(/^tool baton_tracker success=false: .*invalid_state/);
    // The turn went on after each refusal, finished normally, and the engine handed the ticket off.
    expect(messages.at(-1)).toBe('Tools done.');
    expect(events.some((e) => e.kind === 'handoff')).toBe(true);
    const runs = h.engine.store.runs.listRuns('BAT-1');
    expect(runs.ok ? runs.value.map((r) => [r.status, r.error]) : runs.error).toEqual([['handed_off', null]]);
  });

  it('an agent that moves its own ticket to Human Review leaves it there, commented, with nothing to retry', async () => {
    h = await EngineHarness.start({ scenario: 'tool-call' });
    await h.api('POST', '/api/v1/tickets', { title: 'Move yourself' });
    const harness = h;
    await expect.poll(async () => (await harness.ticket('BAT-1')).state, WAIT).toBe('Human Review');
    await expect.poll(async () => (await harness.state()).counts.running, WAIT).toBe(0);
    const comments = await h.engine.tracker.writer!.listComments('BAT-1');
    expect(comments.ok ? comments.value.map((c) => c.body) : comments.error).toEqual(['Working on it.']);
    // A normal exit may leave the spec's short continuation retry, which finds the ticket inactive.
    await expect.poll(async () => (await harness.state()).counts.retrying, WAIT).toBe(0);
    expect((await h.ticket('BAT-1')).state).toBe('Human Review');
    const runs = h.engine.store.runs.listRuns('BAT-1');
    expect(runs.ok ? runs.value.length : runs.error).toBe(1);
  });
});
