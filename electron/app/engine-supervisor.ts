import type { EngineAddress, EngineStatus } from '../../shared/bridge/bridge-api.js';
import type { Clock, TimerHandle } from '../engine/lib/clock.js';
import type { Disposable } from '../engine/lib/disposable.js';
import { err, errorMessage, ok, type Result } from '../engine/lib/result.js';
import { LineSplitter, TailBuffer, parseBanner } from './engine-banner.js';
import { engineCommand, engineEnv, type EngineCommandPaths, type EngineLaunch } from './engine-command.js';
import { DEFAULT_RESTART_LIMITS, RestartPolicy, type RestartLimits } from './restart-policy.js';

/** The part of a ChildProcess the supervisor uses (a fake in tests). */
export interface EngineChild {
  readonly stdout: NodeJS.ReadableStream | null;
  readonly stderr: NodeJS.ReadableStream | null;
  readonly exitCode: number | null;
  readonly signalCode: NodeJS.Signals | null;
  kill(signal?: NodeJS.Signals): boolean;
  once(event: 'exit', listener: (code: number | null, signal: NodeJS.Signals | null) => void): unknown;
  once(event: 'close' | 'error', listener: (arg?: unknown) => void): unknown;
}

export interface EngineSpawnOptions {
  cwd: string;
  env: NodeJS.ProcessEnv;
  /** stdin is a pipe the engine watches (--exit-with-stdin); nothing is ever written to it. */
  stdio: ['pipe', 'pipe', 'pipe'];
}

export type SpawnEngine = (command: string, args: string[], options: EngineSpawnOptions) => EngineChild;

export interface SupervisorTimeouts {
  /** A healthy engine prints its banner in well under a second; 30 s covers a cold disk and migrations. */
  readyMs: number;
  /**
   * After SIGTERM the engine stops its agents, checks and hooks as process trees (each gets 1.5 s
   * before SIGKILL) and flushes its store, printing a `Baton stopping` heartbeat every second while
   * it works. This much silence means it hung: only then is it killed (watchdog).
   */
  stopSilenceMs: number;
  /** However busy it says it is, a stop never takes longer than this. */
  stopMaxMs: number;
  /** After SIGKILL, how long to wait for the exit before giving up on it (uninterruptible I/O). */
  killWaitMs: number;
  /** 'exit' can come before stderr is drained; wait this long for 'close' to read the last words. */
  drainMs: number;
}

export const DEFAULT_TIMEOUTS: SupervisorTimeouts = { readyMs: 30_000, stopSilenceMs: 10_000, stopMaxMs: 120_000, killWaitMs: 5_000, drainMs: 1_000 };

export interface EngineSupervisorOptions {
  spawn: SpawnEngine;
  clock: Clock;
  paths: EngineCommandPaths;
  env: NodeJS.ProcessEnv;
  limits?: RestartLimits;
  timeouts?: Partial<SupervisorTimeouts>;
}

/**
 * Runs the engine (`baton serve` or `baton demo`) as a child of Electron main and keeps it alive:
 * the banner line gives its address, an unexpected exit restarts it with backoff up to a cap, and
 * every change is reported as an EngineStatus. stop() asks it to stop with SIGTERM and waits for the
 * clean exit, force-killing it only when it stops reporting progress (or takes far too long): a
 * killed engine leaves its agents' processes for the next start to reap.
 */
export class EngineSupervisor implements Disposable {
  private child: EngineChild | null = null;
  private launch: EngineLaunch | null = null;
  private current: EngineStatus = { state: 'idle' };
  private addressValue: EngineAddress | null = null;
  private readonly listeners = new Set<(status: EngineStatus) => void>();
  private readonly policy: RestartPolicy;
  private readonly timeouts: SupervisorTimeouts;
  private readonly stderr = new TailBuffer();
  private everReady = false;
  private restartTimer: TimerHandle | null = null;
  private readyTimer: TimerHandle | null = null;
  private waiters: Array<(result: Result<EngineAddress>) => void> = [];
  private ops: Promise<void> = Promise.resolve();

