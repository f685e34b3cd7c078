import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { systemClock } from '../../electron/engine/lib/clock.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { Store } from '../../electron/engine/store/store.js';

const EVENTS = 20_000;
const ISSUES = ['BAT-1', 'BAT-2', 'BAT-3', 'BAT-4'];

function openStore(path: string): Store {
  const opened = Store.open({ path, clock: systemClock, logger: silentLogger() });
  if (!opened.ok) throw new Error(opened.error.message);
  return opened.value;
}

/** Pages through one issue's events the way the API does, with ?after=<last seq>. */
function readAll(store: Store, identifier: string): TraceEvent[] {
  const out: TraceEvent[] = [];
  for (;;) {
    const page = store.traces.listEvents({ issue_identifier: identifier, after: out.at(-1)?.seq ?? 0, limit: 5000 });
    if (!page.ok) throw new Error(page.error.message);
    if (page.value.length === 0) return out;
    out.push(...page.value);
  }
}

describe('history store across restarts', () => {
  let dir: string;
  let path: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-history-'));
    path = join(dir, '.baton', 'state.db');
  });
  afterEach(() => rmSync(dir, { recursive: true, force: true }));

  it('keeps 20,000 trace events in order and continues seq after reopening', () => {
    const first = openStore(path);
    for (let i = 0; i < EVENTS; i++) {
      const identifier = ISSUES[i % ISSUES.length] as string;
      const appended = first.traces.append({
        issue_id: `id-${identifier}`,
        issue_identifier: identifier,
        run_id: `run-${identifier}`,
        session_id: 'thread-turn',
        at: new Date(Date.UTC(2026, 0, 1) + i).toISOString(),
        kind: 'message',
        summary: `message ${i}`,
        data: { i, text: 'x'.repeat(200) },
      });
      expect(appended.seq).toBe(i + 1);
    }
    first.dispose();

    const second = openStore(path);
    let total = 0;
    for (const [k, identifier] of ISSUES.entries()) {
      const events = readAll(second, identifier);
      total += events.length;
      expect(events.length).toBe(EVENTS / ISSUES.length);
      events.forEach((e, j) => {
        const i = k + j * ISSUES.length;
        expect(e.seq).toBe(i + 1);
        expect(e.data).toEqual({ i, text: 'x'.repeat(200) });
      });
    }
    expect(total).toBe(EVENTS);
    const next = second.traces.append({
      issue_id: 'id-BAT-1', issue_identifier: 'BAT-1', run_id: 'run-2', session_id: null,
      at: new Date().toISOString(), kind: 'run_started', summary: 'after restart', data: {},
    });
    expect(next.seq).toBe(EVENTS + 1);
    second.dispose();
  });

  it('closes runs interrupted by a restart and keeps today\'s tokens and the audit log', () => {
    const first = openStore(path);
    first.runs.startRun({ run_id: 'r1', issue_id: 'id-1', issue_identifier: 'BAT-1', attempt: null, started_at: '2026-01-01T00:00:00.000Z' });
    first.tokens.recordTokens('2026-01-01', { input_tokens: 7, output_tokens: 3, total_tokens: 10 });
    first.actions.recordAction({ at: '2026-01-01T00:00:00.000Z', actor: 'operator', action: 'run.start', target: 'BAT-1' });
    first.dispose();

    const second = openStore(path);
    expect(second.runs.markInterruptedRuns('2026-01-01T01:00:00.000Z')).toEqual({ ok: true, value: 1 });
    const runs = second.runs.listRuns('BAT-1');
    expect(runs.ok && runs.value[0]).toMatchObject({ status: 'canceled', error: 'engine restarted' });
    expect(second.tokens.tokensForDay('2026-01-01')).toEqual({ ok: true, value: { input_tokens: 7, output_tokens: 3, total_tokens: 10 } });
    const actions = second.actions.listActions();
    expect(actions.ok && actions.value.map((a) => a.action)).toEqual(['run.start']);
    second.dispose();
  });
});
