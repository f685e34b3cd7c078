import { readFile, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { FAKE_AGENT_COMMAND } from '../fixtures/fake-pty-agent/helpers.js';
import { ApiProbe } from './api-probe.js';
import type { BatonProcess } from './baton-process.js';
import { FaultScene } from './fault-scene.js';

const FLOOD_BYTES = 200 * 1024 * 1024;

/**
 * Far above what the engine should hold for one run (it keeps a screen, a bounded tail and the raw
 * log on disk, never the output itself), far below what holding 200 MB a few times over would take.
 */
const MAX_ENGINE_RSS_BYTES = 600 * 1024 * 1024;

let scene: FaultScene | null = null;
afterEach(async () => {
  await scene?.dispose();
  scene = null;
});

/** Peak resident memory of the engine while `until` runs (Linux: /proc; elsewhere null). */
async function peakRss(engine: BatonProcess, done: () => Promise<boolean>): Promise<number | null> {
  let peak: number | null = null;
  while (!(await done())) {
    const status = await readFile(`/proc/${engine.pid}/status`, 'utf8').catch(() => null);
    const kb = status === null ? null : Number(/VmRSS:\s+(\d+) kB/.exec(status)?.[1]);
    if (kb !== null && Number.isFinite(kb)) peak = Math.max(peak ?? 0, kb * 1024);
    await new Promise((r) => setTimeout(r, 200));
  }
  return peak;
}

/**
 * An agent prints 200 MB. The engine must stay responsive (the API answers all along), keep its
 * memory bounded, keep the output on disk in the raw log, and carry on with the run: the ticket
 * reaches review with the agent's work.
 */
describe('an agent that prints 200 MB', { timeout: 300_000 }, () => {
  it('a pty agent: the run goes on, the raw log has it all, memory stays bounded, the API answers', async () => {
    scene = await FaultScene.create({ frontMatter: `agent:\n  kind: pty\npty:\n  command: ${JSON.stringify(FAKE_AGENT_COMMAND)}` });
    const engine = await scene.launch({ env: { FAKE_PTY_FLOOD_BYTES: String(FLOOD_BYTES), FAKE_PTY_WRITE_FILE: 'work.txt' } });
    const probe = new ApiProbe(engine);
    await engine.createTicket('Prints a lot');
    const peak = await peakRss(engine, async () => (await engine.runs('BAT-1'))[0]?.ended_at != null);
    const report = await probe.stop();

    expect((await engine.runs('BAT-1')).map((r) => r.status)).toEqual(['handed_off']);
    expect(await readFile(path.join(scene.workspace('BAT-1'), 'work.txt'), 'utf8')).toBe('worked on BAT-1\n');
    const run = (await engine.runs('BAT-1'))[0]!;
    const sessionLog = (await engine.events('BAT-1')).find((e) => e.kind === 'session_started')?.session_id ?? run.run_id;
    expect((await stat(path.join(scene.dir, '.baton', 'sessions', `${sessionLog}.log`))).size).toBeGreaterThan(FLOOD_BYTES);
    if (peak !== null) expect(peak).toBeLessThan(MAX_ENGINE_RSS_BYTES);
    expect(report.failures).toEqual([]);
    expect(await scene.settledLeftovers()).toEqual([]);
  });

  it('a codex agent streaming 200 MB of command output: the same', async () => {
    scene = await FaultScene.create({
      agent: () => [{ write: { path: 'work.txt', content: 'work\n' } }, { flood: { bytes: FLOOD_BYTES } }, { message: 'done' }],
    });
    const engine = await scene.launch();
    const probe = new ApiProbe(engine);
    await engine.createTicket('Prints a lot');
    const peak = await peakRss(engine, async () => (await engine.runs('BAT-1'))[0]?.ended_at != null);
    const report = await probe.stop();

    expect((await engine.runs('BAT-1')).map((r) => r.status)).toEqual(['handed_off']);
    expect(await readFile(path.join(scene.workspace('BAT-1'), 'work.txt'), 'utf8')).toBe('work\n');
    const run = (await engine.runs('BAT-1'))[0]!;
    expect((await stat(path.join(scene.dir, '.baton', 'sessions', `${run.run_id}.log`))).size).toBeGreaterThan(FLOOD_BYTES);
    if (peak !== null) expect(peak).toBeLessThan(MAX_ENGINE_RSS_BYTES);
    expect(report.failures).toEqual([]);
    expect(await scene.settledLeftovers()).toEqual([]);
    await scene!.until('the API to list the run', async () => (await engine.events('BAT-1')).some((e) => e.kind === 'run_ended'));
  });
});
