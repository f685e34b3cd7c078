import { readFile } from 'node:fs/promises';
import { LoadMeter } from '../lib/load-meter.js';
import { SystemCpu } from '../lib/machine.js';
import { sleep } from '../lib/paths.js';
import { fixed } from '../lib/table.js';

/** Long enough for ~300 lag samples at the 10 ms resolution, short next to the benchmark. */
const IDLE_WINDOW_MS = 3_000;

/**
 * The event-loop lag of this process doing nothing, with the machine's CPU use and load average:
 * on a shared VM a starved process reads as lag too, and this floor tells that apart from the
 * engine's own stalls in the figures measured under load.
 */
export async function idleLag(when: string): Promise<void> {
  const cpu = new SystemCpu();
  await cpu.start();
  const meter = new LoadMeter();
  meter.start();
  await sleep(IDLE_WINDOW_MS);
  const load = meter.stop();
  const machine = await cpu.stop();
  const loadavg = (await readFile('/proc/loadavg', 'utf8').catch(() => '')).split(' ').slice(0, 3).join(' ');
  console.log(`review idle when=${when} lag_p99_ms=${fixed(load.lagP99Ms)} lag_max_ms=${fixed(load.lagMaxMs)} machine_cpu_pct=${fixed(machine ?? NaN, 0)} loadavg=${loadavg || '-'}`);
}
