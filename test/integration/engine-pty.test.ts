import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_AGENT_COMMAND } from '../fixtures/fake-pty-agent/helpers.js';
import { EngineHarness } from './engine-harness.js';
import { isGone } from './workspace-helpers.js';

/**
 * `agent.kind: pty` end to end: the engine runs the fake CLI agent in a real pty in a real worktree.
 * The fake's behaviour is switched by env vars, which reach it from the engine's own environment.
 */
/** Generous: the machine may be shared with benchmarks; polls return as soon as the condition holds. */
const WAIT = { timeout: 30_000, interval: 50 };
const PTY_FRONT_MATTER = ['agent:', '  kind: pty', 'pty:', `  command: ${JSON.stringify(FAKE_AGENT_COMMAND)}`].join('\n');

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

describe('agent.kind pty through the engine', { timeout: 90_000 }, () => {
  it('runs the CLI in the worktree, which writes a real file, and hands the ticket off', async () => {
    h = await EngineHarness.start({ frontMatter: PTY_FRONT_MATTER, env: { FAKE_PTY_WRITE_FILE: 'pty-output.txt' } });
    await h.api('POST', '/api/v1/tickets', { title: 'Terminal work' });
    const harness = h;
    await expect.poll(async () => (await harness.ticket('BAT-1')).state, WAIT).toBe('Human Review');
    await expect.poll(() => harness.runsEnded('BAT-1'), WAIT).toBe(1);

    const worktree = path.join(h.dir, 'workspaces', 'BAT-1');
    expect(await readFile(path.join(worktree, 'pty-output.txt'), 'utf8')).toBe('worked on BAT-1\n');

    const events = await h.events('BAT-1');
    const started = events.find((e) => e.kind === 'session_started');
    expect(started?.data).toMatchObject({ cwd: worktree });
    expect(started?.data.pid).toEqual(expect.any(Number));
    expect(await isGone(started!.data.pid as number)).toBe(true);
    expect(events.find((e) => e.kind === 'turn_completed')?.summary).toBe('pty agent exited with code 0');
    expect(events.some((e) => e.kind === 'handoff')).toBe(true);
    const runs = h.engine.store.runs.listRuns('BAT-1');
    expect(runs.ok ? runs.value.map((r) => [r.agent_kind, r.status]) : runs.error).toEqual([['pty', 'handed_off']]);

    // The run's terminal holds what the CLI printed, prompt included.
    const terminal = h.engine.terminals.list().find((t) => t.issue_identifier === 'BAT-1');
    expect(terminal).toMatchObject({ exited: true, exit_code: 0 });
    const screen = h.engine.terminals.get(terminal!.id)!.lastLines(40).join('\n');
    expect(screen).toContain('PROMPT_FIRST_LINE: Work on BAT-1: Terminal work');
    expect(screen).toContain(`ISSUE: BAT-1 WORKSPACE: ${worktree}`);
    expect(screen).toContain('FAKE_AGENT_DONE');
  });

  it('a CLI exiting non-zero shows under retrying with agent_exit and its last output', async () => {
    h = await EngineHarness.start({ frontMatter: PTY_FRONT_MATTER, env: { FAKE_PTY_EXIT_CODE: '3' } });
    await h.api('POST', '/api/v1/tickets', { title: 'Doomed terminal work' });
    const harness = h;
    await expect.poll(async () => (await harness.state()).retrying.length, WAIT).toBe(1);
    const row = (await h.state()).retrying[0]!;
    expect(row).toMatchObject({ issue_identifier: 'BAT-1', attempt: 1 });
    expect(row.error).toContain('agent_exit');
    expect(row.error).toContain('exited with code 3');
    expect(row.error).toContain('FAKE_AGENT_DONE');
    expect((await h.ticket('BAT-1')).state).toBe('In Progress');
    const runs = h.engine.store.runs.listRuns('BAT-1');
    expect(runs.ok ? runs.value.map((r) => r.status) : runs.error).toEqual(['failed']);
  });
});
