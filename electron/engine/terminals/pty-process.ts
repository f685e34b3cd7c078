import { close, constants as fsConstants, openSync } from 'node:fs';
import { constants } from 'node:os';
import pty from 'node-pty';
import type { IPty } from 'node-pty';
import type { Disposable } from '../lib/disposable.js';
import { Emitter, type EventSubscription } from '../lib/emitter.js';
import { KILL_GRACE_MS, killProcessTree } from '../lib/process-tree.js';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import type { TerminalSink } from './terminal-sink.js';
import { killPids, listDescendants } from '../lib/process-descendants.js';

/** Terminal type announced to programs: what xterm.js in the renderer emulates. */
export const PTY_TERM_NAME = 'xterm-256color';

/**
 * How long to wait for node-pty's exit event after the process tree was killed. node-pty reports
 * exit only after the pty's read side closed, which follows the kill within milliseconds; the bound
 * keeps a wedged pty (a descendant holding the slave open) from hanging a stop forever.
 */
export const EXIT_WAIT_AFTER_KILL_MS = 2_000;

export interface PtySpawnOptions {
  /** Run as `bash -lc <command>` (a login shell, so the operator's PATH and tool setup apply). */
  command: string;
  cwd: string;
  env: Record<string, string>;
  cols: number;
  rows: number;
  /** Receives all output (usually a TerminalSession). */
  sink?: TerminalSink;
  /**
   * Called with the pid once the process runs (it leads its own group); the function it returns is
   * called once the whole group is gone. The engine records groups so a crash leaves none behind.
   */
  track?: (pid: number) => () => void;
}

export interface PtyExit {
  exitCode: number;
  /** Signal number that ended the process, if any. */
  signal: number | null;
}

/**
 * One process in a pseudo-terminal. node-pty makes the child a session leader, so its pid is also
 * its process group id: `kill()` takes the whole group down plus any descendant that escaped the
 * group, and always releases the pty's file descriptors.
 */
export class PtyProcess implements Disposable {
  readonly pid: number;
  /** Resolves when the process exited and all of its output was delivered. */
  readonly exited: Promise<PtyExit>;
  private exit: PtyExit | null = null;
  private settle: (exit: PtyExit) => void = () => {};
  private destroyed = false;
  private readonly data = new Emitter<string>();
  private slaveFd: number | null = null;

  private readonly untrack: () => void;

  private constructor(
    private readonly pty: IPty,
    sink: TerminalSink | undefined,
    track: PtySpawnOptions['track'],
  ) {
    this.pid = pty.pid;
    this.untrack = track?.(pty.pid) ?? (() => undefined);
    this.holdSlave();
    if (sink) this.data.on((data) => sink.write(data));
    pty.onData((data) => this.data.emit(data));
    this.exited = new Promise((resolve) => {
      this.settle = (exit) => {
        if (this.exit) return;
        this.exit = exit;
        this.release();
        resolve(exit);
      };
    });
    pty.onExit(({ exitCode, signal }) => {
      this.settle({ exitCode, signal: signal ? signal : null });
      // Whatever the agent left running in its group (`cmd &`, nohup'd servers) dies with it: a run
      // that ended owns nothing, and leftovers are how orphans pile up (§6.3).
      void killProcessTree(this.pid).then(this.untrack);
    });
  }

  /**
   * Starts the process. node-pty's spawn is synchronous (~2 ms p50, up to ~7 ms measured for
   * fork + exec): fine once per session, but callers starting many sessions should stagger them
   * rather than spawn dozens in one tick (performance-and-reliability.md §1.2).
   * It throws only when the system cannot make a pty or fork (fd or pty limits): that becomes
   * `pty_spawn_failed`. A missing program or cwd is an exit with code 1 and node-pty's message.
   */
  static spawn(options: PtySpawnOptions, spawnPty: typeof pty.spawn = pty.spawn): Result<PtyProcess> {
    try {
      const child = spawnPty('bash', ['-lc', options.command], {
        name: PTY_TERM_NAME,
        cols: options.cols,
        rows: options.rows,
        cwd: options.cwd,
        env: options.env,
        encoding: 'utf8',
      });
      return ok(new PtyProcess(child, options.sink, options.track));
    } catch (e) {
      return err('pty_spawn_failed', `Could not start a terminal for \`${options.command}\`: ${errorMessage(e)}`);
    }
  }

