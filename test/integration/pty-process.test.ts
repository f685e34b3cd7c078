// PtyProcess against real node-pty: input, resize, exit reporting, tree kill, and no leaks.
import { afterEach, describe, expect, it } from 'vitest';
import { PtyProcess } from '../../electron/engine/terminals/pty-process.js';
import { TerminalSession } from '../../electron/engine/terminals/terminal-session.js';
import { openFdCount, processGone, tempDir, waitFor } from '../fixtures/fake-pty-agent/helpers.js';

const cleanups: Array<() => Promise<void>> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

interface Started {
  proc: PtyProcess;
  output: () => string;
}

async function start(command: string, opts: { cols?: number; rows?: number } = {}): Promise<Started> {
  const dir = await tempDir('pty-proc');
  cleanups.push(dir.cleanup);
  let output = '';
  const spawned = PtyProcess.spawn({
    command,
    cwd: dir.path,
    env: { PATH: process.env.PATH ?? '', HOME: dir.path, LANG: 'C.UTF-8' },
    cols: opts.cols ?? 120,
    rows: opts.rows ?? 30,
    sink: { write: (d) => void (output += d) },
  });
  if (!spawned.ok) throw new Error(spawned.error.message);
  cleanups.push(() => spawned.value.dispose());
  return { proc: spawned.value, output: () => output };
}

function countBy(items: string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const item of items) counts.set(item, (counts.get(item) ?? 0) + 1);
  return counts;
}

function pidAfter(text: string, label: string): number {
  const match = new RegExp(`${label}=(\\d+)`).exec(text);
  if (!match) throw new Error(`no ${label}= in output: ${text}`);
  return Number(match[1]);
}

describe('PtyProcess', () => {
  it('passes keystrokes to the program (cat echoes them back)', async () => {
    const { proc, output } = await start('cat');
    proc.write('hello pty\r');
    // Once echoed by the tty's line discipline, once printed by cat.
    await waitFor(() => output().split('hello pty').length === 3, 5_000, 'cat to echo the line');
    proc.write('\x04'); // Ctrl-D: end of input
    expect((await proc.exited).exitCode).toBe(0);
  });

  it('resizes the pty (stty size sees the new size)', async () => {
    const { proc, output } = await start('stty size; read _; stty size', { cols: 120, rows: 30 });
    await waitFor(() => output().includes('30 120'), 5_000, 'initial size');
    proc.resize(100, 40);
    proc.write('\r');
    await proc.exited;
    expect(output()).toContain('40 100');
    expect([proc.cols, proc.rows]).toEqual([100, 40]);
  });

  it('reports exit codes and signals, and ignores write/resize afterwards', async () => {
    const three = await start('exit 3');
    expect(await three.proc.exited).toEqual({ exitCode: 3, signal: null });
    expect(three.proc.exitInfo).toEqual({ exitCode: 3, signal: null });
    expect(() => {
      three.proc.write('late');
      three.proc.resize(10, 10);
    }).not.toThrow();
    const killed = await start('kill -TERM $$');
    expect((await killed.proc.exited).signal).toBe(15);
  });

  it('kill() takes down the process group and a grandchild that escaped with setsid', async () => {
    const { proc, output } = await start('sleep 1000 & echo IN_GROUP=$!; setsid sleep 1001 & echo ESCAPED=$!; wait');
    await waitFor(() => /ESCAPED=\d+/.test(output()), 5_000, 'children to start');
    const inGroup = pidAfter(output(), 'IN_GROUP');
    const escaped = pidAfter(output(), 'ESCAPED');
    expect(await processGone(escaped)).toBe(false);
    const exit = await proc.kill(500);
    expect(exit.signal ?? exit.exitCode).not.toBe(0);
    await waitFor(async () => (await processGone(inGroup)) && (await processGone(escaped)), 5_000, 'children to die');
    expect(await processGone(proc.pid)).toBe(true);
  });

  it('cleans up what is left in the group when the program exits on its own', async () => {
    // nohup makes the child immune to the hangup the kernel sends when the shell exits.
    const { proc, output } = await start('nohup sleep 1000 >/dev/null 2>&1 & echo LEFT=$!; sleep 0.2');
    await waitFor(() => /LEFT=\d+/.test(output()), 5_000, 'child to start');
    const left = pidAfter(output(), 'LEFT');
    expect((await proc.exited).exitCode).toBe(0);
    await waitFor(() => processGone(left), 5_000, 'leftover child to be killed');
  });

  it('maps a failing spawn to pty_spawn_failed', () => {
    const result = PtyProcess.spawn({ command: 'true', cwd: '/', env: {}, cols: 80, rows: 24 }, () => {
      throw new Error('forkpty(3) failed.');
    });
    expect(result.ok ? null : result.error.code).toBe('pty_spawn_failed');
    expect(result.ok ? '' : result.error.message).toContain('forkpty(3) failed.');
  });

  it('leaves no fds or timers behind after 50 spawn/exit/kill cycles', async () => {
    const dir = await tempDir('pty-leak');
    cleanups.push(dir.cleanup);
    const cycle = async (i: number, kill: boolean) => {
      const session = new TerminalSession({ id: `leak-${i}`, cols: 80, rows: 24, rawLogDir: dir.path });
      const spawned = PtyProcess.spawn({
        command: kill ? 'sleep 1000' : 'echo cycle',
        cwd: dir.path,
        env: { PATH: process.env.PATH ?? '', HOME: dir.path },
        cols: 80,
        rows: 24,
        sink: session,
      });
      if (!spawned.ok) throw new Error(spawned.error.message);
      if (kill) await spawned.value.kill(200);
      else await spawned.value.exited;
      await session.dispose();
    };
    // Warm up lazily created handles (libuv threadpool, tty wraps) before counting.
    await cycle(-2, false);
    await cycle(-1, true);
    const fdsBefore = await openFdCount();
    const resourcesBefore = countBy(process.getActiveResourcesInfo());
    for (let round = 0; round < 5; round++) {
      await Promise.all(Array.from({ length: 10 }, (_, k) => cycle(round * 10 + k, k % 2 === 1)));
    }
    // Fewer than before is fine: an earlier test's leftover fd may close while the cycles run.
    await waitFor(async () => (await openFdCount()) <= fdsBefore, 3_000, 'fds to be released');
    expect(await openFdCount()).toBeLessThanOrEqual(fdsBefore);
    // Timers, tty handles and pending fs requests: none may outlive the cycles (earlier tests'
    // leftovers may still be finishing, so fewer than before is fine).
    const resourcesAfter = countBy(process.getActiveResourcesInfo());
    for (const [kind, count] of resourcesAfter) expect([kind, count]).toEqual([kind, Math.min(count, resourcesBefore.get(kind) ?? 0)]);
  });
});
