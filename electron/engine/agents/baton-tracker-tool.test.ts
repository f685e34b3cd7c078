import { describe, expect, it } from 'vitest';
import type { ReviewFeedback } from '../../../shared/api/review-schemas.js';
import { MemoryTrackerWriter } from '../../../test/fixtures/fake-codex/memory-tracker-writer.js';
import { BatonTrackerTool } from './baton-tracker-tool.js';

const FEEDBACK: ReviewFeedback = {
  id: 4,
  round: 1,
  source: 'review',
  decision: 'request_changes',
  summary: 'Measure before and after.',
  comments: [{ path: 'src/fast.ts', line: 12, body: 'This allocates per call.' }],
  at: '2026-11-21T10:00:00.000Z',
  actor: 'reviewer',
};

function setup(feedback: ReviewFeedback[] = []) {
  const writer = new MemoryTrackerWriter();
  writer.add('BAT-7', 'Make it fast');
  const asked: string[] = [];
  const review = {
    feedback: (identifier: string) => {
      asked.push(identifier);
      return feedback;
    },
  };
  return { writer, asked, tool: new BatonTrackerTool(writer, 'BAT-7', { review, refusedStates: () => ['Merging'] }) };
}

describe('BatonTrackerTool', () => {
  it('offers one tool with a flat object schema that requires an action', () => {
    const [spec] = setup().tool.specs();
    expect(spec).toMatchObject({ name: 'baton_tracker', inputSchema: { type: 'object', additionalProperties: false, required: ['action'] } });
    expect((spec!.inputSchema.properties as { action: { enum: string[] } }).action.enum).toEqual(['get_ticket', 'get_review', 'comment', 'move']);
    expect(spec!.description).toContain('BAT-7');
  });

  it('get_ticket returns the ticket and its comments', async () => {
    const { tool, writer } = setup();
    await writer.addComment('BAT-7', 'earlier note', 'alice');
    const result = await tool.call('baton_tracker', { action: 'get_ticket' });
    expect(result.success).toBe(true);
    expect(JSON.parse(result.text)).toMatchObject({ ticket: { identifier: 'BAT-7', title: 'Make it fast' }, comments: [{ body: 'earlier note', author: 'alice' }] });
  });

  it('serves the review feedback of its own ticket through get_review and get_ticket', async () => {
    const { tool, asked } = setup([FEEDBACK]);
    const review = await tool.call('baton_tracker', { action: 'get_review' });
    expect(review.success).toBe(true);
    expect(JSON.parse(review.text)).toEqual({ review_feedback: [FEEDBACK] });
    expect(JSON.parse((await tool.call('baton_tracker', { action: 'get_ticket' })).text).review_feedback).toEqual([FEEDBACK]);
    expect(asked).toEqual(['BAT-7', 'BAT-7']);
    expect(JSON.parse((await setup().tool.call('baton_tracker', { action: 'get_review' })).text)).toEqual({ review_feedback: [] });
  });

  it('refuses a move into the landing queue: only a person approves work', async () => {
    const { tool, writer } = setup();
    const refused = await tool.call('baton_tracker', { action: 'move', state: ' merging ' });
    expect(refused.success).toBe(false);
    expect(JSON.parse(refused.text).error).toMatchObject({ code: 'move_not_allowed', message: expect.stringContaining('landing queue') });
    expect(writer.issues.get('BAT-7')!.state).not.toBe('Merging');
  });

  it('comment and move write through the tracker', async () => {
    const { tool, writer } = setup();
    expect((await tool.call('baton_tracker', { action: 'comment', body: 'PR opened' })).success).toBe(true);
    expect((await tool.call('baton_tracker', { action: 'move', state: 'human review' })).success).toBe(true);
    expect(writer.comments.map((c) => c.body)).toEqual(['PR opened']);
    expect(writer.issues.get('BAT-7')!.state).toBe('Human Review');
  });

  it('returns invalid input and tracker errors as success:false with the message', async () => {
    const { tool, writer } = setup();
    const cases = await Promise.all([
      tool.call('baton_tracker', { action: 'comment', body: '  ' }),
      tool.call('baton_tracker', { action: 'move' }),
      tool.call('baton_tracker', { action: 'delete' }),
      tool.call('baton_tracker', { action: 'move', state: 'Nowhere' }),
      tool.call('other_tool', {}),
    ]);
    expect(cases.every((c) => !c.success)).toBe(true);
    expect(JSON.parse(cases[3]!.text)).toEqual({ error: { code: 'invalid_state', message: expect.stringContaining('Nowhere') } });
    writer.failWith = { code: 'tracker_unavailable', message: 'locked' };
    expect(await tool.call('baton_tracker', { action: 'get_ticket' })).toEqual({ success: false, text: '{"error":{"code":"tracker_unavailable","message":"locked"}}' });
    writer.failWith = null;
    writer.issues.clear();
    expect(JSON.parse((await tool.call('baton_tracker', { action: 'get_ticket' })).text)).toMatchObject({ error: { code: 'issue_not_found' } });
  });
});
