import { EventEmitter } from 'node:events';
import { PassThrough } from 'node:stream';

/**
 * A child process as the engine supervisor sees it: stdout/stderr streams, kill(), and the
 * 'exit' then 'close' events Node emits. Tests drive it: print the banner, crash, ignore SIGTERM.
 */
export class FakeEngineChild extends EventEmitter {
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  exitCode: number | null = null;
  signalCode: NodeJS.Signals | null = null;
  readonly signals: NodeJS.Signals[] = [];
  /** When false, SIGTERM is recorded but ignored (a hung engine); SIGKILL always ends it. */
  honorsSigterm = true;

  constructor(
    readonly command: string,
    readonly args: string[],
    readonly options: { cwd: string; env: NodeJS.ProcessEnv },
  ) {
    super();
  }

  kill(signal: NodeJS.Signals = 'SIGTERM'): boolean {
    if (this.exitCode !== null || this.signalCode !== null) return false;
    this.signals.push(signal);
    if (signal === 'SIGKILL' || this.honorsSigterm) queueMicrotask(() => this.exit(null, signal));
    return true;
  }

  printBanner(port = 43121, token = 'tok-123'): void {
    this.stdout.write(`Baton listening on http://127.0.0.1:${port}/?token=${token}\n`);
  }

  /** Ends the process: 'exit', then 'close' once the streams are done (as Node orders them). */
  exit(code: number | null, signal: NodeJS.Signals | null = null): void {
    if (this.exitCode !== null || this.signalCode !== null) return;
    this.exitCode = code;
    this.signalCode = signal;
    this.emit('exit', code, signal);
    this.stdout.end();
    this.stderr.end();
    setImmediate(() => this.emit('close', code, signal));
  }
}

/** A spawn function that records every child it makes. */
export function fakeSpawner(): { spawn: (command: string, args: string[], options: { cwd: string; env: NodeJS.ProcessEnv }) => FakeEngineChild; children: FakeEngineChild[] } {
  const children: FakeEngineChild[] = [];
  return {
    children,
    spawn: (command, args, options) => {
      const child = new FakeEngineChild(command, args, options);
      children.push(child);
      return child;
    },
  };
}
