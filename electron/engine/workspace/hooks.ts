import { spawn as nodeSpawn, type ChildProcess } from 'node:child_process';
import { StringDecoder } from 'node:string_decoder';
import { systemClock, type Clock } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import { UNRECORDED, type ProcessRecorder } from '../lib/process-ledger.js';
import { KILL_GRACE_MS, killProcessTree } from '../lib/process-tree.js';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import { OutputTail } from './output-tail.js';

export type HookName = 'after_create' | 'before_run' | 'after_run' | 'before_remove';

/** SPEC §9.4: these abort creation / the attempt; `after_run` and `before_remove` are logged and ignored. */
export const FATAL_HOOKS: ReadonlySet<HookName> = new Set<HookName>(['after_create', 'before_run']);

/**
 * Output kept per hook run: the last 64 KiB. Enough for the tail of a failing `npm ci` or test run,
 * which is where the reason is; small enough to store in a trace event and to hold for many hooks.
 */
export const HOOK_OUTPUT_LIMIT_BYTES = 64 * 1024;

/**
 * How long to keep reading after the hook's shell exited. Output written just before exit is still in
 * the pipe; a background process that escaped the group (setsid) may hold the pipe open forever, so
 * waiting for 'close' without a bound could hang the run.
 */
const DRAIN_AFTER_EXIT_MS = 250;

/** Bytes of output tail copied into a failure log line (the full tail travels in the Result). */
const LOGGED_OUTPUT_BYTES = 1024;

export interface HookRunOptions {
  timeoutMs: number;
  env: NodeJS.ProcessEnv;
  /** Live output, decoded as UTF-8, e.g. for trace events. Exceptions thrown here are ignored. */
  onOutput?: (chunk: string, stream: 'stdout' | 'stderr') => void;
  /** Aborting kills the hook's process tree; the result is then `hook_failed` ("stopped"). */
  signal?: AbortSignal;
}

export interface HookRunResult {
  /** Combined stdout and stderr, last {@link HOOK_OUTPUT_LIMIT_BYTES} bytes. */
  output: string;
  durationMs: number;
}

export interface HookRunnerDeps {
  logger: Logger;
  clock?: Clock;
  spawn?: typeof nodeSpawn;
  /** SIGTERM → SIGKILL grace for a hook's process group. */
  killGraceMs?: number;
  /** Records each hook's process group while it runs (the engine's ledger). */
  processes?: ProcessRecorder;
}

/**
 * Runs workspace hooks (SPEC §9.4) as `bash -lc <script>` in the workspace, each in its own process
 * group so a timeout or shutdown reaches every descendant. When the hook's shell exits, processes it
 * left running in its group are killed too: a hook is a bounded step, and leftovers would be orphans
 * nobody tracks (a hook that really wants a daemon must detach it with `setsid`).
 */
export class HookRunner {
  private readonly clock: Clock;
  private readonly spawn: typeof nodeSpawn;
  private readonly killGraceMs: number;
  private readonly running = new Set<ChildProcess>();
  private disposed = false;

  constructor(private readonly deps: HookRunnerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.spawn = deps.spawn ?? nodeSpawn;
    this.killGraceMs = deps.killGraceMs ?? KILL_GRACE_MS;
  }

