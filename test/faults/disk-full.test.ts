import { readFile, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ApiError } from '../../shared/api/errors.js';
import type { StateSnapshot } from '../../shared/api/schemas.js';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { ApiProbe, type ProbeReport } from './api-probe.js';
import type { BatonProcess } from './baton-process.js';
import { FaultScene } from './fault-scene.js';
import { waitForFile } from './wait.js';

/** Every file the engine (and what it starts) writes stops growing at 2 MiB: the "disk" is full. */
const LIMIT_KB = 2048;
/** Each agent message is stored whole in the history (up to 64 KiB): 60 of them overflow its WAL. */
const MESSAGES = 60;

/**
 * The disk fills up while an agent works: its terminal's raw log and the history store can no longer
 * grow (a file-size limit makes writes fail with EFBIG, as a full disk makes them fail with ENOSPC).
 * The engine must say so, keep the run and the API going, lose nothing it had already saved, and
 * save what it kept in memory once there is room again.
 */
// Linux: giving the room back needs prlimit (util-linux); see docs/reliability.md.
describe.runIf(process.platform === 'linux')('disk full while writing the store and the raw logs', { timeout: 180_000 }, () => {
  let scene: FaultScene;
  let engine: BatonProcess;
  let again: BatonProcess;
  let probe: ProbeReport;
  let duringFault: StateSnapshot;
  let rawLogFault: ApiError;
  let afterRoom: StateSnapshot;
  let eventsBefore: TraceEvent[];

  beforeAll(async () => {
    scene = await FaultScene.create({
      agent: (file) => [
        { write: { path: 'src/feature.txt', content: 'the feature\n' } },
        { flood: { bytes: 4 * LIMIT_KB * 1024 } },
        ...Array.from({ length: MESSAGES }, () => ({ hugeLine: { bytes: 60_000 } })),
        { mark: file('agent-flooded') },
        { waitForFile: file('room-again') },
        { message: 'done after the disk had room again' },
      ],
    });
    engine = await scene.launch({ fileSizeLimitKb: LIMIT_KB });
    const watching = new ApiProbe(engine);
    await engine.createTicket('Written while the disk fills up');
    await waitForFile(scene.file('agent-flooded'));
    // The raw log is the first to hit the limit; the history store follows once its WAL is full.
    rawLogFault = await scene.until('the engine to report the stopped raw log', async () => (await engine.state()).storage_error);
    duringFault = await scene.until('the engine to report the full store', async () => {
      const state = await engine.state();
      return state.storage_error?.code === 'store_write_failed' ? state : null;
    });
    eventsBefore = await engine.events('BAT-1');
    expect(await engine.liftFileSizeLimit()).toBe(true);
    await writeFile(scene.file('room-again'), 'go\n');
    await scene.until('BAT-1 in Human Review', async () => (await engine.ticket('BAT-1')).state === 'Human Review');
    afterRoom = await scene.until('the store to recover', async () => {
      const state = await engine.state();
      return state.storage_error === null ? state : null;
    });
    probe = await watching.stop();
    await engine.stop();
    again = await scene.launch();
  }, 180_000);

  afterAll(() => scene?.dispose());

  it('says the disk refused writes, in the state every view reads, until there is room again', () => {
    expect(rawLogFault).toMatchObject({ code: 'raw_log_failed', message: expect.stringContaining('EFBIG') });
    expect(duringFault.storage_error?.message).toMatch(/^the history store cannot save: trace events not written \(\d+ queued, will retry\): disk I\/O error/);
    expect(afterRoom.storage_error).toBeNull();
  });

  it('keeps the agent’s work and finishes the run', async () => {
    expect(await readFile(path.join(scene.workspace('BAT-1'), 'src/feature.txt'), 'utf8')).toBe('the feature\n');
    expect((await again.runs('BAT-1')).map((r) => r.status)).toEqual(['handed_off']);
  });

  it('loses no trace event it had, across the recovery and a restart', async () => {
    const after = await again.events('BAT-1');
    const seqs = new Set(after.map((e) => e.seq));
    expect(eventsBefore.filter((e) => !seqs.has(e.seq))).toEqual([]);
    expect(after.filter((e) => e.kind === 'message')).toHaveLength(MESSAGES + 1);
    expect(after.at(-1)?.data).toMatchObject({ event: 'run_ended', status: 'handed_off' });
  });

  it('keeps the raw log up to where the disk was full', async () => {
    const logs = path.join(scene.dir, '.baton', 'sessions');
    const run = (await again.runs('BAT-1'))[0]!;
    expect((await stat(path.join(logs, `${run.run_id}.log`))).size).toBe(LIMIT_KB * 1024);
  });

  it('answers the API throughout', () => {
    expect(probe.failures).toEqual([]);
  });
});
