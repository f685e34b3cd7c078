import { describe, expect, it } from 'vitest';
import { parseArgs } from './cli-args.js';

describe('parseArgs', () => {
  it('parses serve as before: optional workflow, --port, --host, with or without =', () => {
    expect(parseArgs(['serve'])).toEqual({ ok: true, value: { command: 'serve', workflow: undefined, port: undefined, host: undefined, exitWithStdin: false } });
    expect(parseArgs(['serve', 'W.md', '--port', '0', '--host=0.0.0.0'])).toEqual({ ok: true, value: { command: 'serve', workflow: 'W.md', port: 0, host: '0.0.0.0', exitWithStdin: false } });
    expect(parseArgs(['serve', '--port=4317', 'W.md'])).toEqual({ ok: true, value: { command: 'serve', workflow: 'W.md', port: 4317, host: undefined, exitWithStdin: false } });
  });

  it('parses demo with --port and --dir', () => {
    expect(parseArgs(['demo'])).toEqual({ ok: true, value: { command: 'demo', dir: undefined, port: undefined, exitWithStdin: false } });
    expect(parseArgs(['demo', '--port', '0', '--dir', '/tmp/d'])).toEqual({ ok: true, value: { command: 'demo', dir: '/tmp/d', port: 0, exitWithStdin: false } });
    expect(parseArgs(['demo', '--dir=rel/d'])).toEqual({ ok: true, value: { command: 'demo', dir: 'rel/d', port: undefined, exitWithStdin: false } });
  });

  it('parses --exit-with-stdin for serve and demo', () => {
    expect(parseArgs(['serve', 'W.md', '--exit-with-stdin'])).toMatchObject({ ok: true, value: { command: 'serve', workflow: 'W.md', exitWithStdin: true } });
    expect(parseArgs(['demo', '--exit-with-stdin', '--port', '0'])).toMatchObject({ ok: true, value: { command: 'demo', port: 0, exitWithStdin: true } });
    expect(parseArgs(['serve', '--exit-with-stdin=yes'])).toEqual({ ok: false, message: "unknown option '--exit-with-stdin'" });
  });

  it('parses --log-format for serve and demo', () => {
    expect(parseArgs(['serve', '--log-format', 'json'])).toMatchObject({ ok: true, value: { command: 'serve', logFormat: 'json' } });
    expect(parseArgs(['demo', '--log-format=pretty'])).toMatchObject({ ok: true, value: { command: 'demo', logFormat: 'pretty' } });
    const plain = parseArgs(['serve']);
    expect(plain.ok && 'logFormat' in plain.value).toBe(false);
  });

  it.each([
    [['serve', '--log-format', 'yaml'], "--log-format must be pretty or json, got 'yaml'"],
    [['demo', '--log-format'], '--log-format needs a value'],
    [['serve', '--port', 'abc'], "--port must be an integer from 0 to 65535, got 'abc'"],
    [['serve', '--port', '70000'], "--port must be an integer from 0 to 65535, got '70000'"],
    [['serve', '--port'], '--port needs a value'],
    [['serve', 'a.md', 'b.md'], "unexpected argument 'b.md' (one workflow path at most)"],
    [['serve', '--dir', 'x'], "unknown option '--dir'"],
    [['demo', '--host', '0.0.0.0'], "unknown option '--host'"],
    [['demo', 'WORKFLOW.md'], "unexpected argument 'WORKFLOW.md' (use --dir to choose the demo directory)"],
    [['demo', '--dir'], '--dir needs a value'],
    [['demo', '--dir='], '--dir needs a value'],
    [['launch'], "unknown command 'launch'"],
  ])('rejects %j: %s', (argv, message) => {
    expect(parseArgs(argv)).toEqual({ ok: false, message });
  });

  it('reports the first mistake on the line', () => {
    expect(parseArgs(['serve', '--port', 'x', '--bogus'])).toEqual({ ok: false, message: "--port must be an integer from 0 to 65535, got 'x'" });
    expect(parseArgs(['serve', 'a', 'b', '--bogus'])).toEqual({ ok: false, message: "unexpected argument 'b' (one workflow path at most)" });
  });

  it('recognises help and version', () => {
    for (const argv of [[], ['help'], ['--help'], ['-h']]) expect(parseArgs(argv)).toEqual({ ok: true, value: { command: 'help' } });
    expect(parseArgs(['--version'])).toEqual({ ok: true, value: { command: 'version' } });
  });
});
