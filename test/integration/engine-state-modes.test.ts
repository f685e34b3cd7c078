import { chmod, readdir, stat } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EngineHarness } from './engine-harness.js';
import { ticketInReview } from './engine-review-kit.js';

const harnesses: EngineHarness[] = [];
afterEach(async () => {
  for (const h of harnesses.splice(0).reverse()) await h.dispose();
});

/** Every file and directory under `dir`, with its permission bits. */
async function modes(dir: string): Promise<Array<[string, number, boolean]>> {
  const out: Array<[string, number, boolean]> = [];
  const walk = async (p: string): Promise<void> => {
    const info = await stat(p);
    out.push([path.relative(dir, p) || '.', info.mode & 0o777, info.isDirectory()]);
    if (info.isDirectory()) for (const name of await readdir(p)) await walk(path.join(p, name));
  };
  await walk(dir);
  return out;
}

const loose = (entries: Array<[string, number, boolean]>) => entries.filter(([, mode, isDir]) => mode !== (isDir ? 0o700 : 0o600));

// Issue 7: the engine's state (.baton: history and ticket databases with their -wal/-shm, raw
// terminal logs, prompts) was world-readable. New state is owner-only, and an existing install's
// files are tightened when the engine starts.
describe('the engine state directory', () => {
  it('is owner-only from the first run, and an older loose install is tightened at start', async () => {
    const h = await EngineHarness.start({ scenario: 'happy' });
    harnesses.push(h);
    await ticketInReview(h, 'Say hello');
    const state = path.join(h.dir, '.baton');
    const entries = await modes(state);
    const names = entries.map(([name]) => name);
    for (const expected of ['.', 'state.db', 'state.db-wal', 'state.db-shm', 'tickets.db', 'tickets.db-wal', 'tickets.db-shm', 'sessions', 'prompts', 'logs']) {
      expect(names, expected).toContain(expected);
    }
    expect(names.some((n) => n.startsWith('sessions/') && n.endsWith('.log'))).toBe(true);
    expect(loose(entries)).toEqual([]);

    // An install from before: everything readable by all. The next start takes that away.
    await h.engine.dispose();
    for (const [name, , isDir] of entries) await chmod(path.join(state, name), isDir ? 0o755 : 0o644);
    expect(loose(await modes(state))).toHaveLength(entries.length);
    const again = await h.reopen();
    harnesses.push(again);
    expect(loose(await modes(state))).toEqual([]);
  });
});
