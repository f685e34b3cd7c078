import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { TrackedProcess } from '../../electron/engine/lib/process-ledger.js';
import { err } from '../../electron/engine/lib/result.js';
import { TerminalProcess } from '../../electron/engine/terminals/terminal-process.js';
import { TerminalRegistry } from '../../electron/engine/terminals/terminal-registry.js';
import type { TerminalSession } from '../../electron/engine/terminals/terminal-session.js';
import { processGone, tempDir, waitFor } from '../fixtures/fake-pty-agent/helpers.js';

/**
 * The one "process in a live terminal" primitive behind agents, shells and checks: a real pty, a
 * real registry, a recording ledger.
 */
let dir: { path: string; cleanup: () => Promise<void> };
let registry: TerminalRegistry;
let terminal: TerminalSession;
const recorded: Array<{ pid: number; info: TrackedProcess; gone: boolean }> = [];
const processes = {
  started(pid: number, info: TrackedProcess) {
    const row = { pid, info, gone: false };
    recorded.push(row);
    return () => void (row.gone = true);
  },
};
const tracked: TrackedProcess = { kind: 'check', label: 'test', cwd: null, issue_identifier: 'BAT-1' };

beforeEach(async () => {
  dir = await tempDir('terminal-process');
  registry = new TerminalRegistry({ rawLogDir: null });
  const created = registry.create({ id: 't1', issue_identifier: 'BAT-1', kind: 'check', title: 't', cols: 90, rows: 20 });
  if (!created.ok) throw new Error(created.error.message);
  terminal = created.value;
  recorded.length = 0;
});

afterEach(async () => {
  await registry.dispose();
  await dir.cleanup();
});

function start(command: string, extra: Partial<Parameters<typeof TerminalProcess.start>[0]> = {}) {
  const started = TerminalProcess.start({
    terminals: registry,
    terminal,
    command,
    cwd: dir.path,
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: dir.path, COLORTERM: 'overridden' },
    tracked,
    processes,
    ...extra,
  });
  if (!started.ok) throw new Error(started.error.message);
  return started.value;
}

describe('TerminalProcess', { timeout: 30_000 }, () => {
  it('runs the command at the terminal size, taps its output, and marks the terminal exited only after draining it', async () => {
    const tapped: string[] = [];
    const proc = start('stty size; echo "color=$COLORTERM"; echo last-line; exit 3', { tap: (d) => tapped.push(d), tailLines: 2 });
    expect(recorded).toEqual([{ pid: proc.pid, info: tracked, gone: false }]);
    const exit = await proc.ended;
    expect(exit).toMatchObject({ exitCode: 3, signal: null });
    expect(exit.lastLines).toEqual(['color=truecolor', 'last-line']);
    expect(tapped.join('')).toContain('20 90');
    expect(registry.info('t1')).toMatchObject({ exited: true, exit_code: 3, signal: null });
    await waitFor(() => recorded[0]!.gone, 5_000, 'the ledger entry to be struck off');
  });

  it("routes the viewers' keystrokes and resizes to the process, and stops listening once it ended", async () => {
    const proc = start('read line; stty size; echo "got:$line"');
    terminal.resize(70, 15);
    terminal.input('hello\r');
    const exit = await proc.ended;
    expect(exit.exitCode).toBe(0);
    await terminal.drain();
    expect(terminal.lastLines(5).join('\n')).toMatch(/15 70[\s\S]*got:hello/);
    // After the end, input goes nowhere and throws nothing.
    expect(() => terminal.input('late\r')).not.toThrow();
  });

  it('kill() stops the whole process tree and ends it with the signal', async () => {
    const proc = start('sleep 30 & sleep 30; wait');
    const exit = await proc.kill(500);
    expect(exit.signal).not.toBeNull();
    await proc.ended;
    expect(await processGone(proc.pid)).toBe(true);
    expect(registry.info('t1')?.exited).toBe(true);
  });

  it('marks the terminal exited and returns the error when no pty can be made', () => {
    const started = TerminalProcess.start({
      terminals: registry,
      terminal,
      command: 'true',
      cwd: dir.path,
      env: {},
      tracked,
      processes,
      spawn: () => err('pty_spawn_failed', 'out of ptys'),
    });
    expect(started.ok ? null : started.error).toEqual({ code: 'pty_spawn_failed', message: 'out of ptys' });
    expect(registry.info('t1')).toMatchObject({ exited: true, exit_code: null });
    expect(recorded).toEqual([]);
  });
});
