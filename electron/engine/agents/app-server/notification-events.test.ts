import { describe, expect, it } from 'vitest';
import { notificationEvent } from './notification-events.js';

const t = { threadId: 'thr', turnId: 'turn' };

describe('notificationEvent', () => {
  it('stores no deltas and no lifecycle noise', () => {
    for (const method of ['item/agentMessage/delta', 'item/commandExecution/outputDelta', 'item/reasoning/summaryTextDelta', 'item/plan/delta', 'codex/event/agent_message_delta', 'item/started', 'turn/completed', 'serverRequest/resolved', 'turn/diff/updated', 'thread/started']) {
      expect(notificationEvent(method, { ...t, delta: 'x' })).toBeNull();
    }
  });

  it('maps finished items to message, reasoning, command, file_change, tool_call', () => {
    const item = (i: Record<string, unknown>) => notificationEvent('item/completed', { ...t, item: i });
    expect(item({ type: 'agentMessage', id: 'a', text: 'Done.\nDetails' })).toMatchObject({ kind: 'message', summary: 'Done.', data: { text: 'Done.\nDetails', text_length: 13, truncated: false } });
    expect(item({ type: 'reasoning', id: 'r', summary: ['Looking at tests'], content: [] })).toMatchObject({ kind: 'reasoning', data: { text: 'Looking at tests' } });
    expect(item({ type: 'commandExecution', id: 'c', command: 'npm test', aggregatedOutput: 'x'.repeat(10_000) + 'END', exitCode: 1, status: 'failed' })).toMatchObject({
      kind: 'command',
      summary: '$ npm test → 1',
      data: { command: 'npm test', exit_code: 1, output_length: 10_003, output_truncated: true, output: expect.stringMatching(/END$/) },
    });
    expect(item({ type: 'fileChange', id: 'f', status: 'completed', changes: [{ path: 'a.ts', kind: { type: 'update' } }, { path: 'b.ts', kind: 'add' }] })).toMatchObject({
      kind: 'file_change',
      data: { paths: ['a.ts', 'b.ts'], changes: [{ path: 'a.ts', kind: 'update' }, { path: 'b.ts', kind: 'add' }] },
    });
    expect(item({ type: 'mcpToolCall', id: 'm', server: 'linear', tool: 'save', status: 'completed' })).toMatchObject({ kind: 'tool_call', summary: 'linear.save completed' });
    expect(item({ type: 'userMessage', id: 'u', content: [] })).toBeNull();
    expect(item({ type: 'contextCompaction', id: 'x' })).toMatchObject({ kind: 'notification', data: { item_type: 'contextCompaction' } });
  });

  it('caps a huge agent message in the stored event', () => {
    const event = notificationEvent('item/completed', { ...t, item: { type: 'agentMessage', id: 'a', text: 'z'.repeat(200_000) } });
    expect(event!.data).toMatchObject({ text_length: 200_000, truncated: true });
    expect(String(event!.data.text).length).toBe(64 * 1024);
  });

  it('carries absolute tokens and normalized rate limits', () => {
    const usage = notificationEvent('thread/tokenUsage/updated', { ...t, tokenUsage: { total: { totalTokens: 30, inputTokens: 20, outputTokens: 10 }, last: { totalTokens: 5 } } });
    expect(usage).toMatchObject({ kind: 'token_usage', absolute_tokens: { input_tokens: 20, output_tokens: 10, total_tokens: 30 } });
    const limits = notificationEvent('account/rateLimits/updated', { rateLimits: { primary: { usedPercent: 80 } } });
    expect(limits).toMatchObject({ kind: 'rate_limits', summary: 'rate limits: 80% of the primary window used', rate_limits: { primary: { usedPercent: 80 } } });
  });

  it('distinguishes retrying stream errors from fatal errors', () => {
    expect(notificationEvent('error', { ...t, willRetry: true, error: { message: 'lost' } })).toMatchObject({ kind: 'error', event: 'stream_error_retrying' });
    expect(notificationEvent('error', { ...t, willRetry: false, error: { message: 'limit', codexErrorInfo: 'usageLimitExceeded' } })).toMatchObject({
      kind: 'error',
      event: 'turn_error',
      data: { message: 'limit', codex_error_info: 'usageLimitExceeded' },
    });
  });

  it('keeps other notifications with bounded params', () => {
    const event = notificationEvent('mcpServer/startupStatus/updated', { name: 'x', blob: 'b'.repeat(10_000) });
    expect(event).toMatchObject({ kind: 'notification', summary: 'mcpServer/startupStatus/updated', data: { method: 'mcpServer/startupStatus/updated', params: { truncated: true } } });
  });
});
