import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/engine/lib/clock.js';
import type { Result } from '../../electron/engine/lib/result.js';
import { LocalTracker, type LocalTrackerOptions } from '../../electron/engine/tracker/local/local-tracker.js';

const SETTINGS = {
  states: ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Done', 'Cancelled'],
  active_states: ['Todo', 'In Progress'],
  terminal_states: ['Done', 'Cancelled'],
};

// Another process writing the same tickets file (the `baton` CLI, an agent's ticket tool): it takes
// the write lock, changes BAT-1, says "locked", and commits after `holdMs`.
const LOCK_HOLDER = `
const [, libsqlUrl, dbPath, holdMs] = process.argv;
const { default: Database } = await import(libsqlUrl);
const db = new Database(dbPath);
db.exec('BEGIN IMMEDIATE');
db.exec("UPDATE issues SET title = 'edited elsewhere' WHERE identifier = 'BAT-1'");
process.stdout.write('locked\\n');
setTimeout(() => { db.exec('COMMIT'); db.close(); }, Number(holdMs));
`;

function value<T>(r: Result<T>): T {
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`);
  return r.value;
}

describe('local tracker on disk', () => {
  let dir: string;
  let path: string;
  let child: ChildProcess | null;
  const trackers: LocalTracker[] = [];
  const open = (overrides: Partial<LocalTrackerOptions> = {}) => {
    const tracker = value(LocalTracker.open({ path, prefix: 'BAT', settings: () => SETTINGS, clock: systemClock, ...overrides }));
    trackers.push(tracker);
    return tracker;
  };

  /**
   * Starts the lock holder and resolves once it holds the lock. The exit promise is wrapped in an
   * object: an async function returning a bare promise would wait for the child to exit.
   */
  async function holdLock(holdMs: number): Promise<{ exited: Promise<number | null> }> {
    const libsqlUrl = pathToFileURL(createRequire(import.meta.url).resolve('libsql')).href;
    const proc = spawn(process.execPath, ['--input-type=module', '-e', LOCK_HOLDER, libsqlUrl, path, String(holdMs)], {
      stdio: ['ignore', 'pipe', 'inherit'],
    });
    child = proc;
    const exited = new Promise<number | null>((resolve) => proc.on('exit', (code) => resolve(code)));
    await new Promise<void>((resolve, reject) => {
      proc.stdout!.on('data', (chunk: Buffer) => {
        if (chunk.toString().includes('locked')) resolve();
      });
      proc.on('exit', (code) => reject(new Error(`lock holder exited early with ${code}`)));
    });
    return { exited };
  }

  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'baton-tracker-int-'));
    path = join(dir, 'project', '.baton', 'tickets.db');
    child = null;
  });
  afterEach(() => {
    if (child && child.exitCode === null) child.kill('SIGKILL');
    for (const t of trackers.splice(0)) t.dispose();
    rmSync(dir, { recursive: true, force: true });
  });

  it('keeps tickets, comments and blockers across a restart and continues numbering', async () => {
    const first = open();
    await first.createIssue({ title: 'Blocker', state: 'In Progress' });
    await first.createIssue({ title: 'Blocked', labels: ['Backend'], priority: 2 });
    await first.setBlockers('BAT-2', ['BAT-1']);
    await first.addComment('BAT-2', 'waiting on BAT-1', 'operator');
    first.dispose();

    const second = open();
    const blocked = value(await second.getIssue('BAT-2'));
    expect(blocked).toMatchObject({ title: 'Blocked', labels: ['backend'], priority: 2, state: 'Todo' });
    expect(blocked?.blocked_by).toMatchObject([{ identifier: 'BAT-1', state: 'In Progress' }]);
    expect(value(await second.listComments('BAT-2')).map((c) => c.body)).toEqual(['waiting on BAT-1']);
    expect(value(await second.createIssue({ title: 'Third' })).identifier).toBe('BAT-3');
    expect(value(await second.fetchCandidateIssues()).map((i) => i.identifier)).toEqual(['BAT-1', 'BAT-2', 'BAT-3']);
    await second.updateIssue('BAT-1', { state: 'done' });
    expect(value(await second.fetchIssuesByStates(SETTINGS.terminal_states)).map((i) => i.identifier)).toEqual(['BAT-1']);
  });

  it('gives distinct identifiers to two trackers sharing one file and shows each the other\'s writes', async () => {
    const a = open();
    const b = open();
    const made: string[] = [];
    for (let i = 0; i < 20; i++) {
      made.push(value(await (i % 2 === 0 ? a : b).createIssue({ title: `t${i}` })).identifier);
    }
    expect(made).toEqual(Array.from({ length: 20 }, (_, i) => `BAT-${i + 1}`));
    expect(value(await a.listIssues())).toHaveLength(20);
    await b.updateIssue('BAT-1', { state: 'Done' });
    expect(value(await a.getIssue('BAT-1'))?.state).toBe('Done');
  });

  it('waits for another process that holds the write lock briefly', async () => {
    const tracker = open({ busyTimeoutMs: 5000 });
    await tracker.createIssue({ title: 'original' });
    const { exited } = await holdLock(200);
    const created = await tracker.createIssue({ title: 'while locked' });
    expect(value(created).identifier).toBe('BAT-2');
    expect(await exited).toBe(0);
    expect(value(await tracker.getIssue('BAT-1'))?.title).toBe('edited elsewhere');
  });

  it('fails a write with tracker_write_failed when the lock outlasts busy_timeout, then recovers', async () => {
    const tracker = open({ busyTimeoutMs: 50 });
    await tracker.createIssue({ title: 'original' });
    const { exited } = await holdLock(800);
    const failed = await tracker.createIssue({ title: 'while locked' });
    expect(failed).toMatchObject({ ok: false, error: { code: 'tracker_write_failed' } });
    // Reads do not wait for writers in WAL mode.
    expect(value(await tracker.getIssue('BAT-1'))?.title).toBe('original');
    expect(await exited).toBe(0);
    expect(value(await tracker.createIssue({ title: 'after' })).identifier).toBe('BAT-2');
  });
});
