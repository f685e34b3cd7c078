import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DEMO_AGENT } from './demo-harness.js';

type Message = Record<string, unknown> & { id?: number | string; method?: string; params?: Record<string, unknown>; result?: Record<string, unknown>; error?: { code: number; message: string } };

/** The demo agent on raw stdio: what a client sees line by line. */
class RawAgent {
  readonly received: Message[] = [];
  readonly stderr: string[] = [];
  readonly exit: Promise<number | null>;
  private waiters: Array<() => void> = [];

  constructor(readonly child: ChildProcess) {
    createInterface({ input: child.stdout! }).on('line', (line) => {
      this.received.push(JSON.parse(line) as Message);
      for (const wake of this.waiters.splice(0)) wake();
    });
    child.stderr!.on('data', (d: Buffer) => this.stderr.push(d.toString()));
    this.exit = new Promise((resolve) => child.once('exit', (code) => resolve(code)));
  }

  send(message: unknown): void {
    this.child.stdin!.write(`${typeof message === 'string' ? message : JSON.stringify(message)}\n`);
  }

  async waitFor(match: (m: Message) => boolean, timeoutMs = 10_000): Promise<Message> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.received.find(match);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no matching message; got ${JSON.stringify(this.received.slice(-5))}`);
      await new Promise<void>((resolve) => {
        this.waiters.push(resolve);
        setTimeout(resolve, 50);
      });
    }
  }

  reply(id: number | string): Promise<Message> {
    return this.waitFor((m) => m.id === id && (m.result !== undefined || m.error !== undefined) && m.method === undefined);
  }
}

let cwd = '';
let agent: RawAgent | null = null;
beforeEach(async () => {
  cwd = await mkdtemp(path.join(os.tmpdir(), 'baton-demo-protocol-'));
});
afterEach(async () => {
  if (agent && agent.child.exitCode === null) agent.child.kill('SIGKILL');
  agent = null;
  await rm(cwd, { recursive: true, force: true });
});

function start(paceMs: number): RawAgent {
  const child = spawn(process.execPath, [DEMO_AGENT], { cwd, env: { PATH: process.env.PATH, BATON_DEMO_AGENT_PACE_MS: String(paceMs) }, stdio: ['pipe', 'pipe', 'pipe'] });
  agent = new RawAgent(child);
  return agent;
}

async function handshake(a: RawAgent, experimentalApi = true): Promise<void> {
  a.send({ id: 1, method: 'initialize', params: { clientInfo: { name: 'test', version: '0' }, capabilities: { experimentalApi } } });
  await a.reply(1);
  a.send({ method: 'initialized', params: {} });
}

describe('the demo agent speaks codex app-server v2 on raw stdio', () => {
  it('refuses requests before initialize and a second initialize, and names itself as scripted', async () => {
    const a = start(0);
    a.send({ id: 'early', method: 'thread/start', params: {} });
    expect((await a.reply('early')).error).toEqual({ code: -32600, message: 'Not initialized' });
    // The jsonrpc field is tolerated on input and never sent.
    a.send({ jsonrpc: '2.0', id: 1, method: 'initialize', params: { clientInfo: { name: 't', version: '0' }, capabilities: null } });
    const init = await a.reply(1);
    expect(init.result!.userAgent).toMatch(/scripted demo agent: no model/);
    expect(init).not.toHaveProperty('jsonrpc');
    a.send({ id: 2, method: 'initialize', params: {} });
    expect((await a.reply(2)).error!.message).toBe('Already initialized');
    // Without experimentalApi, dynamic tools are refused like codex does.
    a.send({ id: 3, method: 'thread/start', params: { dynamicTools: [{ name: 'baton_tracker', description: 'x', inputSchema: {} }] } });
    expect((await a.reply(3)).error!.message).toBe('thread/start.dynamicTools requires experimentalApi capability');
    a.send({ id: 4, method: 'thread/fork', params: {} });
    expect((await a.reply(4)).error!.code).toBe(-32601);
  });

  it('ignores garbage lines, answers thread/start then sends thread/started, and exits 0 when stdin closes', async () => {
    const a = start(0);
    a.send('this is not json');
    a.send('[1,2]');
    await handshake(a);
    a.send({ id: 2, method: 'thread/start', params: { cwd, approvalPolicy: 'never' } });
    const started = await a.reply(2);
    const thread = started.result!.thread as { id: string; cwd: string };
    expect(thread.cwd).toBe(cwd);
    expect(started.result!.model).toMatch(/scripted-demo-agent/);
    const notified = await a.waitFor((m) => m.method === 'thread/started');
    expect(a.received.indexOf(notified)).toBeGreaterThan(a.received.indexOf(started));
    expect(a.stderr.join('')).toContain('not JSON');
    a.child.stdin!.end();
    expect(await a.exit).toBe(0);
  });

  it('turn/interrupt ends the running turn as interrupted, and the next turn/start is accepted', async () => {
    const a = start(60_000);
    await handshake(a);
    a.send({ id: 2, method: 'thread/start', params: { cwd } });
    const threadId = ((await a.reply(2)).result!.thread as { id: string }).id;
    a.send({ id: 3, method: 'turn/start', params: { threadId, input: [{ type: 'text', text: 'You are working on ticket DEMO-1: Something' }] } });
    const turnId = ((await a.reply(3)).result!.turn as { id: string }).id;
    await a.waitFor((m) => m.method === 'turn/started');
    a.send({ id: 4, method: 'turn/start', params: { threadId, input: [] } });
    expect((await a.reply(4)).error!.message).toBe('a turn is already running on this thread');

    a.send({ id: 5, method: 'turn/interrupt', params: { threadId, turnId } });
    expect((await a.reply(5)).result).toEqual({});
    const completed = await a.waitFor((m) => m.method === 'turn/completed');
    expect(completed.params).toEqual({ threadId, turn: { id: turnId, items: [], status: 'interrupted', error: null } });

    a.send({ id: 6, method: 'turn/start', params: { threadId, input: [{ type: 'text', text: 'again' }] } });
    expect(((await a.reply(6)).result!.turn as { id: string; status: string })).toEqual({ id: 'turn_2', items: [], status: 'inProgress', error: null });
  });
});
