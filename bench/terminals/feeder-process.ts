// A child process that streams into many FIFOs at a fixed rate each, so that N ptys running
// `cat <fifo>` print like N agents while the producing side costs one small process instead of N
// Node runtimes (which on a 2-core machine would take the CPU the engine is being measured on).
//
// argv: <bytes per second per stream> [<ms between writes of one stream>]
// stdin, one JSON command per line:  {"cmd":"open","id":3,"path":"/tmp/…/3.fifo"}  {"cmd":"start"}  {"cmd":"stop"}
// stdout, one JSON report per line:  {"opened":3}  {"done":true,"bytes":[…],"maxBacklog":n,"blocked":n}
import { closeSync, constants, openSync, writeSync } from 'node:fs';
import { createInterface } from 'node:readline';
import { streamDoneLine, streamSlice } from './stream-pattern.js';

/**
 * Default: like the fake agent, a write every 20 ms per stream, each stream at its own phase within
 * the tick. A larger period (argv[3]) sends the same bytes in fewer, bigger writes.
 */
const DEFAULT_WRITE_EVERY_MS = 20;
/** Scheduler resolution: fine enough to spread 100 streams' phases over the 20 ms tick. */
const TIMER_MS = 2;
const OPEN_RETRY_MS = 20;

interface Stream {
  fd: number;
  sent: number;
  nextAt: number;
  /** Bytes the pipe refused (full: nobody reads the pty fast enough), written first next time. */
  pending: string;
}

const rate = Number(process.argv[2] ?? 51_200);
const WRITE_EVERY_MS = Number(process.argv[3] ?? DEFAULT_WRITE_EVERY_MS);
const streams = new Map<number, Stream>();
let startedAt = 0;
let maxBacklog = 0;
let blocked = 0;
let ticker: NodeJS.Timeout | null = null;
const report = (value: unknown) => process.stdout.write(`${JSON.stringify(value)}\n`);

function open(id: number, path: string): void {
  try {
    // Non-blocking: the open fails with ENXIO until `cat` has the FIFO open for reading.
    streams.set(id, { fd: openSync(path, constants.O_WRONLY | constants.O_NONBLOCK), sent: 0, nextAt: 0, pending: '' });
    report({ opened: id });
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENXIO') throw e;
    setTimeout(() => open(id, path), OPEN_RETRY_MS);
  }
}

/** Writes as much of `data` as the pipe takes; returns what is left. */
function push(stream: Stream, data: string): string {
  let rest = data;
  while (rest.length > 0) {
    try {
      rest = rest.slice(writeSync(stream.fd, rest));
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EAGAIN') throw e;
      blocked++;
      break;
    }
  }
  return rest;
}

function tick(): void {
  const now = performance.now();
  for (const stream of streams.values()) {
    if (now < stream.nextAt) continue;
    stream.nextAt += WRITE_EVERY_MS;
    const due = Math.floor(((now - startedAt) * rate) / 1000) - stream.sent;
    if (due > 0) {
      stream.pending += streamSlice(stream.sent, due);
      stream.sent += due;
    }
    stream.pending = push(stream, stream.pending);
    maxBacklog = Math.max(maxBacklog, stream.pending.length);
  }
}

function start(): void {
  startedAt = performance.now();
  let phase = 0;
  for (const stream of streams.values()) stream.nextAt = startedAt + (phase++ * WRITE_EVERY_MS) / Math.max(1, streams.size);
  ticker = setInterval(tick, TIMER_MS);
}

/** Delivers every pending byte and the STREAM_DONE line, then closes the FIFOs (cat exits on EOF). */
async function stop(): Promise<void> {
  if (ticker) clearInterval(ticker);
  const bytes: number[] = [];
  for (const [id, stream] of streams) {
    stream.pending += streamDoneLine(stream.sent);
    while ((stream.pending = push(stream, stream.pending)).length > 0) await new Promise((r) => setTimeout(r, 5));
    closeSync(stream.fd);
    bytes[id] = stream.sent;
  }
  streams.clear();
  report({ done: true, bytes, maxBacklog, blocked });
  process.stdin.destroy();
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  const msg = JSON.parse(line) as { cmd: string; id?: number; path?: string };
  if (msg.cmd === 'open' && msg.id !== undefined && msg.path) open(msg.id, msg.path);
  else if (msg.cmd === 'start') start();
  else if (msg.cmd === 'stop') void stop();
});
// The bench went away without saying stop: close everything so no `cat` waits forever.
lines.on('close', () => {
  if (ticker) clearInterval(ticker);
  for (const stream of streams.values()) closeSync(stream.fd);
  process.exit(0);
});
