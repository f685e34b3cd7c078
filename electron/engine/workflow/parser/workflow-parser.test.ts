import { afterEach, describe, expect, it } from 'vitest';
import { ManualClock } from '../../../../test/mocks/manual-clock.js';
import { WorkflowParser } from './workflow-parser.js';

/** Dense output tags: the shape liquidjs parses slowest (seconds at a few hundred KB). */
function slowTemplate(kb: number): string {
  return '{{ issue.title }} '.repeat(Math.floor((kb * 1024) / 18));
}

const parsers: WorkflowParser[] = [];
afterEach(() => {
  for (const p of parsers.splice(0)) p.dispose();
});

function parser(options: ConstructorParameters<typeof WorkflowParser>[0] = {}): WorkflowParser {
  const made = new WorkflowParser(options);
  parsers.push(made);
  return made;
}

describe('WorkflowParser', () => {
  it('parses YAML front matter to plain data, and reports a syntax error with its position', async () => {
    const p = parser();
    expect(await p.yaml('agent:\n  max_turns: 3\nlist: [a, b]\n')).toEqual({ ok: true, value: { ok: true, value: { agent: { max_turns: 3 }, list: ['a', 'b'] } } });
    const broken = await p.yaml('a: 1\nb: [\n');
    expect(broken.ok && broken.value).toMatchObject({ ok: false, line: expect.any(Number), message: expect.any(String) });
    const alias = await p.yaml('a: *nothing\n');
    expect(alias.ok && !alias.value.ok).toBe(true);
  });

  it('checks templates and renders them strictly', async () => {
    const p = parser();
    expect(await p.checkTemplate('Hi {{ issue.title }}')).toEqual({ ok: true, value: null });
    expect(await p.checkTemplate('{% if x %}never closed')).toMatchObject({ ok: true, value: { phase: 'parse' } });
    expect(await p.render('Hi {{ issue.title }}', { issue: { title: 'T' } })).toEqual({ ok: true, value: 'Hi T' });
    expect(await p.render('Hi {{ ticket.title }}', { issue: { title: 'T' } })).toMatchObject({ ok: true, value: { phase: 'render', message: expect.stringContaining('ticket') } });
  });

  it('keeps the caller\'s event loop turning while a slow template parses (issue 7 M1: 9.7 s on the event loop for 4 MB)', async () => {
    const p = parser();
    let done = false;
    const parsed = p.checkTemplate(slowTemplate(100)).then((r) => {
      done = true;
      return r;
    });
    let turns = 0;
    while (!done) {
      await new Promise<void>((resolve) => setImmediate(resolve));
      turns += 1;
    }
    expect(await parsed).toEqual({ ok: true, value: null });
    // Parsed on this thread, the check would have finished inside one turn.
    expect(turns).toBeGreaterThan(100);
  });

  it('ends a request that outlives its deadline with workflow_parse_timeout, and serves the next one with a fresh worker', async () => {
    const clock = new ManualClock();
    const p = parser({ clock, timeoutMs: 1_000 });
    const slow = p.checkTemplate(slowTemplate(200));
    await clock.advance(1_000);
    expect(await slow).toMatchObject({ ok: false, error: { code: 'workflow_parse_timeout' } });
    const next = p.checkTemplate('fine {{ issue.title }}');
    expect(await next).toEqual({ ok: true, value: null });
    expect(clock.pending()).toBe(0);
  });

  it('answers service_unavailable after dispose, and fails what was waiting', async () => {
    const p = parser();
    const waiting = p.checkTemplate(slowTemplate(100));
    p.dispose();
    expect(await waiting).toMatchObject({ ok: false, error: { code: 'service_unavailable' } });
    expect(await p.yaml('a: 1')).toMatchObject({ ok: false, error: { code: 'service_unavailable' } });
  });
});
