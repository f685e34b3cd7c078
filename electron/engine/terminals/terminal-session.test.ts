import { mkdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import xtermHeadless from '@xterm/headless';
import { RecordingClient, tempDir, waitFor } from '../../../test/fixtures/fake-pty-agent/helpers.js';
import { ManualClock } from '../../../test/mocks/manual-clock.js';
import { FLUSH_DELAY_MS } from './output-batcher.js';
import { rawLogPath } from './raw-log.js';
import { HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './subscriber-channel.js';
import { BULK_FLUSH_DELAY_MS, BULK_FLUSH_MAX_CHARS, BULK_FLUSH_SPREAD, bulkFlushDelayMs } from './bulk-flush.js';
import { TerminalSession } from './terminal-session.js';
import type { TerminalBatch, TerminalSnapshot } from './terminal-types.js';

const sessions: TerminalSession[] = [];
function session(): TerminalSession {
  const s = new TerminalSession({ id: 'unit', cols: 80, rows: 24, rawLogDir: null });
  sessions.push(s);
  return s;
}
const dirs: Array<() => Promise<void>> = [];
/** A session whose timers only fire when the test advances the clock: the bulk flush never runs on its own. */
async function frozenSession(options: { rawLog?: boolean } = {}) {
  const clock = new ManualClock();
  let dir: string | null = null;
  if (options.rawLog) {
    const d = await tempDir('term-session');
    dirs.push(d.cleanup);
    dir = d.path;
  }
  const s = new TerminalSession({ id: 'frozen', cols: 80, rows: 24, rawLogDir: dir, clock });
  sessions.push(s);
  return { s, clock, dir };
}
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
  await Promise.all(dirs.splice(0).map((cleanup) => cleanup()));
});

/** What a viewer would see: the snapshot written into a fresh terminal, as plain lines. */
async function render(snapshot: TerminalSnapshot): Promise<string> {
  const term = new xtermHeadless.Terminal({ cols: snapshot.cols, rows: snapshot.rows, allowProposedApi: true });
  await new Promise<void>((resolve) => term.write(snapshot.data, resolve));
  const lines: string[] = [];
  for (let y = 0; y < term.buffer.active.length; y++) lines.push(term.buffer.active.getLine(y)?.translateToString(true) ?? '');
  term.dispose();
  return lines.join('\n').trimEnd();
}

