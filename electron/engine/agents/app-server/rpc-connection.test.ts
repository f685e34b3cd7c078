import { describe, expect, it } from 'vitest';
import { systemClock } from '../../lib/clock.js';
import { RpcConnection, type RpcReply } from './rpc-connection.js';

function setup(onRequest: (method: string, params: unknown) => Promise<RpcReply> = async () => ({ result: {} }), readTimeoutMs = 1_000) {
  const sent: Array<Record<string, unknown>> = [];
  const notifications: Array<[string, unknown]> = [];
  const malformed: string[] = [];
  const rpc = new RpcConnection({
    send: (line) => sent.push(JSON.parse(line) as Record<string, unknown>),
    clock: systemClock,
    readTimeoutMs,
    handlers: {
      onNotification: (method, params) => notifications.push([method, params]),
      onRequest: (method, params) => onRequest(method, params),
      onMalformed: (_line, reason) => malformed.push(reason),
    },
  });
  return { rpc, sent, notifications, malformed };
}

describe('RpcConnection', () => {
  it('sends requests with fresh ids and no jsonrpc field, and matches responses by id', async () => {
    const { rpc, sent } = setup();
    const a = rpc.request('initialize', { x: 1 });
    const b = rpc.request('thread/start', {});
    expect(sent).toEqual([
      { id: 1, method: 'initialize', params: { x: 1 } },
      { id: 2, method: 'thread/start', params: {} },
    ]);
    rpc.handleLine('{"id":2,"result":{"thread":{"id":"t"}}}');
    rpc.handleLine('{"jsonrpc":"2.0","id":1,"result":{"userAgent":"x"}}');
    expect(await a).toEqual({ ok: true, value: { userAgent: 'x' } });
    expect(await b).toEqual({ ok: true, value: { thread: { id: 't' } } });
    expect(rpc.pendingCount).toBe(0);
  });

  it('turns an error response into response_error', async () => {
    const { rpc } = setup();
    const pending = rpc.request('thread/start', {});
    rpc.handleLine('{"id":1,"error":{"code":-32600,"message":"Not initialized"}}');
    expect(await pending).toMatchObject({ ok: false, error: { code: 'response_error', message: 'thread/start failed: Not initialized', details: { code: -32600 } } });
  });

  it('times a request out with response_timeout', async () => {
    const { rpc } = setup(undefined, 30);
    expect(await rpc.request('initialize', {})).toMatchObject({ ok: false, error: { code: 'response_timeout', details: { method: 'initialize', timeout_ms: 30 } } });
    expect(rpc.pendingCount).toBe(0);
  });

  it('dispatches notifications in order even while a response is pending', async () => {
    const { rpc, notifications } = setup();
    const pending = rpc.request('turn/start', {});
    rpc.handleLine('{"method":"turn/started","params":{"n":1}}');
    rpc.handleLine('{"method":"item/started","params":{"n":2}}');
    rpc.handleLine('{"id":1,"result":{}}');
    await pending;
    expect(notifications).toEqual([
      ['turn/started', { n: 1 }],
      ['item/started', { n: 2 }],
    ]);
  });

  it("answers server requests under the server's id, with the handler's result or error", async () => {
    const { rpc, sent } = setup(async (method) => (method === 'ok' ? { result: { decision: 'accept' } } : { error: { code: -32601, message: 'nope' } }));
    rpc.handleLine('{"id":"srv-1","method":"ok","params":{}}');
    rpc.handleLine('{"id":7,"method":"other","params":{}}');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([
      { id: 'srv-1', result: { decision: 'accept' } },
      { id: 7, error: { code: -32601, message: 'nope' } },
    ]);
  });

  it('answers -32603 when the request handler throws', async () => {
    const { rpc, sent } = setup(async () => {
      throw new Error('boom');
    });
    rpc.handleLine('{"id":3,"method":"x"}');
    await new Promise((resolve) => setImmediate(resolve));
    expect(sent).toEqual([{ id: 3, error: { code: -32603, message: 'boom' } }]);
  });

  it('reports malformed lines without throwing', () => {
    const { rpc, malformed } = setup();
    rpc.handleLine('not json');
    rpc.handleLine('42');
    rpc.handleLine('{"foo":1}');
    rpc.handleLine('{"id":99,"result":{}}');
    rpc.handleLine('   ');
    expect(malformed).toEqual([expect.stringContaining('invalid JSON'), 'not a JSON object', 'neither a request, a response nor a notification', 'response to unknown request id 99']);
  });

  it('fails pending and later requests with the close error', async () => {
    const { rpc, sent } = setup();
    const pending = rpc.request('turn/start', {});
    rpc.close({ code: 'port_exit', message: 'gone' });
    expect(await pending).toEqual({ ok: false, error: { code: 'port_exit', message: 'gone' } });
    expect(await rpc.request('x', {})).toEqual({ ok: false, error: { code: 'port_exit', message: 'gone' } });
    rpc.notify('initialized', {});
    expect(sent).toHaveLength(1);
  });
});
