import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Socket } from 'node:net';
import { stateSnapshotSchema, workflowResponseSchema } from '../../shared/api/schemas.js';
import { makeApproval, makeIssue, makeTrace, SECRET_API_KEY, type FakeTerminal } from './server-fake-engine.js';
import { delay, eventually, startServer, TestSocket, type Harness } from './server-harness.js';

let h: Harness;
let sockets: TestSocket[] = [];

async function connect(): Promise<TestSocket> {
  const socket = await TestSocket.open(h.port, h.auth);
  sockets.push(socket);
  // The greeting: hello, then the current state, approvals, workflow and terminal list.
  await socket.next('terminal.list');
  await socket.next('state');
  await socket.next('approvals');
  await socket.next('workflow');
  return socket;
}

beforeEach(async () => {
  h = await startServer();
  sockets = [];
});

afterEach(async () => {
  for (const s of sockets) s.ws.terminate();
  await h.server.close();
});

describe('WebSocket greeting and pushes', () => {
  it('says hello first, then sends the current snapshots', async () => {
    h.engine.approvals = [makeApproval('ap-1')];
    h.engine.addTerminal('t1');
    const socket = await connect();
    expect(socket.messages[0]).toMatchObject({ type: 'hello', version: 1 });
    stateSnapshotSchema.parse((await socket.next('state')).state);
    expect((await socket.next('approvals')).approvals.map((a) => a.id)).toEqual(['ap-1']);
    expect((await socket.next('terminal.list')).terminals.map((t) => t.id)).toEqual(['t1']);
    const wf = workflowResponseSchema.parse((await socket.next('workflow')).workflow);
    expect(wf.config.tracker.provider?.api_key).toBe('[redacted]');
    expect(JSON.stringify(socket.messages)).not.toContain(SECRET_API_KEY);
  });

  it('coalesces a burst of state changes into one push carrying the latest state', async () => {
    const socket = await connect();
    const before = socket.ofType('state').length;
    for (let i = 1; i <= 50; i++) {
      h.engine.stateVersion = i;
      h.engine.state.emit();
    }
    await socket.waitFor(() => (socket.ofType('state').length > before ? true : undefined), 3_000, 'state push');
    await delay(350);
    const pushed = socket.ofType('state').slice(before);
    expect(pushed).toHaveLength(1);
    expect(pushed[0]!.state.running[0]!.turn_count).toBe(50);
    h.engine.stateVersion = 51;
    h.engine.state.emit();
    await socket.waitFor(() => (socket.ofType('state').length > before + 1 ? true : undefined), 3_000, 'second push');
    expect(socket.ofType('state').at(-1)!.state.running[0]!.turn_count).toBe(51);
  });

  it('pushes state at most once per interval while changes keep coming', async () => {
    const socket = await connect();
    await delay(150);
    const before = socket.ofType('state').length;
    for (let i = 0; i < 30; i++) {
      h.engine.state.emit();
      await delay(10);
    }
    await delay(250);
    const pushes = socket.ofType('state').length - before;
    // 30 changes over ≥ 300 ms: a 100 ms throttle allows about 4 pushes; one per change would be 30.
    expect(pushes).toBeGreaterThanOrEqual(1);
    expect(pushes).toBeLessThanOrEqual(6);
  });

  it('does not read the state while nobody is connected', async () => {
    for (let i = 0; i < 5; i++) h.engine.state.emit();
    await delay(250);
    expect(h.engine.stateReads).toBe(0);
  });

  it('reads the state once per push for all sockets', async () => {
    const a = await connect();
    const b = await connect();
    await delay(150);
    const reads = h.engine.stateReads;
    const [na, nb] = [a.ofType('state').length, b.ofType('state').length];
    h.engine.state.emit();
    await a.waitFor(() => (a.ofType('state').length > na ? true : undefined));
    await b.waitFor(() => (b.ofType('state').length > nb ? true : undefined));
    expect(h.engine.stateReads).toBe(reads + 1);
  });

  it('pushes ticket changes, approval queue changes and workflow reloads', async () => {
    const socket = await connect();
    h.engine.ticket.emit(makeIssue(7, { title: 'changed' }));
    expect((await socket.next('ticket')).ticket.title).toBe('changed');
    const approvalsBefore = socket.ofType('approvals').length;
    h.engine.approvals = [makeApproval('ap-9')];
    h.engine.approvalsChanged.emit();
    const approvals = await socket.waitFor(() => socket.ofType('approvals')[approvalsBefore]);
    expect(approvals.approvals.map((a) => a.id)).toEqual(['ap-9']);
    const workflowsBefore = socket.ofType('workflow').length;
    h.engine.workflowError = { code: 'workflow_parse_error', message: 'bad YAML' };
    h.engine.workflow.emit();
    const wf = await socket.waitFor(() => socket.ofType('workflow')[workflowsBefore]);
    expect(wf.workflow.last_error).toEqual({ code: 'workflow_parse_error', message: 'bad YAML' });
  });

  it('sends trace events only after trace.subscribe, filtered by issue when asked', async () => {
    const all = await connect();
    const one = await connect();
    const none = await connect();
    all.sendJson({ type: 'trace.subscribe' });
    one.sendJson({ type: 'trace.subscribe', issue_identifier: 'BAT-2' });
    await delay(50);
    h.engine.trace.emit(makeTrace(1, 'BAT-1'));
    h.engine.trace.emit(makeTrace(2, 'BAT-2'));
    await all.waitFor(() => (all.ofType('trace').length === 2 ? true : undefined));
    await one.waitFor(() => (one.ofType('trace').length === 1 ? true : undefined));
    expect(one.ofType('trace')[0]!.event.seq).toBe(2);
    all.sendJson({ type: 'trace.unsubscribe' });
    await delay(50);
    h.engine.trace.emit(makeTrace(3, 'BAT-1'));
    await delay(100);
    expect(all.ofType('trace')).toHaveLength(2);
    expect(none.ofType('trace')).toHaveLength(0);
  });
});

