import { afterEach, describe, expect, it } from 'vitest';
import { BatonTrackerTool } from '../../electron/engine/agents/baton-tracker-tool.js';
import { MemoryTrackerWriter } from '../fixtures/fake-codex/memory-tracker-writer.js';
import { SessionHarness } from '../fixtures/fake-codex/session-harness.js';

let harness: SessionHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

function toolReplies(h: SessionHarness): string[] {
  return h.messages().filter((m) => m.startsWith('tool '));
}

describe('dynamic tools', () => {
  it('advertises baton_tracker at thread start and runs its actions host-side', async () => {
    const writer = new MemoryTrackerWriter();
    writer.add('BAT-1', 'Fix the thing');
    harness = await SessionHarness.create({ scenario: 'tool-call', tools: new BatonTrackerTool(writer, 'BAT-1') });
    const h = harness;
    const result = await h.session.runTurn('x');
    expect(result.ok).toBe(true);

    const threadStart = (await h.recorded()).find((m) => m.method === 'thread/start')!;
    expect(threadStart.params).toMatchObject({ dynamicTools: [{ name: 'baton_tracker', inputSchema: { type: 'object', required: ['action'] } }] });

    const [unsupported, get, comment, move, badMove] = toolReplies(h);
    expect(unsupported).toBe('tool linear_graphql success=false: {"error":{"message":"Unsupported dynamic tool: \\"linear_graphql\\".","supportedTools":["baton_tracker"]}}');
    expect(get).toMatch(/^tool baton_tracker success=true: /);
    expect(JSON.parse(get!.replace(/^tool baton_tracker success=true: /, ''))).toMatchObject({ ticket: { identifier: 'BAT-1', title: 'Fix the thing' }, comments: [] });
    expect(comment).toMatch(/^tool baton_tracker success=true: .*"body":"Working on it."/);
    expect(move).toMatch(/^tool baton_tracker success=true: .*"state":"Human Review"/);
    expect(badMove).toMatch(/^tool baton_tracker success=false: .*"code":"invalid_state"/);

    expect(writer.comments.map((c) => [c.body, c.author])).toEqual([['Working on it.', 'agent']]);
    expect(writer.issues.get('BAT-1')!.state).toBe('Human Review');
    expect(h.named('unsupported_tool_call')).toHaveLength(1);
    expect(h.named('tool_call_completed')).toHaveLength(3);
    expect(h.named('tool_call_failed')).toHaveLength(1);
    expect(h.messages().at(-1)).toBe('Tools done.');
  });

  it('answers every tool call with success:false when no tools are offered, and the turn goes on', async () => {
    harness = await SessionHarness.create({ scenario: 'tool-call' });
    const h = harness;
    const result = await h.session.runTurn('x');
    expect(result.ok).toBe(true);
    const replies = toolReplies(h);
    expect(replies).toHaveLength(5);
    expect(replies.every((r) => r.includes('success=false') && r.includes('"supportedTools":[]'))).toBe(true);
    expect((await h.recorded()).find((m) => m.method === 'thread/start')!.params).not.toHaveProperty('dynamicTools');
  });

  it('returns tracker errors to the agent as success:false with the message', async () => {
    const writer = new MemoryTrackerWriter();
    writer.add('BAT-1', 'Fix the thing');
    writer.failWith = { code: 'tracker_unavailable', message: 'the tracker database is locked' };
    harness = await SessionHarness.create({ scenario: 'tool-call', tools: new BatonTrackerTool(writer, 'BAT-1') });
    const h = harness;
    expect((await h.session.runTurn('x')).ok).toBe(true);
    const [, get] = toolReplies(h);
    expect(get).toBe('tool baton_tracker success=false: {"error":{"code":"tracker_unavailable","message":"the tracker database is locked"}}');
  });
});
