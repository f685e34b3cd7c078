import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { Issue } from '../../../shared/domain/issue.js';
import { testConfig } from '../../../test/fixtures/service-config.js';
import { systemClock } from '../lib/clock.js';
import { LocalTracker } from '../tracker/local/local-tracker.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import type { RunContext } from './run-context.js';
import { afterTurn } from './turn-end.js';

/** SPEC §16.5 continuation: after each turn the issue must still be active *and* routable. */
describe('afterTurn continuation checks', () => {
  let dir: string;
  let tracker: LocalTracker;
  let config: ServiceConfig;

  beforeEach(() => {
    dir = mkdtempSync(path.join(os.tmpdir(), 'turn-end-'));
    // No handoff state: the spec's own continuation (another turn while the issue stays eligible).
    config = testConfig({ tracker: { required_labels: ['symphony'] }, agent: { handoff_state: null, working_state: null, max_turns: 5 } });
    const settings = () => ({ states: config.tracker.states, active_states: config.tracker.active_states, terminal_states: config.tracker.terminal_states });
    const opened = LocalTracker.open({ path: path.join(dir, 'tickets.db'), prefix: 'BAT', settings, clock: systemClock });
    if (!opened.ok) throw new Error(opened.error.message);
    tracker = opened.value;
  });

  afterEach(() => {
    tracker.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  function context(issue: Issue): RunContext {
    const seen: Issue[] = [];
    return { config, issue, tracker, recorder: { setIssue: (i: Issue) => seen.push(i) } } as unknown as RunContext;
  }

  async function created(labels: string[]): Promise<Issue> {
    const made = await tracker.createIssue({ title: 'work', labels });
    if (!made.ok) throw new Error(made.error.message);
    return made.value;
  }

  it('continues while the issue keeps every required label', async () => {
    const issue = await created(['Symphony']);
    expect(await afterTurn(context(issue), 1)).toEqual({ ok: true, value: 'continue' });
  });

  it('ends the attempt when a required label was removed during the turn', async () => {
    const issue = await created(['symphony']);
    await tracker.updateIssue(issue.identifier, { labels: [] });
    const ctx = context(issue);
    expect(await afterTurn(ctx, 1)).toEqual({ ok: true, value: 'done' });
    expect(ctx.issue.labels).toEqual([]);
  });

  it('ends the attempt when the adapter now says dispatchable=false (a Todo issue gained an open blocker)', async () => {
    const blocker = await created(['symphony']);
    const issue = await created(['symphony']);
    await tracker.setBlockers(issue.identifier, [blocker.identifier]);
    expect(await afterTurn(context(issue), 1)).toEqual({ ok: true, value: 'done' });
  });

  it('ends the attempt when the tracker no longer returns the issue', async () => {
    const issue = await created(['symphony']);
    expect(await afterTurn(context({ ...issue, id: 'gone' }), 1)).toEqual({ ok: true, value: 'done' });
  });
});
