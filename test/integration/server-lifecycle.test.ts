import { Agent, get } from 'node:http';
import type { Socket } from 'node:net';
import { Writable } from 'node:stream';
import pino from 'pino';
import { describe, expect, it } from 'vitest';
import { systemClock, type Clock, type TimerHandle } from '../../electron/engine/lib/clock.js';
import { ApiServer, isLoopback } from '../../electron/engine/server/http-server.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { FakeEngine, makeIssue } from './server-fake-engine.js';
import { eventually, send, startServer, TestSocket } from './server-harness.js';

/** systemClock, but it knows which timers are still pending. */
function countingClock(): Clock & { pending: Set<TimerHandle> } {
  const pending = new Set<TimerHandle>();
  return {
    pending,
    now: () => systemClock.now(),
    setTimeout(fn, ms) {
      const handle: TimerHandle = systemClock.setTimeout(() => {
        pending.delete(handle);
        fn();
      }, ms);
      pending.add(handle);
      return handle;
    },
    clearTimeout(handle) {
      pending.delete(handle);
      systemClock.clearTimeout(handle);
    },
  };
}

function tcpHandles(): number {
  return process.getActiveResourcesInfo().filter((r) => r === 'TCPServerWrap' || r === 'TCPSocketWrap').length;
}

describe('ApiServer lifecycle', () => {
  it('close() ends sockets, listeners, subscriptions and timers, leaving no handle behind', async () => {
    const baseline = tcpHandles();
    const clock = countingClock();
    const h = await startServer({ clock, wsLimits: { maxBufferedBytes: 1024, checkIntervalMs: 10_000 } });
    h.engine.addTerminal('t1');
    const agent = new Agent({ keepAlive: true });
    const socket = await TestSocket.open(h.port, h.auth);
    await socket.next('terminal.list');
    socket.sendJson({ type: 'terminal.subscribe', terminal_id: 't1', visible: true });
    await socket.next('terminal.snapshot');
    const stuck = await TestSocket.open(h.port, h.auth);
    await stuck.next('hello');
    const stuckRaw = (stuck.ws as unknown as { _socket: Socket })._socket;
    stuckRaw.pause();
    h.engine.ticket.emit(makeIssue(1, { description: 'y'.repeat(1 << 20) })); // over the cap: a pressure timer starts
    h.engine.state.emit(); // leaves a throttled push (and its timer) pending
    await new Promise<void>((resolve, reject) => {
      // A kept-alive HTTP connection must not hold the server open either.
      get({ host: '127.0.0.1', port: h.port, path: '/api/v1/state', headers: h.auth, agent }, (res) => {
        res.resume();
        res.on('end', resolve);
      }).on('error', reject);
    });
    expect(h.engine.listenerCount()).toBe(7);
    expect(tcpHandles()).toBeGreaterThan(baseline);

    await h.server.close();

    expect(await socket.closed).toBe(1001);
    expect(h.engine.listenerCount()).toBe(0);
    expect(h.engine.liveSubscriptions()).toBe(0);
    expect(clock.pending.size).toBe(0);
    stuckRaw.resume(); // a paused client only notices the server hung up once it reads again
    await stuck.closed;
    agent.destroy();
    await eventually(() => tcpHandles() === baseline, 'TCP handles back to baseline');
    await expect(send(h.port, '/api/v1/state', { headers: h.auth })).rejects.toThrow(/ECONNREFUSED/);
    await h.server.close(); // idempotent
  });

  it('refuses a second listen() and reports a busy port', async () => {
    const a = await startServer();
    try {
      await expect(a.server.listen({ port: 0 })).rejects.toThrow(/once/);
      const b = new ApiServer({ engine: new FakeEngine(), logger: silentLogger() });
      await expect(b.listen({ host: '127.0.0.1', port: a.port })).rejects.toThrow(/EADDRINUSE/);
      await b.close();
    } finally {
      await a.server.close();
    }
  });

  it('can be closed without ever listening', async () => {
    const engine = new FakeEngine();
    const server = new ApiServer({ engine, logger: silentLogger() });
    await server.close();
    expect(engine.listenerCount()).toBe(0);
  });

  it('binds loopback by default and warns when told to bind another address', async () => {
    const lines: string[] = [];
    const sink = new Writable({
      write(chunk: Buffer, _enc, done) {
        lines.push(chunk.toString());
        done();
      },
    });
    const logger = pino({ level: 'warn' }, sink);
    const local = new ApiServer({ engine: new FakeEngine(), logger });
    const bound = await local.listen();
    expect(bound.host).toBe('127.0.0.1');
    expect(bound.url).toBe(`http://127.0.0.1:${bound.port}`);
    await local.close();
    expect(lines).toEqual([]);
    const open = new ApiServer({ engine: new FakeEngine(), logger });
    await open.listen({ host: '0.0.0.0', port: 0 });
    await open.close();
    expect(lines.join('')).toMatch(/non-loopback/);
  });

  it('knows which hosts are loopback', () => {
    for (const host of ['127.0.0.1', '127.1.2.3', '::1', 'localhost', '::ffff:127.0.0.1']) expect(isLoopback(host), host).toBe(true);
    for (const host of ['0.0.0.0', '::', '192.168.1.5', 'example.com', '128.0.0.1']) expect(isLoopback(host), host).toBe(false);
  });
});
