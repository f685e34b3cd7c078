import { spawn } from 'node:child_process';
import { afterEach, describe, expect, it } from 'vitest';
import { AppServerSession } from '../../electron/engine/agents/app-server/app-server-session.js';
import { OperatorQueue } from '../../electron/engine/agents/operator-queue.js';
import type { AgentEvent } from '../../electron/engine/agents/agent-events.js';
import { processGone, SessionHarness } from '../fixtures/fake-codex/session-harness.js';

let harness: SessionHarness | null = null;
afterEach(async () => {
  await harness?.dispose();
  harness = null;
});

async function childPid(h: SessionHarness): Promise<number> {
  const spawned = await h.waitForEvent((e) => e.data.method === 'fake/childSpawned');
  return (spawned.data.params as { pid: number }).pid;
}

describe('AppServerSession: process failures', () => {
  it('maps a crash mid-turn to port_exit with the exit code and the last stderr lines; stop() clears what it left', async () => {
    harness = await SessionHarness.create({ scenario: 'crash' });
    const h = harness;
    const turn = h.session.runTurn('x');
    const orphan = await childPid(h);
    const result = await turn;
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('port_exit');
    expect(result.error.message).toContain('exit code 3');
    expect(result.error.details).toMatchObject({ exit_code: 3, signal: null });
    expect(result.error.details!.stderr_tail).toEqual(["thread 'main' panicked at src/lib.rs:42: something broke", 'fake-codex: crashing with exit code 3']);
    expect(h.named('turn_failed')[0]!.data.code).toBe('port_exit');

    // The process is gone; a new turn fails at once with the same error.
    const next = await h.session.runTurn('again');
    expect(next.ok ? null : next.error.code).toBe('port_exit');

    expect(await processGone(orphan)).toBe(false);
    await h.session.stop();
    expect(await processGone(orphan)).toBe(true);
  });

  it('on a stall the activity timestamp stops moving, and stop() kills the whole tree', async () => {
    harness = await SessionHarness.create({ scenario: 'stall' });
    const h = harness;
    const turn = h.session.runTurn('x');
    const child = await childPid(h);
    const leader = h.session.pid!;
    const seen = h.session.lastActivityAt;
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(h.session.lastActivityAt).toBe(seen);
    expect(await processGone(child)).toBe(false);

    await h.session.stop();
    expect(await processGone(leader)).toBe(true);
    expect(await processGone(child)).toBe(true);
    const result = await turn;
    expect(result.ok ? null : result.error.code).toBe('session_stopped');
    await h.session.stop(); // idempotent
  });

  it('fails a turn silent for turn_timeout_ms with turn_timeout and asks the server to interrupt', async () => {
    harness = await SessionHarness.create({ scenario: 'stall', codex: { turn_timeout_ms: 400 } });
    // Start first: the turn timeout covers the turn, not the process start-up and handshake.
    expect((await harness.session.start()).ok).toBe(true);
    const result = await harness.session.runTurn('x');
    expect(result.ok ? null : result.error.code).toBe('turn_timeout');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect((await harness.recorded()).at(-1)).toMatchObject({ method: 'turn/interrupt', params: { threadId: 'thr_stall', turnId: 'turn_1' } });
  });

  it('turn_timeout_ms is a silence interval: a turn that keeps streaming runs past it (issue 8)', async () => {
    // slow-stream sends a message every ~150 ms for ~1.5 s: three times the timeout, never silent for long.
    harness = await SessionHarness.create({ scenario: 'slow-stream', codex: { turn_timeout_ms: 500 } });
    expect((await harness.session.start()).ok).toBe(true);
    const started = Date.now();
    const result = await harness.session.runTurn('x');
    expect(result.ok ? result.value.last_message : result.error).toBe('slow tick 10 (last)');
    expect(Date.now() - started).toBeGreaterThan(1000);
  });

  it('reports a missing command as codex_not_found', async () => {
    harness = await SessionHarness.create({ scenario: 'happy', codex: { command: 'baton-no-such-codex-binary app-server' } });
    const result = await harness.session.runTurn('x');
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('codex_not_found');
    expect(result.error.message).toContain('baton-no-such-codex-binary');
    expect(harness.named('startup_failed')[0]!.data.code).toBe('codex_not_found');
  });

  it('times out a request the server never answers (response_timeout) and stops the process', async () => {
    harness = await SessionHarness.create({ scenario: 'no-initialize', codex: { read_timeout_ms: 300 } });
    const result = await harness.session.start();
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.error.code).toBe('response_timeout');
    expect(result.error.message).toContain('initialize');
    expect(await processGone(harness.session.pid!)).toBe(true);
  });

  it('a spawn failure of the shell itself is codex_not_found', async () => {
    const events: AgentEvent[] = [];
    const session = new AppServerSession({
      workspacePath: process.cwd(),
      env: {},
      codex: { command: 'codex app-server', approval_policy: 'never', thread_sandbox: 'workspace-write', turn_sandbox_policy: null, turn_timeout_ms: 1000, read_timeout_ms: 1000, approval_timeout_ms: 1000 },
      issue: { id: 'i', identifier: 'BAT-9' },
      operatorQueue: new OperatorQueue(),
      onEvent: (e) => events.push(e),
      // A real spawn of a shell that does not exist (ENOENT), not a mock.
      spawn: (_cmd, args, options) => spawn('/nonexistent/baton-test/bash', args, options),
    });
    const result = await session.start();
    expect(result.ok ? null : result.error.code).toBe('codex_not_found');
    expect(result.ok ? '' : result.error.message).toContain('ENOENT');
    expect(events.map((e) => e.event)).toEqual(['startup_failed']);
    await session.stop();
  });
});