describe('TerminalSession', () => {
  it('gives a late subscriber the screen written before it subscribed', async () => {
    const s = session();
    s.write('\x1b[31mred line\x1b[0m\r\nsecond line\r\n');
    await s.drain();
    const sub = s.subscribe(new RecordingClient(true), { visible: true });
    expect(sub.snapshot.seq).toBe(s.offset);
    expect(await render(sub.snapshot)).toBe('red line\nsecond line');
    expect(sub.snapshot.data).toContain('\x1b[31m');
  });

  it('includes output that is flushed but not yet parsed in the snapshot', async () => {
    const s = session();
    s.write('just written');
    await s.drain(); // flushed; parse is still pending right after a second write
    s.write('\r\nmore');
    s.drain().catch(() => {});
    const sub = s.subscribe(new RecordingClient(true), { visible: true });
    expect(await render(sub.snapshot)).toBe('just written\nmore');
  });

  it('continues live batches exactly where the snapshot ends', async () => {
    const s = session();
    s.write('before');
    await s.drain();
    const client = new RecordingClient(true);
    const sub = s.subscribe(client, { visible: true });
    client.ack = sub.ack;
    s.write(' after');
    await waitFor(() => client.batches.length > 0);
    const first = client.batches[0] as TerminalBatch;
    expect(first.offset - first.data.length).toBe(sub.snapshot.seq);
    expect(first.data).toBe(' after');
  });

  it('stops sending to a visible viewer that does not ack past the high watermark, then resets it', async () => {
    const s = session();
    const client = new RecordingClient(false);
    const sub = s.subscribe(client, { visible: true });
    const line = `${'z'.repeat(99)}\n`;
    for (let i = 0; i < 3_000; i++) s.write(line); // 300 000 chars, 3× the watermark
    await s.drain();
    expect(client.chars).toBeGreaterThan(HIGH_WATERMARK_CHARS);
    // At most one batch beyond the watermark got out before the cut-off.
    expect(client.chars).toBeLessThanOrEqual(HIGH_WATERMARK_CHARS + 64 * 1024);
    expect(client.chars).toBeLessThan(300_000);
    expect(client.resets).toHaveLength(0);

    sub.ack(client.chars - LOW_WATERMARK_CHARS); // not yet below the low watermark
    expect(client.resets).toHaveLength(0);
    sub.ack(LOW_WATERMARK_CHARS);
    expect(client.resets).toHaveLength(1);
    expect(client.resets[0]?.seq).toBe(300_000);

    // Live again after the reset: the next batch continues from the snapshot.
    const before = client.batches.length;
    s.write('tail');
    await s.drain();
    expect(client.batches.slice(before)).toEqual([{ data: 'tail', offset: 300_004 }]);
  });

  it('sends an invisible viewer nothing, and a snapshot when it becomes visible', async () => {
    const s = session();
    const client = new RecordingClient(true);
    const sub = s.subscribe(client, { visible: false });
    client.ack = sub.ack;
    s.write('hidden output');
    await s.drain();
    expect(client.batches).toEqual([]);
    sub.setVisible(true);
    expect(client.resets).toHaveLength(1);
    expect(await render(client.resets[0] as TerminalSnapshot)).toBe('hidden output');
    s.write('!');
    await s.drain();
    expect(client.text).toBe('!');
  });

  it('delivers a reset as a full-reset batch to viewers without onReset', async () => {
    const s = session();
    const batches: TerminalBatch[] = [];
    const sub = s.subscribe({ send: (b) => batches.push(b) }, { visible: false });
    s.write('screen');
    await s.drain();
    sub.setVisible(true);
    expect(batches).toHaveLength(1);
    expect(batches[0]?.reset).toBe(true);
    expect(batches[0]?.data.startsWith('\x1bc')).toBe(true);
    expect(batches[0]?.offset).toBe(6);
  });

  it('keeps serving other viewers when one throws, and stops serving a disposed one', async () => {
    const s = session();
    s.subscribe({ send: () => { throw new Error('socket closed'); } }, { visible: true });
    const good = new RecordingClient(true);
    s.subscribe(good, { visible: true });
    const gone = new RecordingClient(true);
    s.subscribe(gone, { visible: true }).dispose();
    s.write('data');
    await s.drain();
    expect(good.text).toBe('data');
    expect(gone.batches).toEqual([]);
    expect(s.subscriberCount).toBe(2);
  });

  it('routes input to the process owner and resizes screen, owner and viewers', async () => {
    const s = session();
    const typed: string[] = [];
    const sizes: Array<[number, number]> = [];
    const inputSub = s.onInput((d) => typed.push(d));
    s.onResize((c, r) => sizes.push([c, r]));
    const client = new RecordingClient(true);
    s.subscribe(client, { visible: true });
    s.input('ls\r');
    s.resize(100, 30);
    s.resize(100, 30); // unchanged: no second notification
    s.resize(0, 30); // invalid: ignored
    inputSub.dispose();
    s.input('ignored');
    expect(typed).toEqual(['ls\r']);
    expect(sizes).toEqual([[100, 30]]);
    expect(client.resizes).toEqual([[100, 30]]);
    expect(s.snapshot()).toMatchObject({ cols: 100, rows: 30 });
  });

  it('flushes output produced before a resize ahead of it', async () => {
    const s = session();
    const client = new RecordingClient(true);
    s.subscribe(client, { visible: true });
    s.write('old size');
    s.resize(90, 20);
    expect(client.text).toBe('old size');
  });

  it('reports the last non-empty screen lines', async () => {
    const s = session();
    s.write('one\r\ntwo\r\n\r\nthree\r\n');
    await s.drain();
    expect(s.lastLines(2)).toEqual(['two', 'three']);
  });

  it('ignores writes after dispose and refuses new subscribers', async () => {
    const s = session();
    await s.dispose();
    s.write('late');
    expect(s.offset).toBe(0);
    expect(() => s.subscribe(new RecordingClient(true), { visible: true })).toThrow(/disposed/);
  });

  it('sends unwatched output straight on, and batches it again while a viewer watches', async () => {
    const { s, clock } = await frozenSession();
    s.write('unwatched');
    expect(s.offset).toBe(9);
    expect(clock.pending()).toBe(1); // only the bulk flush into screen copy and raw log
    const client = new RecordingClient(true);
    const sub = s.subscribe(client, { visible: true });
    client.ack = sub.ack;
    s.write(' watched');
    expect(s.offset).toBe(9);
    await clock.advance(FLUSH_DELAY_MS);
    expect(client.batches).toEqual([{ data: ' watched', offset: 17 }]);
    sub.dispose();
    s.write('!');
    expect(s.offset).toBe(18);
  });

  it('keeps the stream in order when the last viewer hides with a batch pending', async () => {
    const { s } = await frozenSession();
    const client = new RecordingClient(true);
    const sub = s.subscribe(client, { visible: true });
    client.ack = sub.ack;
    s.write('a');
    sub.setVisible(false);
    s.write('b');
    expect(client.batches).toEqual([]);
    sub.setVisible(true);
    expect(client.resets.map((r) => [r.seq, r.data.includes('ab')])).toEqual([[2, true]]);
    s.write('c');
    s.resize(81, 24); // flushes the batch without waiting for the clock
    expect(client.batches).toEqual([{ data: 'c', offset: 3 }]);
  });

  it('puts output the screen copy was not fed yet into snapshots, subscriptions, drain and lastLines', async () => {
    const { s, clock } = await frozenSession();
    s.write('\x1b[32mfirst\x1b[0m\r\n');
    expect(await render(s.snapshot())).toBe('first');
    s.write('second\r\n');
    const sub = s.subscribe(new RecordingClient(true), { visible: false });
    expect(sub.snapshot.seq).toBe(s.offset);
    expect(await render(sub.snapshot)).toBe('first\nsecond');
    s.write('third\r\n');
    await s.drain();
    expect(s.lastLines(3)).toEqual(['first', 'second', 'third']);
    expect(clock.pending()).toBe(0);
  });

  it('feeds a flood into the screen copy as soon as BULK_FLUSH_MAX_CHARS are pending', async () => {
    const { s, clock } = await frozenSession();
    const line = `${'y'.repeat(78)}\r\n`;
    let written = 0;
    while (written + line.length < BULK_FLUSH_MAX_CHARS) {
      s.write(line);
      written += line.length;
    }
    expect(clock.pending()).toBe(1);
    s.write(line);
    // The size limit alone handed the bulk on: its timer is gone although the clock never moved.
    expect(clock.pending()).toBe(0);
    s.write('last\r\n');
    await s.drain();
    expect(s.lastLines(2)).toEqual(['y'.repeat(78), 'last']);
  });

  it('writes every byte to the raw log on dispose even if the bulk timer never fired', async () => {
    const { s, clock, dir } = await frozenSession({ rawLog: true });
    const chunks = Array.from({ length: 300 }, (_, i) => `chunk ${i} ünï \x1b[1mbold\x1b[0m\r\n`);
    for (const chunk of chunks) s.write(chunk);
    expect(clock.pending()).toBe(1);
    await s.dispose();
    expect(await readFile(rawLogPath(dir as string, 'frozen'), 'utf8')).toBe(chunks.join(''));
    expect(s.rawLogError).toBeNull();
  });

  it('drain() hands pending output to the raw log without waiting for the bulk timer', async () => {
    const { s, dir } = await frozenSession({ rawLog: true });
    s.write('drained\r\n');
    await s.drain();
    const file = rawLogPath(dir as string, 'frozen');
    await waitFor(async () => (await readFile(file, 'utf8').catch(() => '')) === 'drained\r\n', 5_000, 'the raw log to hold the output');
  });

  it('records a raw log that cannot be written, drops its output and keeps the screen working', async () => {
    const { s, dir } = await frozenSession({ rawLog: true });
    // The log's path is a directory: opening it for append fails (EISDIR).
    await mkdir(path.join(dir as string, 'frozen.log'));
    s.write('still on screen\r\n');
    await s.drain();
    await waitFor(() => s.rawLogError !== null, 5_000, 'the raw log error');
    expect(s.rawLogError).toMatch(/EISDIR/);
    s.write('more\r\n');
    await s.drain();
    expect(s.lastLines(2)).toEqual(['still on screen', 'more']);
    await expect(s.dispose()).resolves.toBeUndefined();
  });

  it('spreads the bulk flush delay of sessions with similar ids across the allowed range', () => {
    const delays = Array.from({ length: 100 }, (_, i) => bulkFlushDelayMs(`run-${i}`));
    const low = BULK_FLUSH_DELAY_MS * (1 - BULK_FLUSH_SPREAD);
    const high = BULK_FLUSH_DELAY_MS * (1 + BULK_FLUSH_SPREAD);
    expect(delays.every((d) => d >= low && d <= high)).toBe(true);
    expect(bulkFlushDelayMs('run-7')).toBe(delays[7]);
    // Every fifth of the range gets some: no clumping that would make sessions flush together.
    const fifths = new Set(delays.map((d) => Math.min(4, Math.floor(((d - low) / (high - low)) * 5))));
    expect(fifths.size).toBe(5);
  });

  it('flushes into the screen copy and raw log on its own after the session\'s bulk delay', async () => {
    const { s, clock, dir } = await frozenSession({ rawLog: true });
    s.write('timed\r\n');
    await clock.advance(bulkFlushDelayMs('frozen') - 1);
    expect(clock.pending()).toBe(1);
    await clock.advance(1);
    expect(clock.pending()).toBe(0);
    await waitFor(async () => (await readFile(rawLogPath(dir as string, 'frozen'), 'utf8').catch(() => '')) === 'timed\r\n', 5_000, 'the raw log');
  });
});