  async run(name: HookName, script: string, cwd: string, options: HookRunOptions): Promise<Result<HookRunResult>> {
    const log = this.deps.logger.child({ hook: name, cwd });
    const details = { hook: name, fatal: FATAL_HOOKS.has(name) };
    if (this.disposed) return err('hook_failed', `hook ${name} not started: the hook runner is shut down`, details);
    if (options.signal?.aborted) return err('hook_failed', `hook ${name} not started: it was stopped`, details);
    const started = this.clock.now();
    log.info({ timeout_ms: options.timeoutMs }, 'hook started');

    let child: ChildProcess;
    try {
      child = this.spawn('bash', ['-lc', script], { cwd, env: options.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    } catch (e) {
      log.warn({ err: errorMessage(e) }, 'hook could not start');
      return err('hook_failed', `hook ${name} could not start: ${errorMessage(e)}`, details);
    }
    this.running.add(child);
    const untrack =
      child.pid === undefined
        ? () => undefined
        : (this.deps.processes ?? UNRECORDED).started(child.pid, { kind: 'hook', label: name, cwd, issue_identifier: options.env.BATON_ISSUE_IDENTIFIER ?? null });
    const outcome = await this.supervise(child, options);
    // supervise() returns once the hook's group is gone (remnants are killed at exit).
    untrack();
    this.running.delete(child);
    const durationMs = this.clock.now() - started;
    const output = outcome.tail.text();
    const logged = { duration_ms: durationMs, output_tail: output.slice(-LOGGED_OUTPUT_BYTES) };

    if (outcome.spawnError !== null) {
      log.warn({ ...logged, err: outcome.spawnError }, 'hook could not start');
      return err('hook_failed', `hook ${name} could not start in ${cwd}: ${outcome.spawnError}`, { ...details, output, durationMs });
    }
    if (outcome.aborted) {
      log.info(logged, 'hook stopped');
      return err('hook_failed', `hook ${name} was stopped`, { ...details, output, durationMs });
    }
    if (outcome.timedOut) {
      log.warn(logged, 'hook timed out');
      return err('hook_timeout', `hook ${name} timed out after ${options.timeoutMs} ms`, { ...details, output, durationMs, timeoutMs: options.timeoutMs });
    }
    if (outcome.code !== 0) {
      const how = outcome.code !== null ? `exited with code ${outcome.code}` : `was killed by ${outcome.signal ?? 'a signal'}`;
      log.warn({ ...logged, exit_code: outcome.code, signal: outcome.signal }, 'hook failed');
      return err('hook_failed', `hook ${name} ${how}`, { ...details, exitCode: outcome.code, signal: outcome.signal, output, durationMs });
    }
    log.info({ duration_ms: durationMs }, 'hook completed');
    return ok({ output, durationMs });
  }

  /** Kills every running hook's process tree; later runs fail immediately. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.running].map((child) => (child.pid === undefined ? undefined : killProcessTree(child.pid, this.killGraceMs))));
  }

  private supervise(child: ChildProcess, options: HookRunOptions): Promise<Outcome> {
    const tail = new OutputTail(HOOK_OUTPUT_LIMIT_BYTES);
    const streams = [
      { stream: child.stdout, name: 'stdout' as const },
      { stream: child.stderr, name: 'stderr' as const },
    ];
    for (const { stream, name } of streams) {
      const decoder = new StringDecoder('utf8');
      stream?.on('data', (chunk: Buffer) => {
        tail.push(chunk);
        if (!options.onOutput) return;
        try {
          options.onOutput(decoder.write(chunk), name);
        } catch {
          // A broken observer must not break the hook.
        }
      });
    }
    const closed = Promise.all(streams.map(({ stream }) => (stream ? new Promise<void>((r) => stream.once('close', () => r())) : undefined)));

    return new Promise<Outcome>((resolve) => {
      let timedOut = false;
      let aborted = false;
      let killing: Promise<void> | null = null;
      const killTree = () => {
        if (killing === null && child.pid !== undefined) killing = killProcessTree(child.pid, this.killGraceMs);
        return killing ?? Promise.resolve();
      };
      const timer = this.clock.setTimeout(() => {
        timedOut = true;
        void killTree();
      }, Math.max(0, options.timeoutMs));
      const onAbort = () => {
        aborted = true;
        void killTree();
      };
      options.signal?.addEventListener('abort', onAbort, { once: true });
      const settle = (outcome: Outcome) => {
        options.signal?.removeEventListener('abort', onAbort);
        resolve(outcome);
      };

      child.once('error', (e) => {
        this.clock.clearTimeout(timer);
        settle({ tail, code: null, signal: null, timedOut: false, aborted: false, spawnError: e.message });
      });
      child.once('exit', (code, signal) => {
        this.clock.clearTimeout(timer);
        void (async () => {
          // Background processes left in the hook's group: kill them (see the class comment).
          if (killing !== null || (child.pid !== undefined && groupExists(child.pid))) await killTree();
          await Promise.race([closed, new Promise((r) => this.clock.setTimeout(() => r(undefined), DRAIN_AFTER_EXIT_MS))]);
          // Let go of pipes still held by a process that escaped the group, so nothing waits on them.
          child.stdout?.destroy();
          child.stderr?.destroy();
          settle({ tail, code, signal, timedOut, aborted, spawnError: null });
        })();
      });
    });
  }
}

interface Outcome {
  tail: OutputTail;
  code: number | null;
  signal: NodeJS.Signals | null;
  timedOut: boolean;
  aborted: boolean;
  spawnError: string | null;
}

function groupExists(pgid: number): boolean {
  try {
    process.kill(-pgid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}