  constructor(private readonly options: EngineSupervisorOptions) {
    this.policy = new RestartPolicy(options.limits ?? DEFAULT_RESTART_LIMITS);
    this.timeouts = { ...DEFAULT_TIMEOUTS, ...options.timeouts };
  }

  get status(): EngineStatus {
    return this.current;
  }

  /** The running engine's address (with its token); null unless running. */
  get address(): EngineAddress | null {
    return this.current.state === 'running' ? this.addressValue : null;
  }

  /** What was last started (restartEngine() starts it again). */
  get lastLaunch(): EngineLaunch | null {
    return this.launch;
  }

  onStatus(listener: (status: EngineStatus) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Stops any engine, starts `launch`; resolves once it listens, or with why it could not. */
  start(launch: EngineLaunch): Promise<Result<EngineAddress>> {
    return new Promise((resolve) => {
      this.enqueue(async () => {
        await this.halt();
        this.launch = launch;
        this.policy.reset();
        this.everReady = false;
        this.waiters.push(resolve);
        this.spawnChild();
      }).catch((e: unknown) => {
        // Without this a throw in the step (a status listener, say) left start() pending forever.
        this.waiters = this.waiters.filter((w) => w !== resolve);
        resolve(err('engine-start-failed', `the engine could not be started: ${errorMessage(e)}`));
      });
    });
  }

  /** Stops the engine (SIGTERM; SIGKILL only when it hangs) and waits until it has exited. */
  stop(): Promise<void> {
    return this.enqueue(async () => {
      await this.halt();
      this.setStatus({ state: 'idle' });
    });
  }

  dispose(): Promise<void> {
    return this.stop();
  }

  private enqueue(op: () => Promise<void>): Promise<void> {
    const next = this.ops.then(op, op);
    this.ops = next.catch(() => undefined);
    return next;
  }

  private spawnChild(): void {
    const launch = this.launch!;
    const cmd = engineCommand(launch, this.options.paths);
    this.stderr.clear();
    this.setStatus({ state: 'starting', target: cmd.target });
    let child: EngineChild;
    try {
      child = this.options.spawn(cmd.command, cmd.args, { cwd: cmd.cwd, env: engineEnv(this.options.env), stdio: ['pipe', 'pipe', 'pipe'] });
    } catch (e) {
      this.stderr.push(`cannot start the engine: ${errorMessage(e)}\n`);
      this.onGone(null, 'could not be started');
      return;
    }
    this.child = child;
    const lines = new LineSplitter((line) => this.onStdoutLine(child, line));
    child.stdout?.setEncoding('utf8');
    child.stderr?.setEncoding('utf8');
    child.stdout?.on('data', (chunk: string) => lines.push(chunk));
    child.stderr?.on('data', (chunk: string) => this.stderr.push(chunk));
    let gone = false;
    let drainTimer: TimerHandle | null = null;
    const finish = (description: string): void => {
      if (gone) return;
      gone = true;
      if (drainTimer) this.options.clock.clearTimeout(drainTimer);
      this.onGone(child, description);
    };
    let exitDescription = 'exited';
    child.once('exit', (code, signal) => {
      exitDescription = describeExit(code, signal);
      drainTimer = this.options.clock.setTimeout(() => finish(exitDescription), this.timeouts.drainMs);
    });
    child.once('close', () => finish(exitDescription));
    child.once('error', (e) => {
      this.stderr.push(`cannot start the engine: ${errorMessage(e)}\n`);
      finish('could not be started');
    });
    this.readyTimer = this.options.clock.setTimeout(() => {
      this.readyTimer = null;
      if (this.child !== child) return;
      this.stderr.push(`no "Baton listening on" line within ${this.timeouts.readyMs / 1000} s; stopping it\n`);
      child.kill('SIGKILL');
    }, this.timeouts.readyMs);
  }

  private onStdoutLine(child: EngineChild, line: string): void {
    if (child !== this.child || this.current.state !== 'starting') return;
    const address = parseBanner(line);
    if (!address) return;
    this.clearReadyTimer();
    this.everReady = true;
    this.addressValue = address;
    this.setStatus({ state: 'running', target: this.current.target, url: address.url });
    this.settle(ok(address));
  }

  /** An exit we did not ask for (stop() forgets the child before killing it). */
  private onGone(child: EngineChild | null, description: string): void {
    if (child !== null && child !== this.child) return;
    this.child = null;
    this.clearReadyTimer();
    const target = engineCommand(this.launch!, this.options.paths).target;
    const stderrTail = this.stderr.text();
    if (!this.everReady) {
      // A start that never reached the banner is a configuration problem: retrying would only repeat it.
      return this.setStopped(target, `the engine ${description} before it was ready`, stderrTail);
    }
    const decision = this.policy.onCrash(this.options.clock.now());
    if (!decision) {
      const minutes = Math.round(this.policy.windowMs / 60_000);
      return this.setStopped(
        target,
        `the engine ${description}; it crashed ${this.policy.maxRestarts + 1} times within ${minutes} minutes, so Baton stopped restarting it`,
        stderrTail,
      );
    }
    this.setStatus({ state: 'restarting', target, restarts: decision.restarts, maxRestarts: this.policy.maxRestarts, retryInMs: decision.delayMs, stderrTail });
    this.restartTimer = this.options.clock.setTimeout(() => {
      this.restartTimer = null;
      this.spawnChild();
    }, decision.delayMs);
  }

  private setStopped(target: string, reason: string, stderrTail: string): void {
    this.setStatus({ state: 'stopped', target, reason, stderrTail });
    this.settle(err('engine-stopped', stderrTail ? `${reason}: ${stderrTail}` : reason));
  }

  private async halt(): Promise<void> {
    if (this.restartTimer) this.options.clock.clearTimeout(this.restartTimer);
    this.restartTimer = null;
    this.clearReadyTimer();
    const child = this.child;
    this.child = null;
    this.settle(err('engine-cancelled', 'the engine was stopped before it was ready'));
    if (child) await this.terminate(child);
  }

  private terminate(child: EngineChild): Promise<void> {
    if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
    const clock = this.options.clock;
    const { stopSilenceMs, stopMaxMs, killWaitMs } = this.timeouts;
    return new Promise((resolve) => {
      let watchdog: TimerHandle | null = null;
      let deadline: TimerHandle | null = null;
      let killWait: TimerHandle | null = null;
      let done = false;
      const finish = (): void => {
        if (done) return;
        done = true;
        for (const t of [watchdog, deadline, killWait]) if (t) clock.clearTimeout(t);
        child.stdout?.off('data', onOutput);
        resolve();
      };
      const kill = (why: string): void => {
        if (done || killWait) return;
        this.stderr.push(`${why}; killing it (its agents are stopped at the next start)\n`);
        if (watchdog) clock.clearTimeout(watchdog);
        child.kill('SIGKILL');
        // A process that survives SIGKILL (uninterruptible I/O) must not hold up quitting forever.
        killWait = clock.setTimeout(finish, killWaitMs);
      };
      const arm = (): void => {
        if (watchdog) clock.clearTimeout(watchdog);
        watchdog = clock.setTimeout(() => kill(`the engine said nothing for ${stopSilenceMs / 1000} s while stopping`), stopSilenceMs);
      };
      // Every line a stopping engine prints (its heartbeat) proves it is still making progress.
      const onOutput = (): void => {
        if (!killWait) arm();
      };
      child.once('exit', finish);
      child.once('error', finish);
      child.stdout?.on('data', onOutput);
      child.kill('SIGTERM');
      arm();
      deadline = clock.setTimeout(() => kill(`the engine was still stopping after ${stopMaxMs / 1000} s`), stopMaxMs);
    });
  }

  private clearReadyTimer(): void {
    if (this.readyTimer) this.options.clock.clearTimeout(this.readyTimer);
    this.readyTimer = null;
  }

  private settle(result: Result<EngineAddress>): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const resolve of waiters) resolve(result);
  }

  private setStatus(status: EngineStatus): void {
    this.current = status;
    for (const listener of [...this.listeners]) listener(status);
  }
}

function describeExit(code: number | null, signal: NodeJS.Signals | null): string {
  if (signal) return `was killed by ${signal}`;
  return `exited with code ${code ?? 'unknown'}`;
}
