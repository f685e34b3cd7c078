import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './engine-harness.js';

const WAIT = { timeout: 30_000, interval: 50 };

let h: EngineHarness | null = null;
afterEach(async () => {
  await h?.dispose();
  h = null;
});

const hooks = (lines: string) => `hooks:\n${lines.split('\n').map((l) => `  ${l}`).join('\n')}`;

describe('workspace hooks inside a run (SPEC §9.4, §17.2)', () => {
  it.each([
    { name: 'fails', before: 'before_run: "echo no database >&2; exit 7"', code: 'hook_failed' },
    { name: 'times out', before: 'before_run: "sleep 30"\ntimeout_ms: 300', code: 'hook_timeout' },
  ])('a before_run hook that $name aborts the attempt before any agent starts and is retried', async ({ before, code }) => {
    h = await EngineHarness.start({ scenario: 'happy', git: false, frontMatter: hooks(before) });
    await h.api('POST', '/api/v1/tickets', { title: 'Needs a database' });
    const harness = h;
    await expect.poll(async () => (await harness.state()).retrying[0]?.error ?? '', WAIT).toContain(code);
    await expect.poll(() => harness.runsEnded('BAT-1'), WAIT).toBe(1);
    const events = await h.events('BAT-1');
    expect(events.some((e) => e.data.event === 'session_started')).toBe(false);
    expect(events.find((e) => e.kind === 'hook')).toMatchObject({ data: { hook: 'before_run', code } });
  });

  it('after_run runs after the attempt; its failure is recorded and ignored', async () => {
    h = await EngineHarness.start({ scenario: 'happy', git: false, frontMatter: hooks('after_run: "test -f src/hello.txt && echo saw the agent file; exit 5"') });
    await h.api('POST', '/api/v1/tickets', { title: 'Clean up after me' });
    const harness = h;
    await expect.poll(() => harness.runsEnded('BAT-1'), WAIT).toBe(1);
    expect((await h.ticket('BAT-1')).state).toBe('Human Review');
    const events = await h.events('BAT-1');
    const afterRun = events.find((e) => e.kind === 'hook' && e.data.hook === 'after_run');
    expect(afterRun).toMatchObject({ data: { code: 'hook_failed' } });
    expect(String(afterRun?.data.output)).toContain('saw the agent file');
    const order = events.map((e) => String(e.data.event));
    expect(order.indexOf('after_run')).toBeGreaterThan(order.indexOf('turn_completed'));
    expect((await h.state()).retrying).toEqual([]);
    const runs = h.engine.store.runs.listRuns('BAT-1');
    expect(runs.ok && runs.value.map((r) => r.status)).toEqual(['handed_off']);
  });
});
