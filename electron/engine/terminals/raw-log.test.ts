import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDir } from '../../../test/fixtures/fake-pty-agent/helpers.js';
import { RawLog, rawLogPath } from './raw-log.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  await Promise.all(cleanups.splice(0).map((c) => c()));
});

async function dir(): Promise<string> {
  const d = await tempDir('rawlog');
  cleanups.push(d.cleanup);
  return d.path;
}

describe('RawLog', () => {
  it('creates the directory and appends every write in order; close() flushes', async () => {
    const root = path.join(await dir(), 'nested', 'logs');
    const log = new RawLog(root, 'sess-1');
    log.write('first ');
    log.write('\x1b[32mgreen\x1b[0m ünïcode');
    await log.close();
    expect(await readFile(path.join(root, 'sess-1.log'), 'utf8')).toBe('first \x1b[32mgreen\x1b[0m ünïcode');
  });

  // Issue 7: raw logs (everything an agent printed) were world-readable.
  it('creates the log owner-only (0600) in directories it makes 0700', async () => {
    const root = path.join(await dir(), 'nested', 'logs');
    const log = new RawLog(root, 'sess-1');
    log.write('secret-ish output');
    await log.close();
    expect((await stat(path.join(root, 'sess-1.log'))).mode & 0o777).toBe(0o600);
    expect((await stat(root)).mode & 0o777).toBe(0o700);
    expect((await stat(path.dirname(root))).mode & 0o777).toBe(0o700);
  });

  it('appends to an existing log rather than truncating it', async () => {
    const root = await dir();
    const a = new RawLog(root, 's');
    a.write('one\n');
    await a.close();
    const b = new RawLog(root, 's');
    b.write('two\n');
    await b.close();
    expect(await readFile(rawLogPath(root, 's'), 'utf8')).toBe('one\ntwo\n');
  });

  it('sanitizes the session id into a file name inside the directory', () => {
    expect(rawLogPath('/logs', '../../etc/passwd')).toBe('/logs/.._.._etc_passwd.log');
  });

  it('records an error and drops writes when the directory cannot be created, without throwing', async () => {
    const root = await dir();
    const blocker = path.join(root, 'file');
    await writeFile(blocker, 'not a directory');
    const log = new RawLog(path.join(blocker, 'logs'), 's');
    log.write('lost');
    await log.close();
    expect(log.error).toMatch(/ENOTDIR|EEXIST/);
    log.write('after close');
  });

  it('close() is idempotent and writes after close are ignored', async () => {
    const root = await dir();
    const log = new RawLog(root, 's');
    log.write('kept');
    await Promise.all([log.close(), log.close()]);
    log.write('ignored');
    await log.close();
    expect(await readFile(rawLogPath(root, 's'), 'utf8')).toBe('kept');
  });
});