describe('WebSocket client messages', () => {
  it('answers invalid messages with an error and keeps the socket open', async () => {
    const socket = await connect();
    socket.ws.send('{not json');
    expect(await socket.next('error')).toMatchObject({ code: 'invalid_message', request_type: null });
    socket.sendJson({ type: 'terminal.resize', terminal_id: 't1', cols: 0, rows: 10 });
    socket.sendJson({ type: 'no.such.thing' });
    socket.ws.send(Buffer.from([1, 2, 3]), { binary: true });
    socket.sendJson({ type: 'trace.subscribe', issue_identifier: '../etc' });
    const errors = await socket.waitFor(() => (socket.ofType('error').length >= 5 ? socket.ofType('error') : undefined));
    expect(errors.map((e) => e.request_type)).toEqual([null, 'terminal.resize', 'no.such.thing', null, 'trace.subscribe']);
    expect(errors[1]!.message).toMatch(/cols/);
    h.engine.trace.emit(makeTrace(1));
    h.engine.ticket.emit(makeIssue(3));
    await socket.next('ticket');
    expect(socket.closeCode).toBeNull();
    expect(socket.ofType('trace')).toHaveLength(0);
  });

  it('reports engine failures of terminal requests as errors', async () => {
    const socket = await connect();
    socket.sendJson({ type: 'terminal.input', terminal_id: 'nope', data: 'x' });
    expect(await socket.next('error')).toMatchObject({ code: 'terminal_not_found', request_type: 'terminal.input' });
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 'nope', visible: true });
    await socket.waitFor(() => socket.ofType('error')[1]);
    expect(socket.ofType('error')[1]).toMatchObject({ code: 'terminal_not_found', request_type: 'terminal.subscribe' });
    socket.sendJson({ type: 'terminal.ack', terminal_id: 'nope', chars: 10 });
    await socket.waitFor(() => socket.ofType('error')[2]);
    expect(socket.ofType('error')[2]).toMatchObject({ code: 'not_subscribed' });
  });
});

