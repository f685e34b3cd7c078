import { readFile } from 'node:fs/promises';
import { STREAM_START, streamSlice } from './stream-pattern.js';

const DONE = /\r\nSTREAM_DONE bytes=(\d+)\r\n/;

export interface StreamCheck {
  /** Bytes the producer says it streamed (its STREAM_DONE line); null when the line never arrived. */
  produced: number | null;
  /** Bytes of the expected stream found intact, in order, in the raw log. */
  intact: number;
  /** produced - intact: anything dropped, reordered or corrupted on the way. */
  lost: number;
  /** Size of the whole raw log in chars (ASCII here, so also bytes). */
  logChars: number;
}

/**
 * Compares what the producer wrote with what the engine's raw log holds. The pty turns every `\n`
 * into `\r\n` (onlcr), so the log is normalized back before the comparison.
 */
export async function checkRawLog(logPath: string): Promise<StreamCheck> {
  const log = await readFile(logPath, 'utf8');
  const done = DONE.exec(log);
  const start = log.indexOf(STREAM_START);
  if (!done || start < 0 || start > done.index) return { produced: null, intact: 0, lost: NaN, logChars: log.length };
  const produced = Number(done[1]);
  const received = log.slice(start, done.index).replace(/\r\n/g, '\n');
  const expected = streamSlice(0, produced);
  const intact = received === expected ? produced : commonPrefix(received, expected);
  return { produced, intact, lost: produced - intact, logChars: log.length };
}

function commonPrefix(a: string, b: string): number {
  const n = Math.min(a.length, b.length);
  let i = 0;
  while (i < n && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  return i;
}
