import { readFile } from 'node:fs/promises';

/** Generous: a fault scene runs git, login shells and two engines on a loaded 2-core machine. */
export const WAIT_MS = 60_000;

/** Resolves with `fn()`'s first truthy value; throws with `what` when none came in `timeoutMs`. */
export async function until<T>(what: string, fn: () => Promise<T | null | undefined | false>, timeoutMs = WAIT_MS): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown = null;
  for (;;) {
    try {
      const value = await fn();
      if (value) return value;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? ` (last error: ${String(last)})` : ''}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The content of a marker file a hook, check or agent writes when it reaches its step. */
export function waitForFile(file: string, timeoutMs = WAIT_MS): Promise<string> {
  return until(`marker ${file}`, () => readFile(file, 'utf8').catch(() => null), timeoutMs);
}
