import { Writable } from 'node:stream';

/**
 * Log lines fan out to several sinks (stderr, a log file). A sink that fails (a closed stderr, a
 * full disk) is dropped with one warning written to the sinks that still work: logging trouble must
 * never take the engine down (SPEC §13.2), and an unhandled stream 'error' would.
 */
export class ResilientLogSinks extends Writable {
  private readonly live: Array<{ name: string; stream: NodeJS.WritableStream }>;

  constructor(sinks: Array<{ name: string; stream: NodeJS.WritableStream }>) {
    super({ decodeStrings: false });
    this.live = [...sinks];
    for (const sink of sinks) sink.stream.on('error', (e: Error) => this.drop(sink.name, e));
  }

  get sinkNames(): string[] {
    return this.live.map((s) => s.name);
  }

  override _write(chunk: Buffer | string, _encoding: BufferEncoding, done: (error?: Error | null) => void): void {
    for (const sink of [...this.live]) {
      try {
        sink.stream.write(chunk);
      } catch (e) {
        this.drop(sink.name, e as Error);
      }
    }
    done();
  }

  private drop(name: string, error: Error): void {
    const index = this.live.findIndex((s) => s.name === name);
    if (index < 0) return;
    this.live.splice(index, 1);
    const line = JSON.stringify({ level: 40, time: new Date().toISOString(), service: 'baton', sink: name, msg: `log sink ${name} failed and was dropped: ${error.message}` });
    for (const sink of this.live) {
      try {
        sink.stream.write(`${line}\n`);
      } catch {
        // Nothing left to tell; the engine goes on without this sink too.
      }
    }
  }
}
