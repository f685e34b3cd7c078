import xtermHeadless from '@xterm/headless';
import { SCROLLBACK_LINES } from '../../electron/engine/terminals/screen-mirror.js';
import { streamSlice } from './stream-pattern.js';

const { Terminal } = xtermHeadless;

/** Bulk chunk: large enough that xterm's per-write overhead vanishes and only parsing remains. */
const CHUNK_BYTES = 16 * 1024;

/**
 * The floor of the screen copy's cost: the benchmark's stream (as the pty delivers it, `\r\n`)
 * written into `terminals` headless xterms configured like the engine's (120×32, same scrollback),
 * round robin in 16 KiB chunks. Returns MB parsed per second of CPU time.
 */
export async function bulkParseMbPerCpuSecond(terminals: number, totalBytes: number): Promise<number> {
  const terms = Array.from({ length: terminals }, () => new Terminal({ cols: 120, rows: 32, scrollback: SCROLLBACK_LINES, allowProposedApi: true }));
  const chunks = Array.from({ length: 8 }, (_, i) => streamSlice(i * CHUNK_BYTES, CHUNK_BYTES).replace(/\n/g, '\r\n'));
  const writes = Math.ceil(totalBytes / CHUNK_BYTES);
  // Warm-up: fill every scrollback once, so the timed part recycles lines as a long-running session does.
  await writeAll(terms, chunks, terminals * Math.ceil((SCROLLBACK_LINES * 81) / CHUNK_BYTES));
  const before = process.cpuUsage();
  const bytes = await writeAll(terms, chunks, writes);
  const cpu = process.cpuUsage(before);
  for (const t of terms) t.dispose();
  return bytes / 1e6 / ((cpu.user + cpu.system) / 1e6);
}

function writeAll(terms: Array<InstanceType<typeof Terminal>>, chunks: string[], writes: number): Promise<number> {
  return new Promise((resolve) => {
    let done = 0;
    let bytes = 0;
    for (let k = 0; k < writes; k++) {
      const data = chunks[k % chunks.length] ?? '';
      bytes += data.length;
      terms[k % terms.length]?.write(data, () => {
        if (++done === writes) resolve(bytes);
      });
    }
    if (writes === 0) resolve(0);
  });
}
