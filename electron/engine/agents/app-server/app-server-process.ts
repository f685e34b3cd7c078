import { spawn as nodeSpawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import type { Clock } from '../../lib/clock.js';
import { KILL_GRACE_MS, killProcessTree } from '../../lib/process-tree.js';
import { errorMessage } from '../../lib/result.js';
import { JsonlReader } from './jsonl-reader.js';

export type SpawnFn = (command: string, args: readonly string[], options: SpawnOptions) => ChildProcess;

export interface ProcessExit {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the process could not be started at all. */
  spawn_error: string | null;
}

export interface AppServerProcessOptions {
  /** Shell command, run as `bash -lc <command>` (SPEC §10.1). */
  command: string;
  cwd: string;
  env: NodeJS.ProcessEnv;
  clock: Clock;
  spawn?: SpawnFn;
  /** Records the process group once it runs; the returned function forgets it once it is gone. */
  track?: (pid: number) => () => void;
}

export interface AppServerProcessHandlers {
  onStdoutLine(line: string): void;
  onStdoutOversize(bytes: number): void;
  onStderrLine(line: string): void;
  /** Called once, after the pipes drained (or a short grace period passed). */
  onExit(exit: ProcessExit): void;
}

/** stderr lines kept for error reports: enough for a panic message and its location. */
export const STDERR_TAIL_LINES = 20;
/** stderr is diagnostics only; a longer line is dropped rather than buffered. */
export const STDERR_LINE_MAX_BYTES = 64 * 1024;
/**
 * After the leader exits, its last stdout lines may still be in the pipe; 'close' normally follows
 * at once, but a descendant holding the pipe open would delay it forever, hence a short cap.
 */
export const EXIT_DRAIN_GRACE_MS = 250;
/**
 * After SIGKILL the exit normally follows within milliseconds; a process stuck in uninterruptible
 * I/O may take longer, and a stop must not hang on it forever.
 */
export const EXIT_WAIT_AFTER_KILL_MS = 2_000;

/**
 * The app-server child: its own process group (so a stop reaches every descendant), stdout as the
 * protocol stream, stderr split into diagnostic lines kept apart.
 */
export class AppServerProcess {
  private child: ChildProcess | null = null;
  private readonly tail: string[] = [];
  private exit: ProcessExit | null = null;
  private leaderExited = false;
  private readonly exitWaiters: Array<() => void> = [];
  private untrack: () => void = () => undefined;

  constructor(options: AppServerProcessOptions, private readonly handlers: AppServerProcessHandlers) {
    const stdout = new JsonlReader({ onLine: handlers.onStdoutLine, onOversize: handlers.onStdoutOversize });
    const stderr = new JsonlReader(
      { onLine: (line) => this.stderrLine(line), onOversize: (bytes) => this.stderrLine(`(a stderr line of ${bytes} bytes was dropped)`) },
      STDERR_LINE_MAX_BYTES,
    );
    try {
      this.child = (options.spawn ?? nodeSpawn)('bash', ['-lc', options.command], {
        cwd: options.cwd,
        env: options.env,
        detached: true,
        stdio: ['pipe', 'pipe', 'pipe'],
      });
    } catch (e) {
      queueMicrotask(() => this.finish({ code: null, signal: null, spawn_error: errorMessage(e) }));
      return;
    }
    const child = this.child;
    let spawned = false;
    child.once('spawn', () => (spawned = true));
    if (child.pid !== undefined && options.track) this.untrack = options.track(child.pid);
    child.stdout?.on('data', (chunk: Buffer) => stdout.push(chunk));
    child.stdout?.on('end', () => stdout.end());
    child.stderr?.on('data', (chunk: Buffer) => stderr.push(chunk));
    child.stderr?.on('end', () => stderr.end());
    // Writing after the child died raises EPIPE here; the exit handler is what reports the death.
    child.stdin?.on('error', () => undefined);
    child.on('error', (e) => {
      if (!spawned) this.finish({ code: null, signal: null, spawn_error: e.message });
    });
    child.on('exit', (code, signal) => {
      this.leaderExited = true;
      options.clock.setTimeout(() => this.finish({ code, signal, spawn_error: null }), EXIT_DRAIN_GRACE_MS);
    });
    child.on('close', (code, signal) => this.finish({ code, signal, spawn_error: null }));
  }

  get pid(): number | null {
    return this.child?.pid ?? null;
  }

  get exited(): ProcessExit | null {
    return this.exit;
  }

  /** The last stderr lines, for error reports. */
  stderrTail(): string[] {
    return [...this.tail];
  }

  write(line: string): void {
    const stdin = this.child?.stdin;
    if (!stdin || stdin.destroyed || this.exit) return;
    stdin.write(`${line}\n`);
  }

  /** Kills the whole process group and resolves once the child has exited. */
  async kill(): Promise<void> {
    const pid = this.pid;
    if (pid === null) return;
    if (this.leaderExited) await killGroupRemnants(pid);
    else await killProcessTree(pid);
    this.untrack();
    if (this.exit) return;
    await new Promise<void>((resolve) => {
      const timer = setTimeout(resolve, EXIT_WAIT_AFTER_KILL_MS);
      this.exitWaiters.push(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  private stderrLine(line: string): void {
    this.tail.push(line.length > 500 ? `${line.slice(0, 500)}…` : line);
    if (this.tail.length > STDERR_TAIL_LINES) this.tail.shift();
    this.handlers.onStderrLine(line);
  }

  private finish(exit: ProcessExit): void {
    if (this.exit) return;
    this.exit = exit;
    this.handlers.onExit(exit);
    for (const resolve of this.exitWaiters.splice(0)) resolve();
  }
}

/**
 * Descendants can outlive the leader (a crashed app-server leaves its tool processes behind). Once
 * the leader is reaped its pid may be reused, so only the group is signalled, never the bare pid.
 */
async function killGroupRemnants(pgid: number): Promise<void> {
  const signal = (sig: NodeJS.Signals | 0): boolean => {
    try {
      process.kill(-pgid, sig);
      return true;
    } catch {
      return false;
    }
  };
  if (!signal('SIGTERM')) return;
  const deadline = Date.now() + KILL_GRACE_MS;
  while (Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 25));
    if (!signal(0)) return;
  }
  signal('SIGKILL');
}
