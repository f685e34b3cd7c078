import { execFile, spawn, type ChildProcess } from 'node:child_process';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { pollUntil, type FeedReport, type StreamProducer } from './producer.js';

/** Streams run this long before the window opens, so it sees steady state, not the first writes. */
const WARM_UP_MS = 1_000;
/** Once all are open, streaming shows up in every terminal within a few ticks. */
const FIRST_OUTPUT_WAIT_MS = 5_000;
const FEEDER_SCRIPT = path.join(path.dirname(fileURLToPath(import.meta.url)), 'feeder-process.js');

/**
 * Each session's pty runs `exec cat <fifo>` (a real process printing into a real pty, through the
 * engine's whole path); one feeder process writes every FIFO at the target rate. The producing
 * side then costs a few % of a core for 100 sessions, and the window opens when the feeder starts
 * all streams at once, after every `cat` is up.
 */
export class FeederProducer implements StreamProducer {
  readonly name = 'feeder + cat';
  readonly latestWindowEnd = Number.POSITIVE_INFINITY;
  private readonly opened = new Set<number>();
  private done: Promise<FeedReport>;
  private resolveDone: (report: FeedReport) => void = () => {};

  private constructor(
    private readonly child: ChildProcess,
    private readonly fifos: string[],
  ) {
    this.done = new Promise((resolve) => {
      this.resolveDone = resolve;
    });
    createInterface({ input: child.stdout! }).on('line', (line) => {
      const msg = JSON.parse(line) as { opened?: number; done?: boolean; bytes?: number[]; maxBacklog?: number };
      if (msg.opened !== undefined) this.opened.add(msg.opened);
      if (msg.done) this.resolveDone({ bytes: msg.bytes ?? null, maxBacklog: msg.maxBacklog ?? null });
    });
    child.once('exit', () => this.resolveDone({ bytes: null, maxBacklog: null }));
    fifos.forEach((fifo, id) => this.send({ cmd: 'open', id, path: fifo }));
  }

  /** `writeEveryMs`: period of one stream's writes (20 ms like the fake agent, unless told otherwise). */
  static async create(dir: string, sessions: number, rateBytesPerS: number, writeEveryMs = 20): Promise<FeederProducer> {
    const fifos = Array.from({ length: sessions }, (_, i) => path.join(dir, `s${i}.fifo`));
    await promisify(execFile)('mkfifo', fifos);
    const child = spawn(process.execPath, [FEEDER_SCRIPT, String(rateBytesPerS), String(writeEveryMs)], { stdio: ['pipe', 'pipe', 'inherit'] });
    return new FeederProducer(child, fifos);
  }

  session(i: number): { command: string; env: Record<string, string> } {
    return { command: `exec cat '${this.fifos[i]}'`, env: {} };
  }

  async begin(deadline: number, allStreaming: () => boolean): Promise<void> {
    await pollUntil(() => this.opened.size === this.fifos.length, deadline);
    this.send({ cmd: 'start' });
    await pollUntil(allStreaming, Date.now() + FIRST_OUTPUT_WAIT_MS);
    await new Promise((resolve) => setTimeout(resolve, WARM_UP_MS));
  }

  end(): Promise<FeedReport> {
    this.send({ cmd: 'stop' });
    return this.done;
  }

  /** Closing its stdin makes the feeder close every FIFO and exit; a kill by pid if it does not. */
  async dispose(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = new Promise((resolve) => this.child.once('exit', resolve));
    this.child.stdin?.end();
    const timer = setTimeout(() => this.child.kill('SIGKILL'), 2_000);
    await exited;
    clearTimeout(timer);
  }

  private send(command: object): void {
    if (this.child.stdin?.writable) this.child.stdin.write(`${JSON.stringify(command)}\n`);
  }
}
