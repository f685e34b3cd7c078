import type { EventSubscription } from '../lib/emitter.js';
import { UNRECORDED, type ProcessRecorder, type TrackedProcess } from '../lib/process-ledger.js';
import { KILL_GRACE_MS } from '../lib/process-tree.js';
import { ok, type Result } from '../lib/result.js';
import { PtyProcess, type PtyExit, type PtySpawnOptions } from './pty-process.js';
import type { TerminalRegistry } from './terminal-registry.js';
import type { TerminalSession } from './terminal-session.js';

export type PtySpawner = (options: PtySpawnOptions) => Result<PtyProcess>;

export interface TerminalProcessOptions {
  /** Where the terminal is listed; it is marked exited once the process is gone. */
  terminals: Pick<TerminalRegistry, 'markExited'>;
  /** The live terminal (already created, with its kind and title) that shows the process. */
  terminal: TerminalSession;
  /** Run as `bash -lc <command>`. */
  command: string;
  cwd: string;
  /** The child's environment, from childEnvironment (secrets already stripped). */
  env: Record<string, string>;
  /** What the process ledger records about the process group while it runs. */
  tracked: TrackedProcess;
  processes?: ProcessRecorder;
  /** Also receives every output chunk, after the terminal (a check keeps a raw tail of it). */
  tap?: (data: string) => void;
  /** Screen lines to read once the output is drained, before the terminal is marked exited. */
  tailLines?: number;
  spawn?: PtySpawner;
}

export interface TerminalProcessExit extends PtyExit {
  /** The last non-empty screen lines (`tailLines` of them), read after the output was drained. */
  lastLines: string[];
}

/**
 * One process in a live terminal: the primitive behind agents, operator shells and checks. It
 * spawns `bash -lc <command>` in a pty (recorded in the process ledger while its group runs), feeds
 * the output to the terminal, routes the viewers' keystrokes and resizes back, and when the
 * process ends it drains the terminal and marks it exited, so viewers told about the exit already
 * have the final screen. Callers keep what is theirs: the terminal's kind and title, how long the
 * process may run, and what an exit means.
 */
export class TerminalProcess {
  readonly pid: number;
  /** Resolves once the process exited, its output reached the terminal and the terminal was marked exited. */
  readonly ended: Promise<TerminalProcessExit>;

  private constructor(
    private readonly proc: PtyProcess,
    options: TerminalProcessOptions,
  ) {
    this.pid = proc.pid;
    const { terminal } = options;
    const wiring: EventSubscription[] = [terminal.onInput((data) => proc.write(data)), terminal.onResize((c, r) => proc.resize(c, r))];
    this.ended = proc.exited.then(async (exit) => {
      for (const item of wiring) item.dispose();
      await terminal.drain();
      const lastLines = options.tailLines ? terminal.lastLines(options.tailLines) : [];
      options.terminals.markExited(terminal.id, { exit_code: exit.exitCode, signal: exit.signal });
      return { ...exit, lastLines };
    });
  }

  /**
   * Starts the process. When the system cannot make a pty (`pty_spawn_failed`) the terminal is
   * marked exited and the error returned: whether the dead terminal stays listed is the caller's call.
   */
  static start(options: TerminalProcessOptions): Result<TerminalProcess> {
    const { terminal } = options;
    const processes = options.processes ?? UNRECORDED;
    const sink = options.tap
      ? {
          write: (data: string) => {
            terminal.write(data);
            options.tap?.(data);
          },
        }
      : terminal;
    const spawned = (options.spawn ?? PtyProcess.spawn)({
      command: options.command,
      cwd: options.cwd,
      // Tells TUIs the renderer's xterm.js does 24-bit color (TERM alone only promises 256).
      env: { ...options.env, COLORTERM: 'truecolor' },
      cols: terminal.cols,
      rows: terminal.rows,
      sink,
      track: (pid) => processes.started(pid, options.tracked),
    });
    if (!spawned.ok) {
      options.terminals.markExited(terminal.id);
      return spawned;
    }
    return ok(new TerminalProcess(spawned.value, options));
  }

  onData(listener: (data: string) => void): EventSubscription {
    return this.proc.onData(listener);
  }

  /** Input from Baton itself (a typed-ahead prompt); viewers' keystrokes arrive through the terminal. */
  write(data: string): void {
    this.proc.write(data);
  }

  /** Stops the process tree (SIGTERM, SIGKILL after `graceMs`); `ended` resolves after it. */
  async kill(graceMs = KILL_GRACE_MS): Promise<PtyExit> {
    return this.proc.kill(graceMs);
  }
}
