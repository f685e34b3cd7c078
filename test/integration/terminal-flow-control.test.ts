// A slow or absent viewer must never throttle the agent: the pty is read at full speed, the viewer
// is cut off at the high watermark and reset with a snapshot once it catches up.
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { PtyProcess } from '../../electron/engine/terminals/pty-process.js';
import { MAX_BATCH_CHARS } from '../../electron/engine/terminals/output-batcher.js';
import { HIGH_WATERMARK_CHARS } from '../../electron/engine/terminals/subscriber-channel.js';
import { TerminalSession } from '../../electron/engine/terminals/terminal-session.js';
import { FAKE_AGENT_COMMAND, RecordingClient, tempDir } from '../fixtures/fake-pty-agent/helpers.js';

const FLOOD_BYTES = 3_000_000;

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

describe('terminal flow control with a real pty', () => {
  it('lets a flooding agent finish while a visible viewer never acks, then resets that viewer', async () => {
    const dir = await tempDir('term-flow');
    cleanups.push(dir.cleanup);
    const session = new TerminalSession({ id: 'flood', cols: 100, rows: 30, rawLogDir: dir.path });
    cleanups.push(() => session.dispose());

    const stuck = new RecordingClient(false);
    const stuckSub = session.subscribe(stuck, { visible: true });
    const hidden = new RecordingClient(true);
    session.subscribe(hidden, { visible: false });

    const spawned = PtyProcess.spawn({
      command: FAKE_AGENT_COMMAND,
      cwd: dir.path,
      env: { PATH: process.env.PATH ?? '', HOME: dir.path, FAKE_PTY_FLOOD_BYTES: String(FLOOD_BYTES), FAKE_PTY_WRITE_FILE: '' },
      cols: 100,
      rows: 30,
      sink: session,
    });
    if (!spawned.ok) throw new Error(spawned.error.message);
    cleanups.push(() => spawned.value.dispose());

    // The pty is never paused for the viewer: the agent writes everything and exits.
    const exit = await spawned.value.exited;
    expect(exit.exitCode).toBe(0);
    await session.drain();
    expect(session.offset).toBeGreaterThan(FLOOD_BYTES);

    // The stuck viewer got the watermark's worth (plus at most the batch that crossed it), no more.
    expect(stuck.chars).toBeGreaterThan(HIGH_WATERMARK_CHARS);
    expect(stuck.chars).toBeLessThanOrEqual(HIGH_WATERMARK_CHARS + MAX_BATCH_CHARS);
    expect(stuck.resets).toHaveLength(0);
    expect(hidden.batches).toHaveLength(0);

    // Catching up brings a fresh snapshot of the final screen, not the 3 MB backlog.
    stuckSub.ack(stuck.chars);
    expect(stuck.resets).toHaveLength(1);
    const reset = stuck.resets[0];
    expect(reset?.seq).toBe(session.offset);
    expect(reset?.data).toContain('FLOOD_DONE');
    expect(reset?.data.length).toBeLessThan(FLOOD_BYTES / 10);

    // Nothing was lost on disk either.
    await session.dispose();
    const logged = await readFile(path.join(dir.path, 'flood.log'), 'utf8');
    expect(logged.length).toBe(session.offset);
    expect(logged).toContain('FLOOD_DONE');
  });
});