  /** The exit, once it happened. */
  get exitInfo(): PtyExit | null {
    return this.exit;
  }

  get cols(): number {
    return this.pty.cols;
  }

  get rows(): number {
    return this.pty.rows;
  }

  onData(listener: (data: string) => void): EventSubscription {
    return this.data.on(listener);
  }

  write(data: string): void {
    if (!this.exit && !this.destroyed) this.pty.write(data);
  }

  resize(cols: number, rows: number): void {
    if (this.exit || this.destroyed) return;
    try {
      this.pty.resize(cols, rows);
    } catch {
      // The pty closed between the check and the ioctl; nothing left to resize.
    }
  }

  /**
   * Stops the process and everything it started: SIGTERM to the group and to escaped descendants,
   * SIGKILL after `graceMs`. Resolves with the exit (a SIGKILL exit with code -1 when none was
   * reported within EXIT_WAIT_AFTER_KILL_MS); the pty is released either way.
   */
  async kill(graceMs = KILL_GRACE_MS): Promise<PtyExit> {
    if (this.exit) return this.exit;
    const descendants = await listDescendants(this.pid);
    await Promise.all([killProcessTree(this.pid, graceMs), killPids(descendants, graceMs)]);
    this.untrack();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<null>((resolve) => {
      timer = setTimeout(() => resolve(null), EXIT_WAIT_AFTER_KILL_MS);
    });
    const result = await Promise.race([this.exited, timeout]);
    clearTimeout(timer);
    if (result) return result;
    // No exit report although the tree got SIGKILL (a process stuck in the kernel, or a descendant
    // holding the pty open): release the pty and report a kill so nobody waits forever.
    const forced: PtyExit = { exitCode: -1, signal: constants.signals.SIGKILL };
    this.settle(forced);
    return this.exit ?? forced;
  }

  /** Kills the process tree if it still runs and releases the pty. */
  async dispose(): Promise<void> {
    await this.kill();
  }

  /**
   * Frees the master fd and node-pty's write queue. `kill()` alone does neither, and leaked pty
   * masters exhaust the system's pty limit (511 on macOS) within hours (§2, ssv445/claude-wormhole#15).
   */
  private release(): void {
    if (this.destroyed) return;
    this.destroyed = true;
    this.data.dispose();
    if (this.slaveFd !== null) close(this.slaveFd, () => {});
    this.slaveFd = null;
    // `destroy` exists on node-pty's Unix and Windows terminals but is missing from its typings.
    (this.pty as IPty & { destroy?: () => void }).destroy?.();
  }

  /**
   * Keeps our own handle on the pty's slave side until the exit is reported. On Linux the master
   * reports end-of-file as soon as the last slave fd closes, even with output still queued, so a
   * program that prints a lot and exits at once loses its last 4–15 KB (microsoft/node-pty#726;
   * measured here: 2 MB through `cat` lost ~10 KB on every run). With the slave held open the
   * master never hangs up; node-pty then reads until its 200 ms post-exit grace ends, and the
   * queued tail is read within that window unless the event loop stalls for longer.
   * The open is synchronous on purpose: it must win the race against a fast-exiting child, and
   * opening a device node costs microseconds next to the ~2 ms synchronous spawn itself.
   */
  private holdSlave(): void {
    const slavePath = (this.pty as IPty & { _pty?: unknown })._pty;
    if (process.platform === 'win32' || typeof slavePath !== 'string') return;
    try {
      this.slaveFd = openSync(slavePath, fsConstants.O_RDWR | fsConstants.O_NOCTTY);
    } catch {
      // The child already exited and the pty is gone: nothing left to protect.
    }
  }
}
