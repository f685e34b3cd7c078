import { describe, expect, it } from 'vitest';
import { extractAbsoluteTokens, readTokenTotals, TokenDeltaTracker } from './token-accounting.js';

const v2 = (total: number, input: number, output: number) => ({
  threadId: 't',
  turnId: 'u',
  tokenUsage: {
    total: { totalTokens: total, inputTokens: input, cachedInputTokens: 0, outputTokens: output, reasoningOutputTokens: 0 },
    last: { totalTokens: 1, inputTokens: 1, cachedInputTokens: 0, outputTokens: 0, reasoningOutputTokens: 0 },
    modelContextWindow: 258400,
  },
});

describe('extractAbsoluteTokens', () => {
  it('reads tokenUsage.total of thread/tokenUsage/updated, never last', () => {
    expect(extractAbsoluteTokens('thread/tokenUsage/updated', v2(26000, 24763, 1237))).toEqual({ input_tokens: 24763, output_tokens: 1237, total_tokens: 26000 });
  });

  it('reads msg.info.total_token_usage of legacy codex/event/token_count, never last_token_usage', () => {
    const params = {
      id: 's',
      msg: {
        type: 'token_count',
        info: { total_token_usage: { input_tokens: 1000, output_tokens: 500, total_tokens: 1500 }, last_token_usage: { input_tokens: 9, output_tokens: 9, total_tokens: 18 } },
      },
    };
    expect(extractAbsoluteTokens('codex/event/token_count', params)).toEqual({ input_tokens: 1000, output_tokens: 500, total_tokens: 1500 });
  });

  it('ignores generic usage maps and other methods', () => {
    expect(extractAbsoluteTokens('turn/completed', { usage: { input_tokens: 5, output_tokens: 5 } })).toBeNull();
    expect(extractAbsoluteTokens('thread/tokenUsage/updated', { tokenUsage: { last: { inputTokens: 3 } } })).toBeNull();
    expect(extractAbsoluteTokens('codex/event/token_count', { msg: { info: null } })).toBeNull();
  });
});

describe('readTokenTotals', () => {
  it('is lenient about field names and derives a missing total', () => {
    expect(readTokenTotals({ prompt_tokens: 10, completion_tokens: 4 })).toEqual({ input_tokens: 10, output_tokens: 4, total_tokens: 14 });
    expect(readTokenTotals({ input: 1, output: 2, total: 10 })).toEqual({ input_tokens: 1, output_tokens: 2, total_tokens: 10 });
    expect(readTokenTotals({ nothing: 1 })).toBeNull();
    expect(readTokenTotals('12')).toBeNull();
  });
});

describe('TokenDeltaTracker', () => {
  it('does not double count a repeated update and keeps growing across turns of a thread', () => {
    const tracker = new TokenDeltaTracker();
    const updates = [v2(1500, 1200, 300), v2(1500, 1200, 300), v2(1900, 1500, 400), v2(2600, 2100, 500)];
    const deltas = updates.map((u) => tracker.apply(extractAbsoluteTokens('thread/tokenUsage/updated', u)!));
    expect(deltas.map((d) => d.total_tokens)).toEqual([1500, 0, 400, 700]);
    const sum = deltas.reduce((a, d) => a + d.input_tokens, 0);
    expect(sum).toBe(2100);
    expect(tracker.lastReported.total_tokens).toBe(2600);
  });

  it('never produces a negative increment when totals go down', () => {
    const tracker = new TokenDeltaTracker();
    tracker.apply({ input_tokens: 100, output_tokens: 10, total_tokens: 110 });
    expect(tracker.apply({ input_tokens: 20, output_tokens: 5, total_tokens: 25 })).toEqual({ input_tokens: 0, output_tokens: 0, total_tokens: 0 });
    expect(tracker.apply({ input_tokens: 30, output_tokens: 5, total_tokens: 35 })).toEqual({ input_tokens: 10, output_tokens: 0, total_tokens: 10 });
  });
});
