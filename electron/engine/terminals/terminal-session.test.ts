import { afterEach, describe, expect, it } from 'vitest';
import xtermHeadless from '@xterm/headless';
import { RecordingClient, waitFor } from '../../../test/fixtures/fake-pty-agent/helpers.js';
import { HIGH_WATERMARK_CHARS, LOW_WATERMARK_CHARS } from './subscriber-channel.js';
import { TerminalSession } from './terminal-session.js';
import type { TerminalBatch, TerminalSnapshot } from './terminal-types.js';

const sessions: TerminalSession[] = [];
function session(): TerminalSession {
  const s = new TerminalSession({ id: 'unit', cols: 80, rows: 24, rawLogDir: null });
  sessions.push(s);
  return s;
}
afterEach(async () => {
  await Promise.all(sessions.splice(0).map((s) => s.dispose()));
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
});
