import { describe, expect, it } from 'vitest';
import { stripAnsi } from '../../../../test/fixtures/fake-codex/session-harness.js';
import { toCrlf, TranscriptRenderer } from './transcript.js';

function render(fn: (r: TranscriptRenderer) => void): { raw: string; plain: string } {
  let raw = '';
  fn(new TranscriptRenderer({ write: (d) => (raw += d) }));
  return { raw, plain: stripAnsi(raw) };
}

const t = { threadId: 'thr', turnId: 'turn' };

describe('TranscriptRenderer', () => {
  it('streams agent message deltas and does not repeat the text on completion', () => {
    const { plain } = render((r) => {
      r.notification('item/started', { ...t, item: { type: 'agentMessage', id: 'm1', text: '' } });
      r.notification('item/agentMessage/delta', { ...t, itemId: 'm1', delta: 'Hello ' });
      r.notification('item/agentMessage/delta', { ...t, itemId: 'm1', delta: 'world.\nSecond line' });
      r.notification('item/completed', { ...t, item: { type: 'agentMessage', id: 'm1', text: 'Hello world.\nSecond line' } });
    });
    expect(plain).toBe('Hello world.\r\nSecond line\r\n');
  });

  it('prints a completed message that never streamed', () => {
    const { plain } = render((r) => r.notification('item/completed', { ...t, item: { type: 'agentMessage', id: 'm2', text: 'All done.' } }));
    expect(plain).toBe('All done.\r\n');
  });

  it('renders commands with $ and their output, a red exit code on failure', () => {
    const { plain, raw } = render((r) => {
      r.notification('item/started', { ...t, item: { type: 'commandExecution', id: 'c1', command: 'npm test' } });
      r.notification('item/commandExecution/outputDelta', { ...t, itemId: 'c1', delta: 'FAIL a.test\n' });
      r.notification('item/completed', { ...t, item: { type: 'commandExecution', id: 'c1', command: 'npm test', aggregatedOutput: 'FAIL a.test\n', exitCode: 1 } });
    });
    expect(plain).toBe('$ npm test\r\nFAIL a.test\r\nexit 1\r\n');
    expect(raw).toContain('\x1b[31mexit 1');
  });

  it('starts block lines on a fresh line after partial streamed text', () => {
    const { plain } = render((r) => {
      r.notification('item/agentMessage/delta', { ...t, itemId: 'm', delta: 'partial' });
      r.notification('item/completed', { ...t, item: { type: 'fileChange', id: 'f', changes: [{ path: 'src/a.ts', kind: { type: 'update' } }, { path: 'b.md', kind: 'add' }] } });
      r.error('boom');
    });
    expect(plain).toBe('partial\r\n✎ update src/a.ts\r\n✎ add b.md\r\n✖ boom\r\n');
  });

  it('renders turn headers, plans, tool calls, waiting approvals, stderr and errors', () => {
    const { plain, raw } = render((r) => {
      r.turnStarted(2, 'BAT-1: Fix');
      r.notification('turn/plan/updated', { ...t, plan: [{ step: 'Read', status: 'completed' }, { step: 'Write', status: 'inProgress' }, { step: 'Test', status: 'pending' }] });
      r.notification('item/started', { ...t, item: { type: 'dynamicToolCall', id: 'd', tool: 'baton_tracker', arguments: { action: 'get_ticket' } } });
      r.toolResult('baton_tracker', true, '{"ticket":{}}');
      r.waiting('Run command: npm install');
      r.notification('error', { ...t, willRetry: true, error: { message: 'stream lost' } });
      r.notification('error', { ...t, willRetry: false, error: { message: 'usage limit' } });
      r.stderr('WARN noisy');
      r.turnEnded('failed', 'turn_failed: usage limit');
    });
    expect(plain.split('\r\n')).toEqual([
      '━━ turn 2 · BAT-1: Fix ━━',
      'plan:',
      '  [x] Read',
      '  [~] Write',
      '  [ ] Test',
      '⚙ baton_tracker {"action":"get_ticket"}',
      '✔ baton_tracker {"ticket":{}}',
      '⏸ waiting for operator: Run command: npm install',
      '⚠ stream lost (retrying)',
      '✖ usage limit',
      'stderr│ WARN noisy',
      '━━ turn failed: turn_failed: usage limit ━━',
      '',
    ]);
    expect(raw).toContain('\x1b[31m\x1b[1m✖ usage limit');
  });

  it('converts every newline to CRLF', () => {
    expect(toCrlf('a\nb\r\nc\n')).toBe('a\r\nb\r\nc\r\n');
  });
});
