// Real pty → TerminalSession → viewer: batching, ordering, completeness, raw log, late attach.
import { randomBytes } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PtyProcess } from '../../electron/engine/terminals/pty-process.js';
import { MAX_BATCH_CHARS } from '../../electron/engine/terminals/output-batcher.js';
import { TerminalSession } from '../../electron/engine/terminals/terminal-session.js';
import { RecordingClient, tempDir, waitFor } from '../fixtures/fake-pty-agent/helpers.js';

const ESC = '\x1b';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

async function setup(): Promise<{ dir: string; session: TerminalSession }> {
  const dir = await tempDir('term-out');
  const session = new TerminalSession({ id: 'sess-out', cols: 120, rows: 30, rawLogDir: path.join(dir.path, 'logs') });
  cleanups.push(dir.cleanup, () => session.dispose());
  return { dir: dir.path, session };
}

function spawn(command: string, cwd: string, session: TerminalSession): PtyProcess {
  // HOME is the temp dir so the login shell finds no profile to print noise from.
  const env = { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: cwd, LANG: 'C.UTF-8' };
  const spawned = PtyProcess.spawn({ command, cwd, env, cols: 120, rows: 30, sink: session });
  if (!spawned.ok) throw new Error(spawned.error.message);
  cleanups.push(() => spawned.value.dispose());
  return spawned.value;
}

describe('terminal output from a real pty', () => {
  it('delivers 2 MB to a viewer batched, in order, without losing a byte, and logs all of it', async () => {
    const { dir, session } = await setup();
    // Printable lines; the pty's output processing turns each LF into CRLF.
    const content = `${randomBytes(1_536_000).toString('base64').replace(/(.{100})/g, '$1\n')}\nEND\n`;
    expect(content.length).toBeGreaterThan(2_000_000);
    await writeFile(path.join(dir, 'big.txt'), content);
    const expected = content.replace(/\n/g, '\r\n');

    const client = new RecordingClient(true);
    const sub = session.subscribe(client, { visible: true });
    client.ack = sub.ack;
    const proc = spawn('cat big.txt', dir, session);
    const exit = await proc.exited;
    expect(exit.exitCode).toBe(0);
    await session.drain();

    expect(client.text.length).toBe(expected.length);
    expect(client.text === expected).toBe(true);
    expect(client.resets).toHaveLength(0);
    let end = sub.snapshot.seq;
    for (const batch of client.batches) {
      expect(batch.data.length).toBeLessThanOrEqual(MAX_BATCH_CHARS);
      expect(batch.offset - batch.data.length).toBe(end);
      end = batch.offset;
    }
    // Batched: far fewer messages than the ~4 KiB reads the pty delivers.
    expect(client.batches.length).toBeLessThan(expected.length / 4096);

    const logPath = session.rawLogPath as string;
    await session.dispose();
    expect((await readFile(logPath, 'utf8')) === expected).toBe(true);
  });

  it('restores the screen for a viewer that attaches after the output was printed', async () => {
    const { dir, session } = await setup();
    const proc = spawn(`printf '\\033[1;32mready\\033[0m\\nsecond line\\n'`, dir, session);
    await proc.exited;
    await session.drain();
    const late = new RecordingClient(true);
    const sub = session.subscribe(late, { visible: true });
    expect(sub.snapshot.data).toContain('ready');
    expect(sub.snapshot.data).toContain('second line');
    expect([`${ESC}[1;32m`, `${ESC}[32;1m`].some((sgr) => sub.snapshot.data.includes(sgr))).toBe(true);
    expect(sub.snapshot.seq).toBe(session.offset);
    expect(late.batches).toEqual([]);
  });

  it('gives a hidden viewer no live data while output streams', async () => {
    const { dir, session } = await setup();
    const hidden = new RecordingClient(true);
    session.subscribe(hidden, { visible: false });
    const proc = spawn('for i in $(seq 1 200); do echo line $i; done', dir, session);
    await proc.exited;
    await session.drain();
    expect(session.offset).toBeGreaterThan(1000);
    expect(hidden.batches).toEqual([]);
    await waitFor(() => session.lastLines(1)[0] === 'line 200', 5_000, 'screen copy to show the last line');
  });
});