describe('WebSocket terminals', () => {
  let terminal: FakeTerminal;
  beforeEach(() => {
    terminal = h.engine.addTerminal('t1');
  });

  it('sends the snapshot on subscribe, then output with offsets', async () => {
    terminal.write('0123456789');
    const socket = await connect();
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: true });
    const snapshot = await socket.next('terminal.snapshot');
    expect(snapshot).toEqual({ type: 'terminal.snapshot', terminal_id: 't1', data: 'screen-of-t1', cols: 80, rows: 24, offset: 10 });
    terminal.write('hello');
    terminal.write(' world');
    const data = await socket.waitFor(() => (socket.ofType('terminal.data').length === 2 ? socket.ofType('terminal.data') : undefined));
    expect(data).toEqual([
      { type: 'terminal.data', terminal_id: 't1', data: 'hello', offset: 15 },
      { type: 'terminal.data', terminal_id: 't1', data: ' world', offset: 21 },
    ]);
    expect(h.engine.subscriptions[0]!.visibility).toEqual([true]);
  });

  it('keeps output delivered during subscribe() behind the snapshot', async () => {
    const subscribe = h.engine.subscribeTerminal.bind(h.engine);
    h.engine.subscribeTerminal = (id, client, options) => {
      const sub = subscribe(id, client, options);
      terminal.write('early');
      return sub;
    };
    const socket = await connect();
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: false });
    await socket.next('terminal.data');
    const types = socket.messages.filter((m) => m.type.startsWith('terminal.') && m.type !== 'terminal.list').map((m) => m.type);
    expect(types).toEqual(['terminal.snapshot', 'terminal.data']);
  });

  it('routes input, resize, ack and visibility to the engine', async () => {
    const socket = await connect();
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: false });
    await socket.next('terminal.snapshot');
    socket.sendJson({ type: 'terminal.input', terminal_id: 't1', data: 'ls\r' });
    socket.sendJson({ type: 'terminal.resize', terminal_id: 't1', cols: 132, rows: 40 });
    socket.sendJson({ type: 'terminal.ack', terminal_id: 't1', chars: 5000 });
    socket.sendJson({ type: 'terminal.visible', terminal_id: 't1', visible: true });
    const sub = h.engine.subscriptions[0]!;
    await socket.waitFor(() => (sub.visibility.length === 2 ? true : undefined), 3_000, 'visibility routed');
    expect(terminal.inputs).toEqual(['ls\r']);
    expect(terminal.resizes).toEqual([[132, 40]]);
    expect(await socket.next('terminal.resized')).toEqual({ type: 'terminal.resized', terminal_id: 't1', cols: 132, rows: 40 });
    expect(sub.acks).toEqual([5000]);
    expect(sub.visibility).toEqual([false, true]);
    expect(socket.ofType('error')).toEqual([]);
  });

  it('accepts a large paste of control characters (bigger as JSON than as text)', async () => {
    const socket = await connect();
    const paste = '\x1b'.repeat(200_000);
    socket.sendJson({ type: 'terminal.input', terminal_id: 't1', data: paste });
    await eventually(() => terminal.inputs.length === 1, 'paste routed');
    expect(terminal.inputs[0]).toBe(paste);
    expect(socket.closeCode).toBeNull();
  });

  it('reports an exit once and releases the subscription', async () => {
    const socket = await connect();
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: true });
    await socket.next('terminal.snapshot');
    terminal.info = { ...terminal.info, exited: true, exit_code: 3 };
    h.engine.terminalsChanged.emit();
    expect(await socket.next('terminal.exit')).toEqual({ type: 'terminal.exit', terminal_id: 't1', exit_code: 3, signal: null });
    expect(h.engine.liveSubscriptions()).toBe(0);
    h.engine.terminalsChanged.emit();
    await delay(100);
    expect(socket.ofType('terminal.exit')).toHaveLength(1);
  });

  it('reports a removed terminal as exited', async () => {
    const socket = await connect();
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: true });
    await socket.next('terminal.snapshot');
    h.engine.terminals.delete('t1');
    h.engine.terminalsChanged.emit();
    expect(await socket.next('terminal.exit')).toEqual({ type: 'terminal.exit', terminal_id: 't1', exit_code: null, signal: null });
  });

  it('disposes subscriptions on unsubscribe and when the socket closes', async () => {
    h.engine.addTerminal('t2');
    const socket = await connect();
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: true });
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't2', visible: true });
    await socket.waitFor(() => (socket.ofType('terminal.snapshot').length === 2 ? true : undefined));
    socket.sendJson({ type: 'terminal.unsubscribe', terminal_id: 't1' });
    await socket.waitFor(() => (h.engine.liveSubscriptions() === 1 ? true : undefined), 3_000, 'unsubscribe');
    terminal.write('not for you');
    await socket.close();
    await eventually(() => h.engine.liveSubscriptions() === 0, 'dispose on close');
    expect(socket.ofType('terminal.data')).toHaveLength(0);
  });
});

describe('WebSocket backpressure', () => {
  function pause(socket: TestSocket): Socket {
    const raw = (socket.ws as unknown as { _socket: Socket })._socket;
    raw.pause();
    return raw;
  }

  const bigSummary = 'x'.repeat(32 * 1024);
  function flood(count: number): void {
    for (let i = 0; i < count; i++) h.engine.trace.emit({ ...makeTrace(i), summary: bigSummary });
  }

  it('drops pushes for a socket that stopped reading and closes it with 4008 if it stays over', async () => {
    await h.server.close();
    h = await startServer({ wsLimits: { maxBufferedBytes: 64 * 1024, graceMs: 300, checkIntervalMs: 25 } });
    const socket = await connect();
    socket.sendJson({ type: 'trace.subscribe' });
    await delay(50);
    const raw = pause(socket);
    flood(600); // ~20 MB, far beyond what the kernel buffers hold
    await delay(600);
    raw.resume();
    expect(await socket.closed).toBe(4008);
    expect(socket.ofType('trace').length).toBeGreaterThan(0);
    expect(socket.ofType('trace').length).toBeLessThan(600);
  });

  it('tells a socket that recovers to resync, and sends it fresh state', async () => {
    await h.server.close();
    h = await startServer({ wsLimits: { maxBufferedBytes: 64 * 1024, graceMs: 60_000, checkIntervalMs: 25 } });
    const socket = await connect();
    socket.sendJson({ type: 'trace.subscribe' });
    await delay(50);
    const raw = pause(socket);
    flood(600);
    await delay(100);
    const statesBefore = socket.ofType('state').length;
    raw.resume();
    const resync = await socket.next('resync', 10_000);
    expect(resync.reason).toMatch(/dropped/);
    const resyncAt = socket.messages.indexOf(resync);
    await socket.waitFor(() => (socket.messages.slice(resyncAt).some((m) => m.type === 'state') ? true : undefined));
    expect(socket.ofType('state').length).toBeGreaterThan(statesBefore);
    expect(socket.closeCode).toBeNull();
  });
});
