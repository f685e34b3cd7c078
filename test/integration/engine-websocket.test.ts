import { afterEach, describe, expect, it } from 'vitest';
import type { ServerMessageOf } from '../../shared/api/ws-messages.js';
import { stripAnsi } from '../fixtures/fake-codex/session-harness.js';
import { EngineHarness } from './engine-harness.js';
import { TestSocket } from './server-harness.js';

/**
 * The WebSocket against the real engine: pushes follow a real run of the fake app-server
 * (`slow-stream` streams ten messages ~150 ms apart, so its terminal is live long enough to watch).
 */
/** Generous: the machine may be shared with benchmarks; waits return as soon as the message is there. */
const RUN_MS = 30_000;

let h: EngineHarness | null = null;
let sockets: TestSocket[] = [];
afterEach(async () => {
  for (const s of sockets) s.ws.terminate();
  sockets = [];
  await h?.dispose();
  h = null;
});

async function connect(harness: EngineHarness): Promise<TestSocket> {
  const socket = await TestSocket.open(Number(new URL(harness.baseUrl).port), { authorization: `Bearer ${harness.token}` });
  sockets.push(socket);
  await socket.next('hello');
  await socket.next('state');
  await socket.next('terminal.list');
  return socket;
}

function screenText(snapshot: ServerMessageOf<'terminal.snapshot'>): string {
  return stripAnsi(snapshot.data);
}

describe('WebSocket with the real engine', { timeout: 90_000 }, () => {
  it('refuses a connection without the token', async () => {
    h = await EngineHarness.start({ scenario: 'happy', git: false });
    const refused = TestSocket.open(Number(new URL(h.baseUrl).port), {});
    await expect(refused).rejects.toThrow(/401/);
  });

  it('pushes state, tickets, traces and a live terminal while a ticket runs, and the final screen after', async () => {
    h = await EngineHarness.start({ scenario: 'slow-stream' });
    const socket = await connect(h);
    expect(socket.messages[0]).toMatchObject({ type: 'hello', version: 1 });
    socket.sendJson({ type: 'trace.subscribe', issue_identifier: 'BAT-1' });

    await h.api('POST', '/api/v1/tickets', { title: 'Stream slowly' });
    const ticketIn = (state: string) => () => socket.ofType('ticket').find((m) => m.ticket.identifier === 'BAT-1' && m.ticket.state === state);
    await socket.waitFor(ticketIn('Todo'), RUN_MS, 'created ticket push');
    await socket.waitFor(ticketIn('In Progress'), RUN_MS, 'working-state ticket push');

    const running = await socket.waitFor(
      () => socket.ofType('state').map((m) => m.state.running.find((r) => r.issue_identifier === 'BAT-1' && r.terminal_id)).find(Boolean),
      RUN_MS,
      'state push with the running ticket',
    );
    const terminalId = running.terminal_id!;
    const listed = await socket.waitFor(
      () => socket.ofType('terminal.list').flatMap((m) => m.terminals).find((t) => t.id === terminalId),
      RUN_MS,
      'terminal.list with the run terminal',
    );
    expect(listed).toMatchObject({ issue_identifier: 'BAT-1', kind: 'agent', exited: false });

    // Watch the terminal while the agent still streams.
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: terminalId, visible: true });
    const snapshot = await socket.waitFor(() => socket.ofType('terminal.snapshot').find((m) => m.terminal_id === terminalId), RUN_MS, 'snapshot');
    const live = await socket.waitFor(
      () => socket.ofType('terminal.data').find((m) => m.terminal_id === terminalId && m.data.includes('slow tick')),
      RUN_MS,
      'live terminal data',
    );
    expect(live.offset).toBeGreaterThan(snapshot.offset);
    const dataIndex = socket.messages.indexOf(live);
    expect(socket.messages.indexOf(snapshot)).toBeLessThan(dataIndex);

    await socket.waitFor(ticketIn('Human Review'), RUN_MS, 'handoff ticket push');
    const exit = await socket.waitFor(() => socket.ofType('terminal.exit').find((m) => m.terminal_id === terminalId), RUN_MS, 'terminal.exit');
    expect(exit.signal).toBeNull();
    await socket.waitFor(() => socket.ofType('trace').find((m) => m.event.data.event === 'run_ended'), RUN_MS, 'run_ended trace');
    await socket.waitFor(
      () => socket.ofType('state').find((m) => m.state.running.length === 0 && socket.messages.indexOf(m) > dataIndex),
      RUN_MS,
      'state push after the run',
    );

    // The trace pushes are exactly the ticket's stored events, in order.
    const stored = await h.events('BAT-1');
    const pushed = socket.ofType('trace').map((m) => m.event);
    expect(pushed.every((e) => e.issue_identifier === 'BAT-1')).toBe(true);
    expect(pushed.map((e) => e.seq)).toEqual(stored.map((e) => e.seq));
    expect(pushed.map((e) => e.data.event)).toEqual(expect.arrayContaining(['run_started', 'session_started', 'agent_message', 'turn_completed', 'handoff', 'run_ended']));

    // A viewer that arrives after the run still gets the final screen, then the exit.
    const late = await connect(h);
    late.sendJson({ type: 'terminal.subscribe', terminal_id: terminalId, visible: true });
    const finalScreen = await late.waitFor(() => late.ofType('terminal.snapshot').find((m) => m.terminal_id === terminalId), RUN_MS, 'late snapshot');
    expect(screenText(finalScreen)).toContain('slow tick 1');
    expect(screenText(finalScreen)).toContain('slow tick 10 (last)');
    await late.waitFor(() => late.ofType('terminal.exit').find((m) => m.terminal_id === terminalId), RUN_MS, 'late terminal.exit');
  });

  it('answers a subscribe to an unknown terminal with terminal_not_found and keeps the socket open', async () => {
    h = await EngineHarness.start({ scenario: 'happy', git: false });
    const socket = await connect(h);
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 'no-such-terminal', visible: true });
    const error = await socket.next('error');
    expect(error).toMatchObject({ code: 'terminal_not_found', request_type: 'terminal.subscribe' });
    socket.sendJson({ type: 'trace.subscribe' });
    await h.api('POST', '/api/v1/tickets', { title: 'Any ticket' });
    // Subscribed to all issues: this ticket's events arrive.
    await socket.waitFor(() => socket.ofType('trace').find((m) => m.event.issue_identifier === 'BAT-1'), RUN_MS, 'trace for all issues');
  });
});
