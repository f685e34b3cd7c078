import { spawn } from 'node:child_process';
import { realpath } from 'node:fs/promises';
import path from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { systemClock } from '../../electron/engine/lib/clock.js';
import { silentLogger } from '../../electron/engine/lib/logger.js';
import { ProcessLedger } from '../../electron/engine/lib/process-ledger.js';
import { PROCESS_SOURCES } from '../../electron/engine/lib/process-table.js';
import { openDatabase, type SqliteDatabase } from '../../electron/engine/store/database.js';
import { ProcessStore } from '../../electron/engine/store/process-store.js';
import { STORE_MIGRATIONS } from '../../electron/engine/store/store-migrations.js';
import { isGone, killQuietly, readPid, tempDir } from './workspace-helpers.js';

let dir: string;
let cleanup: () => Promise<void>;
let db: SqliteDatabase;
let store: ProcessStore;
const strays: number[] = [];

function ledger(): ProcessLedger {
  return new ProcessLedger({ store, clock: systemClock, logger: silentLogger(), killGraceMs: 200 });
}

/** A process group like the ones the engine starts (detached: it leads its own group), in `cwd`. */
function startGroup(script: string, cwd = dir): number {
  const child = spawn('bash', ['-c', script], { cwd, detached: true, stdio: 'ignore' });
  child.unref();
  strays.push(child.pid!);
  return child.pid!;
}

beforeEach(async () => {
  ({ dir, cleanup } = await tempDir('ledger'));
  db = openDatabase(path.join(dir, 'state.db'), { migrations: STORE_MIGRATIONS, busyTimeoutMs: 0 });
  store = new ProcessStore(db);
});

afterEach(async () => {
  for (const pid of strays.splice(0)) {
    try {
      process.kill(-pid, 'SIGKILL');
    } catch {
      killQuietly(pid);
    }
  }
  db.close();
  await cleanup();
});

describe('ProcessLedger', { timeout: 30_000 }, () => {
  it('records a group while it runs and forgets it once told it is gone', () => {
    const l = ledger();
    const forget = l.started(4242, { kind: 'agent', label: 'codex app-server', cwd: dir, issue_id: 'i1', issue_identifier: 'BAT-1', run_id: 'r1' });
    expect(store.list()).toMatchObject({ ok: true, value: [{ pgid: 4242, kind: 'agent', label: 'codex app-server', issue_identifier: 'BAT-1', run_id: 'r1' }] });
    forget();
    forget();
    expect(store.list()).toEqual({ ok: true, value: [] });
  });

  it('at the next start stops every member of a leftover group and what they started, even in another session', async () => {
    const leader = startGroup(`sleep 300 & echo $! > member.pid; setsid sleep 300 & echo $! > escaped.pid; wait`);
    const member = await readPid(path.join(dir, 'member.pid'));
    const escaped = await readPid(path.join(dir, 'escaped.pid'));
    strays.push(member, escaped);
    ledger().started(leader, { kind: 'hook', label: 'before_run', cwd: dir, issue_identifier: 'BAT-2' });

    // A new engine on the same store: everything in the ledger is a leftover.
    const reaped = await ledger().reapLeftovers();
    expect(reaped).toHaveLength(1);
    expect(reaped[0]!.group).toMatchObject({ pgid: leader, kind: 'hook', label: 'before_run', issue_identifier: 'BAT-2' });
    expect(reaped[0]!.processes.map((p) => p.pid).sort()).toEqual([leader, member, escaped].sort());
    for (const pid of [leader, member, escaped]) await expect.poll(() => isGone(pid)).toBe(true);
    expect(store.list()).toEqual({ ok: true, value: [] });
  });

  it('leaves alone a process that reused a recorded pid (it started after the record was written)', async () => {
    const unrelated = startGroup('sleep 300');
    // A row written an hour before this process existed: its pid was reused.
    store.add({ pgid: unrelated, kind: 'agent', label: 'old agent', cwd: null, issue_id: null, issue_identifier: null, run_id: null, recorded_at_ms: Date.now() - 3_600_000 });
    expect(await ledger().reapLeftovers()).toEqual([]);
    expect(await isGone(unrelated)).toBe(false);
    expect(store.list()).toEqual({ ok: true, value: [] });
  });

  it('finds orphans working in a directory, and not processes that still have their parent', async () => {
    const ws = await realpath(dir);
    // An orphan: its parent exits at once, so init adopts it (what a killed run leaves behind).
    const parent = spawn('bash', ['-c', `cd '${ws}' && (setsid sleep 300 >/dev/null 2>&1 </dev/null & echo $! > orphan.pid)`], { stdio: 'ignore' });
    await new Promise((r) => parent.once('exit', r));
    const orphan = await readPid(path.join(ws, 'orphan.pid'));
    strays.push(orphan);
    // A shell a person keeps open there: its parent (this test) is alive.
    const attended = startGroup('sleep 300', ws);
    // An orphan working somewhere else.
    startGroup(`cd / && (setsid sleep 300 </dev/null >/dev/null 2>&1 & echo $! > '${ws}/elsewhere.pid')`);
    const elsewhere = await readPid(path.join(ws, 'elsewhere.pid'));
    strays.push(elsewhere);

    const found = await ledger().strayProcessesIn(ws);
    expect(found.map((p) => p.pid)).toEqual([orphan]);
    expect(found[0]!.command).toBe('sleep');
    expect(await ledger().strayProcessesIn(path.join(ws, 'other'))).toEqual([]);
    expect(attended).toBeGreaterThan(0);
  });
});

// The macOS reader (ps and lsof) must agree with /proc; both exist on the Linux CI machines.
describe('process table readers', () => {
  it('ps agrees with /proc on pid, parent, group, start time and command; lsof with /proc on the working directory', async () => {
    const pid = startGroup('exec sleep 300', await realpath(dir));
    await expect.poll(async () => (await PROCESS_SOURCES.proc.list()).find((r) => r.pid === pid)?.command).toBe('sleep');
    const [proc, tools] = await Promise.all([PROCESS_SOURCES.proc.list(), PROCESS_SOURCES.tools.list()]);
    const a = proc.find((r) => r.pid === pid)!;
    const b = tools.find((r) => r.pid === pid)!;
    expect(b).toMatchObject({ pid, ppid: a.ppid, pgid: pid, state: a.state, command: 'sleep' });
    expect(Math.abs(a.startedAtMs! - b.startedAtMs!)).toBeLessThanOrEqual(1_500);
    expect(Math.abs(a.startedAtMs! - Date.now())).toBeLessThan(60_000);
    expect(await PROCESS_SOURCES.proc.cwds([pid])).toEqual(new Map([[pid, await realpath(dir)]]));
    expect(await PROCESS_SOURCES.tools.cwds([pid])).toEqual(new Map([[pid, await realpath(dir)]]));
  });
});
