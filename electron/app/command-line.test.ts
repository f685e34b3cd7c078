import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { appArguments, parseCommandLine } from './command-line.js';

describe('parseCommandLine', () => {
  it('opens nothing without arguments, and skips Chromium switches', () => {
    expect(parseCommandLine([], '/home/me')).toEqual({ ok: true, value: { kind: 'none' } });
    expect(parseCommandLine(['--no-sandbox', '--enable-logging=stderr'], '/home/me')).toEqual({ ok: true, value: { kind: 'none' } });
  });

  it('resolves a workflow path, or a repository folder, against the cwd', () => {
    expect(parseCommandLine(['repo/WORKFLOW.md'], '/home/me')).toEqual({ ok: true, value: { kind: 'workflow', workflowPath: path.resolve('/home/me/repo/WORKFLOW.md') } });
    expect(parseCommandLine(['/srv/repo'], '/home/me')).toEqual({ ok: true, value: { kind: 'workflow', workflowPath: path.resolve('/srv/repo/WORKFLOW.md') } });
  });

  it('reads --demo', () => {
    expect(parseCommandLine(['--demo'], '/')).toEqual({ ok: true, value: { kind: 'demo' } });
  });

  it('attaches with --attach and --token, or with the URL serve printed', () => {
    expect(parseCommandLine(['--attach', 'http://127.0.0.1:4000', '--token', 'abc'], '/')).toEqual({ ok: true, value: { kind: 'attach', address: { url: 'http://127.0.0.1:4000', token: 'abc' } } });
    expect(parseCommandLine(['--attach=http://127.0.0.1:4000/?token=xyz'], '/')).toEqual({ ok: true, value: { kind: 'attach', address: { url: 'http://127.0.0.1:4000', token: 'xyz' } } });
    expect(parseCommandLine(['--attach', 'https://baton.example.com', '--token', 't'], '/')).toMatchObject({ ok: true, value: { kind: 'attach' } });
  });

  it('refuses plain http to another machine, a missing token, and odd schemes', () => {
    expect(parseCommandLine(['--attach', 'http://10.0.0.5:4000', '--token', 't'], '/')).toMatchObject({ ok: false, error: { message: expect.stringContaining('loopback') } });
    expect(parseCommandLine(['--attach', 'http://127.0.0.1:4000'], '/')).toMatchObject({ ok: false, error: { message: expect.stringContaining('--token') } });
    expect(parseCommandLine(['--attach', 'file:///tmp/sock', '--token', 't'], '/')).toMatchObject({ ok: false });
    expect(parseCommandLine(['--attach'], '/')).toMatchObject({ ok: false });
    expect(parseCommandLine(['--token', 't'], '/')).toMatchObject({ ok: false });
  });
});

describe('appArguments', () => {
  it('drops the executable, and the app path when run as `electron .`', () => {
    expect(appArguments(['/Applications/Baton', 'repo'], false)).toEqual(['repo']);
    expect(appArguments(['/usr/bin/electron', '.', 'repo'], true)).toEqual(['repo']);
  });
});
