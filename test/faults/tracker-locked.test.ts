import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import Database from 'libsql';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/api/errors.js';
import { LOCAL_TRACKER_BUSY_TIMEOUT_MS } from '../../electron/engine/tracker/local/local-tracker.js';
import { ApiProbe, type ProbeReport } from './api-probe.js';
import type { ApiAnswer, BatonProcess, RunRow } from './baton-process.js';
import { FaultScene } from './fault-scene.js';
import { waitForFile } from './wait.js';

/**
 * Another process (a `baton` CLI, a backup, an sqlite3 shell) holds the local tracker's write lock
 * far longer than the engine's busy timeout, right when an agent finishes and its ticket must move
 * to Human Review. Writes fail with a clear error instead of hanging, reads go on, the API answers
 * throughout, and once the lock is gone the ticket gets there with its work.
 */
describe('the tracker database locked for longer than the busy timeout', { timeout: 120_000 }, () => {
  let scene: FaultScene;
  let engine: BatonProcess;
  let probe: ProbeReport;
  let createdDuringLock: ApiAnswer<{ error: ApiError }>;
  let listedDuringLock: number;
  let failedRun: RunRow;

  beforeAll(async () => {
    scene = await FaultScene.create({
      agent: (file) => [
        { mark: file('agent-working') },
        { waitForFile: file('agent-may-finish') },
        { write: { path: 'src/feature.txt', content: 'the feature\n' } },
        { message: 'done' },
      ],
    });
    engine = await scene.launch();
    await engine.createTicket('Finished while the tracker is locked');
    await waitForFile(scene.file('agent-working'));
    // Marked after the move to In Progress, which happens before the agent starts.
    expect((await engine.ticket('BAT-1')).state).toBe('In Progress');

    const holder = new Database(path.join(scene.dir, '.baton', 'tickets.db'));
    holder.exec(`PRAGMA busy_timeout = ${LOCAL_TRACKER_BUSY_TIMEOUT_MS}`);
    holder.exec('BEGIN IMMEDIATE');
    const watching = new ApiProbe(engine);
    try {
      createdDuringLock = await engine.api<{ error: ApiError }>('POST', '/api/v1/tickets', { title: 'Created during the lock' });
      listedDuringLock = (await engine.api('GET', '/api/v1/tickets')).status;
      await writeFile(scene.file('agent-may-finish'), 'go\n');
      failedRun = await scene.until('the handoff to fail', async () => (await engine.runs('BAT-1')).find((r) => r.status === 'failed'));
    } finally {
      holder.exec('ROLLBACK');
      holder.close();
    }
    await scene.until('BAT-1 in Human Review', async () => (await engine.ticket('BAT-1')).state === 'Human Review');
    await scene.until('the retry to end', async () => (await engine.runs('BAT-1'))[0]!.status === 'handed_off');
    probe = await watching.stop();
  }, 120_000);

  afterAll(() => scene?.dispose());

  it('refuses writes during the lock with a clear error, and keeps serving reads', () => {
    expect(createdDuringLock.status).toBe(502);
    expect(createdDuringLock.json.error.code).toBe('tracker_write_failed');
    expect(createdDuringLock.json.error.message).toMatch(/locked|busy/i);
    expect(listedDuringLock).toBe(200);
  });

  it('shows the failed handoff on the run and retries it once the lock is gone', async () => {
    expect(failedRun.error).toMatch(/tracker_write_failed.*(locked|busy)/i);
    expect((await engine.runs('BAT-1')).map((r) => r.status)).toEqual(['handed_off', 'failed']);
  });

  it('keeps the work', async () => {
    expect(await readFile(path.join(scene.workspace('BAT-1'), 'src/feature.txt'), 'utf8')).toBe('the feature\n');
  });

  it('answers the API throughout', async () => {
    expect(probe.failures).toEqual([]);
    expect(await scene.settledLeftovers()).toEqual([]);
  });
});