describe('AppServerSession: bad output does not end the session', () => {
  it('reports garbage lines as malformed, keeps stderr apart, and completes the turn', async () => {
    harness = await SessionHarness.create({ scenario: 'garbage' });
    const h = harness;
    const result = await h.session.runTurn('x');
    expect(result.ok).toBe(true);
    const malformed = h.events.filter((e) => e.kind === 'malformed');
    expect(malformed.map((e) => e.data.line)).toEqual(['this is not json', '[1,2,3]', '{"id":424242,"result":{}}']);
    expect(malformed.map((e) => String(e.data.reason))).toEqual([
      expect.stringContaining('invalid JSON'),
      'not a JSON object',
      'response to unknown request id 424242',
    ]);
    // stderr is a separate pipe: its lines may arrive after the turn's last stdout line.
    await h.waitUntil(() => h.events.filter((e) => e.kind === 'stderr').length >= 5);
    const stderr = h.events.filter((e) => e.kind === 'stderr');
    expect(stderr).toHaveLength(5);
    expect(stderr.every((e) => e.data.line === 'WARN codex_core: noisy diagnostics')).toBe(true);
    expect(h.messages()).toEqual(['Still here.']);
    expect(h.terminal).toContain('noisy diagnostics');
  });

  it('reads a valid 5 MB line, drops an 11 MB one as oversize, and completes the turn', async () => {
    harness = await SessionHarness.create({ scenario: 'huge-line' });
    const h = harness;
    const result = await h.session.runTurn('x');
    expect(result.ok).toBe(true);
    const [big, after] = h.named('agent_message');
    expect(big!.data).toMatchObject({ text_length: 5_000_000, truncated: true });
    expect(String(big!.data.text)).toMatch(/^y+$/);
    expect(after!.data.text).toBe('After the big lines.');
    const oversize = h.named('oversize_line');
    expect(oversize).toHaveLength(1);
    expect(oversize[0]!.data.reason).toContain('11000000 bytes');
    // The full 5 MB text reaches the live transcript.
    expect(h.terminal.length).toBeGreaterThan(5_000_000);
  });
});
