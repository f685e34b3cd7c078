import { readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { SessionHarness, fakeCodexCommand, stripAnsi } from '../fixtures/fake-codex/session-harness.js';

let harness: SessionHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

async function run(scenario: string | null): Promise<SessionHarness> {
  harness = await SessionHarness.create({ scenario });
  return harness;
}

describe('AppServerSession: handshake and one turn', () => {
  it('sends initialize, initialized, thread/start, turn/start in order with Baton identity, cwd and policies', async () => {
    const h = await run('happy');
    const result = await h.session.runTurn('Fix the thing', { title: 'BAT-1: Fix the thing' });
    expect(result.ok).toBe(true);

    const sent = await h.recorded();
    expect(sent.map((m) => m.method)).toEqual(['initialize', 'initialized', 'thread/start', 'turn/start']);
    expect(sent.every((m) => !('jsonrpc' in m))).toBe(true);
    const [init, initialized, thread, turn] = sent;
    expect(init!.params).toMatchObject({ clientInfo: { name: 'baton', title: 'Baton' }, capabilities: { experimentalApi: true } });
    expect(initialized).not.toHaveProperty('id');
    expect(thread!.params).toMatchObject({ approvalPolicy: 'never', sandbox: 'workspace-write', cwd: h.workspace });
    expect(turn!.params).toMatchObject({
      threadId: 'thr_happy',
      input: [{ type: 'text', text: 'Fix the thing' }],
      cwd: h.workspace,
      title: 'BAT-1: Fix the thing',
      approvalPolicy: 'never',
      sandboxPolicy: { type: 'workspaceWrite', writableRoots: [h.workspace], networkAccess: false },
    });
    // Each request gets a fresh id.
    expect(new Set([init!.id, thread!.id, turn!.id]).size).toBe(3);
  });

  it('passes configured approval and sandbox policies to thread/start and turn/start', async () => {
    const policy = { type: 'workspaceWrite', writableRoots: ['/elsewhere'], networkAccess: true };
    harness = await SessionHarness.create({
      scenario: 'happy',
      codex: { approval_policy: 'untrusted', thread_sandbox: 'read-only', turn_sandbox_policy: policy },
    });
    expect((await harness.session.runTurn('Fix the thing')).ok).toBe(true);
    const sent = await harness.recorded();
    expect(sent.find((m) => m.method === 'thread/start')!.params).toMatchObject({ approvalPolicy: 'untrusted', sandbox: 'read-only' });
    expect(sent.find((m) => m.method === 'turn/start')!.params).toMatchObject({ approvalPolicy: 'untrusted', sandboxPolicy: policy });
  });

  it('launches codex.command with bash -lc (a login shell) in the workspace', async () => {
    // Refuses to start unless it runs in a bash login shell whose cwd is the workspace.
    harness = await SessionHarness.create({ scenario: 'happy', codex: { command: `shopt -q login_shell && [ "$PWD" = "$BATON_EXPECTED_CWD" ] && exec ${fakeCodexCommand()}` } });
    const h = harness;
    h.env.BATON_EXPECTED_CWD = h.workspace;
    expect((await h.session.runTurn('Fix the thing')).ok).toBe(true);
  });

  it('runs the agent in the workspace: its file write lands there', async () => {
    const h = await run('happy');
    expect((await h.session.runTurn('Fix the thing')).ok).toBe(true);
    expect(await readFile(path.join(h.workspace, 'src/hello.txt'), 'utf8')).toBe('hello from turn 1\n');
  });

  it('reports session_id <thread>-<turn> and the last message', async () => {
    const h = await run('happy');
    const result = await h.session.runTurn('Fix the thing');
    expect(result).toEqual({
      ok: true,
      value: { session_id: 'thr_happy-turn_1', thread_id: 'thr_happy', turn_id: 'turn_1', turn_number: 1, last_message: 'Wrote src/hello.txt for: Fix the thing' },
    });
    expect(h.session.sessionId).toBe('thr_happy-turn_1');
    const started = h.named('session_started');
    expect(started).toHaveLength(1);
    expect(started[0]!.session_id).toBe('thr_happy-turn_1');
    expect(started[0]!.pid).toBe(h.session.pid);
  });

  it('emits normalized events for items, plan, tokens and rate limits, but no deltas', async () => {
    const h = await run('happy');
    await h.session.runTurn('Fix the thing');
    const kinds = h.events.map((e) => e.event);
    expect(kinds).toEqual([
      'thread_started',
      'session_started',
      'turn_started',
      'reasoning',
      'command_completed',
      'file_change',
      'token_usage',
      'plan_updated',
      'agent_message',
      'token_usage',
      'rate_limits',
      'turn_completed',
    ]);
    expect(h.named('command_completed')[0]!.data).toMatchObject({ command: 'ls', exit_code: 0, output: 'README.md\n' });
    expect(h.named('file_change')[0]!.data).toMatchObject({ paths: ['src/hello.txt'] });
    expect(h.named('agent_message')[0]!.data.text).toBe('Wrote src/hello.txt for: Fix the thing');
    expect(h.named('token_usage').map((e) => e.absolute_tokens)).toEqual([
      { input_tokens: 1200, output_tokens: 300, total_tokens: 1500 },
      { input_tokens: 1500, output_tokens: 400, total_tokens: 1900 },
    ]);
    expect(h.named('rate_limits')[0]!.rate_limits).toMatchObject({ limitId: 'codex', primary: { usedPercent: 25, windowDurationMins: 300 } });
  });

  it('renders a colored transcript with CRLF line endings and streamed deltas', async () => {
    const h = await run('happy');
    await h.session.runTurn('Fix the thing', { title: 'BAT-1: Fix' });
    const plain = stripAnsi(h.terminal);
    expect(plain).toContain('━━ turn 1 · BAT-1: Fix ━━');
    expect(plain).toContain('$ ls\r\nREADME.md\r\n');
    expect(plain).toContain('✎ add src/hello.txt');
    expect(plain).toContain('Wrote src/hello.txt for: Fix the thing\r\n');
    expect(plain).toContain('━━ turn completed ━━');
    expect(h.terminal).toContain('\x1b[');
    expect(h.terminal).not.toMatch(/[^\r]\n/);
    // Streamed text is printed once, not again at item completion.
    expect(plain.split('Wrote src/hello.txt for').length).toBe(2);
  });

  it('uses the built-in default scenario when none is given', async () => {
    const h = await run(null);
    const result = await h.session.runTurn('Default prompt');
    expect(result.ok).toBe(true);
    expect(await readFile(path.join(h.workspace, 'FAKE_CODEX.md'), 'utf8')).toContain('Default prompt');
    expect(h.named('token_usage')[0]!.absolute_tokens).toEqual({ input_tokens: 1200, output_tokens: 300, total_tokens: 1500 });
    expect(h.named('rate_limits')).toHaveLength(1);
  });

  it('refuses a workspace that does not exist (invalid_workspace_cwd) without spawning', async () => {
    const h = await run('happy');
    await rm(h.workspace, { recursive: true });
    const result = await h.session.runTurn('x');
    expect(result.ok).toBe(false);
    if (!result.ok) expect(result.error.code).toBe('invalid_workspace_cwd');
    expect(h.session.pid).toBeNull();
  });

  it('refuses a workspace outside the configured workspace root', async () => {
    harness = await SessionHarness.create({ scenario: 'happy', workspaceRoot: '/definitely/elsewhere' });
    const result = await harness.session.start();
    expect(result.ok ? null : result.error.code).toBe('invalid_workspace_cwd');
    expect(harness.session.pid).toBeNull();
  });

  it('accepts a workspace under the configured root', async () => {
    harness = await SessionHarness.create({ scenario: 'happy', workspaceRoot: os.tmpdir() });
    expect((await harness.session.start()).ok).toBe(true);
  });
});

describe('AppServerSession: continuation turns', () => {
  it('reuses the thread and the process for the next turn, and totals keep growing', async () => {
    const h = await run('two-turns');
    const first = await h.session.runTurn('First prompt');
    const pid = h.session.pid;
    const second = await h.session.runTurn('Continue');
    expect(first.ok && second.ok).toBe(true);
    if (!first.ok || !second.ok) return;
    expect(first.value.session_id).toBe('thr_two-turn_1');
    expect(second.value.session_id).toBe('thr_two-turn_2');
    expect(second.value.turn_number).toBe(2);
    expect(h.session.pid).toBe(pid);
    const sent = await h.recorded();
    expect(sent.filter((m) => m.method === 'thread/start')).toHaveLength(1);
    expect(sent.filter((m) => m.method === 'turn/start').map((m) => (m.params as { threadId: string }).threadId)).toEqual(['thr_two', 'thr_two']);
    expect(await readFile(path.join(h.workspace, 'turn-2.txt'), 'utf8')).toBe('second turn: Continue\n');
    expect(h.named('token_usage').map((e) => e.absolute_tokens!.total_tokens)).toEqual([1200, 1800]);
  });

  it('refuses a second turn while one is running', async () => {
    const h = await run('stall');
    const first = h.session.runTurn('one');
    await h.waitForEvent((e) => e.event === 'agent_message');
    const second = await h.session.runTurn('two');
    expect(second.ok ? null : second.error.code).toBe('turn_in_progress');
    await h.session.stop();
    const ended = await first;
    expect(ended.ok ? null : ended.error.code).toBe('session_stopped');
  });
});

describe('AppServerSession: turn outcomes', () => {
  it('honours turn.status failed (turn_failed with the TurnError message); willRetry errors are only events', async () => {
    const h = await run('failed-turn');
    const result = await h.session.runTurn('x');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('turn_failed');
    expect(result.error.message).toBe("You've hit your usage limit.");
    expect(result.error.details).toMatchObject({ codex_error_info: 'usageLimitExceeded' });
    expect(h.named('stream_error_retrying')).toHaveLength(1);
    expect(h.messages()).toEqual(['Trying again.']);
    expect(h.named('turn_failed')[0]!.kind).toBe('turn_failed');
  });

  it('maps status interrupted to turn_cancelled', async () => {
    const h = await run('interrupted');
    const result = await h.session.runTurn('x');
    expect(result.ok ? null : result.error.code).toBe('turn_cancelled');
    expect(h.named('turn_cancelled')).toHaveLength(1);
  });

  it('answers an unknown server request with -32601 and the turn goes on; an early turn/started is not lost', async () => {
    const h = await run('unknown-request');
    const result = await h.session.runTurn('x');
    expect(result.ok).toBe(true);
    expect(h.messages()[0]).toBe('server request currentTime/read: {"code":-32601,"message":"Method not found: currentTime/read"}');
    expect(h.named('unsupported_request')).toHaveLength(1);
    expect(h.named('turn_started')).toHaveLength(1);
    expect(h.named('session_started')[0]!.session_id).toBe('thr_unknown-turn_1');
  });

  it('reads legacy token_count totals and snake_case rate limits without double counting', async () => {
    const h = await run('legacy-events');
    const result = await h.session.runTurn('x');
    expect(result.ok).toBe(true);
    const usage = h.named('token_usage');
    expect(usage.map((e) => e.absolute_tokens)).toEqual([
      { input_tokens: 700, output_tokens: 70, total_tokens: 770 },
      { input_tokens: 800, output_tokens: 100, total_tokens: 900 },
    ]);
    expect(usage[0]!.rate_limits).toMatchObject({ limitId: 'codex', primary: { usedPercent: 40, windowDurationMins: 300 }, credits: { hasCredits: true }, planType: 'pro' });
    expect(h.messages()[0]).toBe('approval execCommand: {"decision":"approved_for_session"}');
  });
});
