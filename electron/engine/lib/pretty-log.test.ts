import { Writable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { createLogger } from './logger.js';
import { chooseLogFormat, colorWanted, prettyLogStream } from './pretty-log.js';

function memory(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  return { stream: new Writable({ write: (c, _e, done) => (chunks.push(String(c)), done()) }), text: () => chunks.join('') };
}

const flush = () => new Promise((r) => setImmediate(r));
const ESC = '\u001b[';

describe('prettyLogStream', () => {
  it('turns each JSON line into one short line: time, level, the ticket, the message, the rest', async () => {
    const out = memory();
    const logger = createLogger({ destination: out.stream, format: 'pretty' });
    logger.child({ issue_id: 'uuid-1', issue_identifier: 'DEMO-3', run_id: 'uuid-2' }).info({ workspace_key: 'DEMO-3', workspace_path: '/tmp/ws/DEMO-3', created_now: true }, 'workspace ready');
    logger.warn({ error: 'response_timeout: no answer' }, 'retry scheduled');
    await flush();
    const lines = out.text().trimEnd().split('\n');
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^\[\d\d:\d\d:\d\d\] INFO: DEMO-3 workspace ready \{"workspace_path":"\/tmp\/ws\/DEMO-3","created_now":true\}$/);
    expect(lines[1]).toMatch(/^\[\d\d:\d\d:\d\d\] WARN: retry scheduled \{"error":"response_timeout: no answer"\}$/);
    expect(out.text()).not.toContain(ESC);
    expect(out.text()).not.toContain('uuid-');
  });

  it('colors the level when asked', async () => {
    const out = memory();
    createLogger({ destination: out.stream, format: 'pretty', color: true }).error('boom');
    await flush();
    expect(out.text()).toContain(ESC);
    expect(out.text()).toContain('boom');
  });

  it('passes a line that is not JSON through as it is', async () => {
    const out = memory();
    const stream = prettyLogStream(out.stream, { color: false });
    stream.write('not json\n');
    await flush();
    expect(out.text()).toBe('not json\n');
  });

  it('fails like its output when its output fails, so the sinks drop it', async () => {
    const broken = new Writable({ write: (_c, _e, done) => done(new Error('write EPIPE')) });
    const stream = prettyLogStream(broken, { color: false });
    const failed = new Promise<Error>((resolve) => stream.once('error', resolve));
    stream.write('{"level":30,"time":1,"msg":"x"}\n');
    expect((await failed).message).toBe('write EPIPE');
  });

  it('keeps JSON by default and for the log file', async () => {
    const out = memory();
    createLogger({ destination: out.stream }).info('plain');
    await flush();
    expect(JSON.parse(out.text())).toMatchObject({ level: 30, msg: 'plain' });
  });
});

describe('chooseLogFormat and colorWanted', () => {
  it('is pretty on a terminal and JSON elsewhere, unless asked', () => {
    expect(chooseLogFormat(undefined, true)).toBe('pretty');
    expect(chooseLogFormat(undefined, false)).toBe('json');
    expect(chooseLogFormat('json', true)).toBe('json');
    expect(chooseLogFormat('pretty', false)).toBe('pretty');
  });

  it('colors only a terminal, and never with NO_COLOR or TERM=dumb', () => {
    expect(colorWanted(true, { TERM: 'xterm-256color' })).toBe(true);
    expect(colorWanted(false, {})).toBe(false);
    expect(colorWanted(true, { NO_COLOR: '' })).toBe(false);
    expect(colorWanted(true, { TERM: 'dumb' })).toBe(false);
  });
});
