/**
 * The WebSocket terminal path against the real TerminalRegistry / TerminalSession (headless screen,
 * batching, per-viewer flow control), wired into the fake engine's terminal port the way the
 * composition root wires it.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { err, ok } from '../../electron/engine/lib/result.js';
import { TerminalRegistry } from '../../electron/engine/terminals/terminal-registry.js';
import { HIGH_WATERMARK_CHARS } from '../../electron/engine/terminals/subscriber-channel.js';
import { FakeEngine } from './server-fake-engine.js';
import { eventually, startServer, TestSocket, type Harness } from './server-harness.js';

function withRegistry(engine: FakeEngine, registry: TerminalRegistry): FakeEngine {
  engine.listTerminals = () => registry.list();
  engine.onTerminals = (listener) => {
    const subscription = registry.onChange(() => listener());
    return () => subscription.dispose();
  };
  engine.subscribeTerminal = (id, client, options) => registry.get(id)?.subscribe(client, options) ?? null;
  engine.inputTerminal = (id, data) => {
    const session = registry.get(id);
    if (!session) return err('terminal_not_found', `no terminal ${id}`);
    session.input(data);
    return ok(undefined);
  };
  engine.resizeTerminal = (id, cols, rows) => {
    const session = registry.get(id);
    if (!session) return err('terminal_not_found', `no terminal ${id}`);
    session.resize(cols, rows);
    return ok(undefined);
  };
  return engine;
}

let registry: TerminalRegistry;
let h: Harness;
let socket: TestSocket;

beforeEach(async () => {
  registry = new TerminalRegistry({ rawLogDir: null });
  h = await startServer({ engine: withRegistry(new FakeEngine(), registry) });
  socket = await TestSocket.open(h.port, h.auth);
  await socket.next('terminal.list');
});

afterEach(async () => {
  socket.ws.terminate();
  await h.server.close();
  await registry.dispose();
});

function create(id: string) {
  const session = registry.create({ id, issue_identifier: 'BAT-1', kind: 'agent', title: 'agent', cols: 80, rows: 24 });
  if (!session.ok) throw new Error(session.error.message);
  return session.value;
}

describe('WebSocket terminals over a real TerminalSession', () => {
  it('lists a new terminal, restores its screen on subscribe, then streams output with offsets', async () => {
    const session = create('t1');
    const list = await socket.waitFor(() => socket.ofType('terminal.list').find((m) => m.terminals.length === 1));
    expect(list.terminals[0]).toMatchObject({ id: 't1', kind: 'agent', exited: false });
    session.write('before\r\n');
    await session.drain();
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: true });
    const snapshot = await socket.next('terminal.snapshot');
    expect(snapshot.data).toContain('before');
    expect(snapshot.offset).toBe('before\r\n'.length);
    session.write('after');
    const data = await socket.next('terminal.data');
    expect(data).toEqual({ type: 'terminal.data', terminal_id: 't1', data: 'after', offset: snapshot.offset + 5 });
  });

  it('routes keystrokes and resizes to the session and tells viewers the new size', async () => {
    const session = create('t1');
    const inputs: string[] = [];
    session.onInput((d) => inputs.push(d));
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: true });
    await socket.next('terminal.snapshot');
    socket.sendJson({ type: 'terminal.input', terminal_id: 't1', data: 'y\r' });
    socket.sendJson({ type: 'terminal.resize', terminal_id: 't1', cols: 100, rows: 30 });
    expect(await socket.next('terminal.resized')).toEqual({ type: 'terminal.resized', terminal_id: 't1', cols: 100, rows: 30 });
    expect(inputs).toEqual(['y\r']);
    expect(session.cols).toBe(100);
  });

  it('stops live data past the credit window and resumes with a snapshot after acks', async () => {
    const session = create('t1');
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: true });
    await socket.next('terminal.snapshot');
    const chunk = 'x'.repeat(10_000);
    for (let i = 0; i < 15; i++) session.write(chunk);
    await session.drain();
    const received = await socket.waitFor(() => {
      const n = socket.ofType('terminal.data').reduce((sum, m) => sum + m.data.length, 0);
      return n > HIGH_WATERMARK_CHARS ? n : undefined;
    });
    expect(received).toBeLessThan(15 * chunk.length);
    socket.sendJson({ type: 'terminal.ack', terminal_id: 't1', chars: received });
    await socket.waitFor(() => (socket.ofType('terminal.snapshot').length === 2 ? true : undefined), 3_000, 'reset snapshot');
  });

  it('reports the exit with its code and releases the viewer', async () => {
    const session = create('t1');
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: true });
    await socket.next('terminal.snapshot');
    expect(session.subscriberCount).toBe(1);
    registry.markExited('t1', { exit_code: 0, signal: null });
    expect(await socket.next('terminal.exit')).toEqual({ type: 'terminal.exit', terminal_id: 't1', exit_code: 0, signal: null });
    expect(session.subscriberCount).toBe(0);
  });

  it('releases every viewer when the socket goes away', async () => {
    const session = create('t1');
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: false });
    await socket.next('terminal.snapshot');
    expect(session.subscriberCount).toBe(1);
    await socket.close();
    await eventually(() => session.subscriberCount === 0, 'viewer released');
  });
});
