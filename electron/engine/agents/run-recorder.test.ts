import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain/issue.js';
import type { TraceEvent } from '../../../shared/domain/trace.js';
import { EngineEvents } from '../engine-events.js';
import { systemClock } from '../lib/clock.js';
import { silentLogger } from '../lib/logger.js';
import { Store } from '../store/store.js';
import { TerminalRegistry } from '../terminals/terminal-registry.js';
import { RunRecorder } from './run-recorder.js';

const issue: Issue = {
  id: 'id-1', identifier: 'BAT-1', title: 'T', description: null, priority: null, state: 'Todo', branch_name: null,
  url: null, labels: [], blocked_by: [], native_ref: null, assignee_id: null, dispatchable: true, created_at: null, updated_at: null,
};
const sink = { update: () => {}, exit: () => {} };

let dir: string;
let store: Store;
let terminals: TerminalRegistry;
let events: EngineEvents;
let traced: TraceEvent[];

beforeEach(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'baton-recorder-'));
  const opened = Store.open({ path: path.join(dir, 'state.db'), clock: systemClock, logger: silentLogger() });
  if (!opened.ok) throw new Error(opened.error.message);
  store = opened.value;
  terminals = new TerminalRegistry({ rawLogDir: null });
  events = new EngineEvents();
  traced = [];
  events.trace.on((e) => traced.push(e));
});

afterEach(async () => {
  await terminals.dispose();
  store.dispose();
  await rm(dir, { recursive: true, force: true });
});

function recorder(withTerminals = true): RunRecorder {
  const deps = { store, events, sink, clock: systemClock, logger: silentLogger(), ...(withTerminals ? { terminals } : {}) };
  return new RunRecorder(deps, issue, 'run-1');
}

function terminal(id: string) {
  const created = terminals.create({ id, issue_identifier: 'BAT-1', kind: 'agent', title: 't', cols: 80, rows: 24 });
  if (!created.ok) throw new Error(created.error.message);
  return created.value;
}

const agentEvent = (session_id: string | null) => ({ at: Date.now(), kind: 'message' as const, event: 'agent_message', summary: 'hi', data: { text: 'hi' }, session_id });

describe('RunRecorder terminal positions', () => {
  it('stamps events of a codex run with its terminal (id = run id) and the output offset at that moment', () => {
    const rec = recorder();
    rec.engine('workspace_ready', 'workspace_ready', 'ready');
    const term = terminal('run-1');
    term.write('hello ');
    rec.agent(agentEvent('thr-1'));
    term.write('world');
    rec.agent(agentEvent('thr-1'));
    expect(traced.map((e) => [e.data.terminal_id, e.data.terminal_offset])).toEqual([
      [undefined, undefined],
      ['run-1', 6],
      ['run-1', 11],
    ]);
    expect(traced[1]?.data.text).toBe('hi');
  });

  it('finds the terminal of a pty run by its session id', () => {
    const rec = recorder();
    const term = terminal('sess-9');
    term.write('x'.repeat(42));
    rec.agent(agentEvent('sess-9'));
    rec.engine('handoff', 'handoff', 'moved');
    expect(traced.map((e) => [e.data.terminal_id, e.data.terminal_offset])).toEqual([
      ['sess-9', 42],
      ['sess-9', 42],
    ]);
  });

  it('adds nothing without a registry or without a terminal', () => {
    terminal('unrelated').write('abc');
    recorder().agent(agentEvent('other-session'));
    terminal('run-1').write('abc');
    recorder(false).agent(agentEvent(null));
    expect(traced).toHaveLength(2);
    for (const e of traced) expect(Object.keys(e.data).sort()).toEqual(['event', 'text']);
  });
});
