// When a session's output goes into its screen copy and raw log (TerminalSession's slow path).

/**
 * How long output may wait before it goes into the screen copy and the raw log. Both cost mostly per
 * call at pty-read sizes: feeding xterm each 1 KiB read on its own cost ~50 µs, the same bytes in
 * bulk ~16 µs, and every fs write is a round trip through libuv's pool (bench/README.md, breakdown).
 * At a typical 50 KB/s, 250 ms makes ~12 KB writes, 4 a second per session instead of ~50. Measured
 * on 100 headless xterms at 5 MB/s in all: 100 ms cost 10–30 % more CPU than 250 ms, 500 ms no less.
 * Nobody waits for it: viewers get live output from the batcher, and everything that reads the
 * screen copy (snapshot, drain, lastLines, resize) flushes it first. The price: an engine that dies
 * without dispose() loses up to this much of the raw log's tail.
 */
export const BULK_FLUSH_DELAY_MS = 250;

/**
 * Each session's bulk delay is BULK_FLUSH_DELAY_MS ± this fraction, fixed per session id. Sessions
 * that start together (a batch of dispatches, the benchmark's 100) would otherwise flush in the same
 * turns of the loop and parse ~100 screens' worth in one go, which a visible terminal's output then
 * waits behind: 100 sessions started together measured event-loop lag p99 34–50 ms with one delay
 * for all, 3–7 ms with the spread. Different periods drift apart.
 */
export const BULK_FLUSH_SPREAD = 0.2;

/**
 * Pending output written through at once, whatever the delay. From 16 KiB up xterm parses at its
 * bulk rate (per-write overhead < 3 %), and 64 KiB parse in ~1 ms, so a flooding session neither
 * holds the event loop in one long parse nor keeps much in memory or in a snapshot's unparsed tail.
 */
export const BULK_FLUSH_MAX_CHARS = 64 * 1024;

/**
 * BULK_FLUSH_DELAY_MS spread by BULK_FLUSH_SPREAD with a hash of the id (FNV-1a, then murmur3's
 * finalizer so ids that differ in one digit land far apart): deterministic, no randomness to inject.
 */
export function bulkFlushDelayMs(id: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < id.length; i++) hash = Math.imul(hash ^ id.charCodeAt(i), 0x01000193);
  hash = Math.imul(hash ^ (hash >>> 16), 0x85ebca6b);
  hash = Math.imul(hash ^ (hash >>> 13), 0xc2b2ae35);
  hash ^= hash >>> 16;
  const unit = (hash >>> 0) / 0xffffffff; // 0..1
  return Math.round(BULK_FLUSH_DELAY_MS * (1 - BULK_FLUSH_SPREAD + 2 * BULK_FLUSH_SPREAD * unit));
}
