import { afterEach, describe, expect, it } from 'vitest';
import { runListResponseSchema, shellResponseSchema } from '../../shared/api/schemas.js';
import { processGone, waitFor } from '../fixtures/fake-pty-agent/helpers.js';
import { EngineHarness } from './engine-harness.js';

/** The ticket view's engine side against a real engine: run history, terminal positions in the trace, shells. */
const WAIT = { timeout: 30_000, interval: 50 };

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('ticket view routes on a real engine', { timeout: 90_000 }, () => {
  it('lists the runs, stamps trace events with the terminal position, and opens a shell in the workspace', async () => {
    h = await EngineHarness.start({ scenario: 'slow-stream' });
    const harness = h;
    await h.api('POST', '/api/v1/tickets', { title: 'Stream it' });
    await expect.poll(() => harness.runsEnded('BAT-1'), WAIT).toBe(1);

    const runs = runListResponseSchema.parse((await h.api('GET', '/api/v1/tickets/BAT-1/runs')).json).runs;
    expect(runs).toHaveLength(1);
    expect(runs[0]).toMatchObject({ issue_identifier: 'BAT-1', agent_kind: 'codex', attempt: null });
    expect(runs[0]?.status).not.toBe('running');

    const messages = (await h.events('BAT-1')).filter((e) => e.kind === 'message');
    expect(messages.length).toBeGreaterThanOrEqual(10);
    const offsets = messages.map((e) => e.data.terminal_offset as number);
    expect(messages.every((e) => e.data.terminal_id === runs[0]!.run_id)).toBe(true);
    expect(offsets.every((o, i) => typeof o === 'number' && (i === 0 || o > offsets[i - 1]!))).toBe(true);

    const opened = await h.api('POST', '/api/v1/tickets/BAT-1/shell');
    expect(opened.status).toBe(201);
    const { terminal_id } = shellResponseSchema.parse(opened.json);
    const session = h.engine.terminals.get(terminal_id)!;
    expect(h.engine.terminals.info(terminal_id)).toMatchObject({ kind: 'shell', issue_identifier: 'BAT-1' });
    session.input('echo "cwd=$(pwd)"; echo "pid=$$"\r');
    let text = '';
    await waitFor(async () => {
      await session.drain();
      text = session.lastLines(50).join('\n');
      return /pid=\d+/.test(text);
    }, 15_000, 'the shell to answer');
    expect(text).toContain(`cwd=${h.dir}/workspaces/BAT-1`);
    const pid = Number(/pid=(\d+)/.exec(text)![1]);

    const closed = await h.api('DELETE', `/api/v1/tickets/BAT-1/shell/${terminal_id}`);
    expect(closed.status).toBe(200);
    expect(h.engine.terminals.info(terminal_id)).toBeUndefined();
    await waitFor(() => processGone(pid), 5_000, 'the shell to die');

    // A shell left open dies with the engine.
    const second = shellResponseSchema.parse((await h.api('POST', '/api/v1/tickets/BAT-1/shell')).json).terminal_id;
    const left = h.engine.terminals.get(second)!;
    left.input('echo "pid=$$"\r');
    let leftText = '';
    await waitFor(async () => {
      await left.drain();
      leftText = left.lastLines(20).join('\n');
      return /pid=\d+/.test(leftText);
    }, 15_000, 'the second shell');
    const leftPid = Number(/pid=(\d+)/.exec(leftText)![1]);
    await h.dispose();
    h = null;
    expect(await processGone(leftPid)).toBe(true);
  });

  it('refuses a shell for a ticket without a workspace, and GET ticket follows the tracker', async () => {
    h = await EngineHarness.start({ scenario: 'happy' });
    await h.api('POST', '/api/v1/tickets', { title: 'Parked', state: 'Backlog' });
    const refused = await h.api<{ error: { code: string } }>('POST', '/api/v1/tickets/BAT-1/shell');
    expect([refused.status, refused.json.error.code]).toEqual([404, 'workspace_not_found']);
    expect((await h.api<{ identifier: string }>('GET', '/api/v1/tickets/bat-1')).json.identifier).toBe('BAT-1');
    const unknown = await h.api<{ error: { code: string } }>('GET', '/api/v1/tickets/BAT-7');
    expect([unknown.status, unknown.json.error.code]).toEqual([404, 'issue_not_found']);
  });
});
