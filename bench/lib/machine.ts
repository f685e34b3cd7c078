import { readFile } from 'node:fs/promises';
import os from 'node:os';

/** One line naming the machine, for result headers and the README. */
export async function describeMachine(): Promise<string> {
  const cpuinfo = await readFile('/proc/cpuinfo', 'utf8').catch(() => '');
  const model = /^model name\s*:\s*(.+)$/m.exec(cpuinfo)?.[1]?.trim() ?? os.cpus()[0]?.model ?? 'unknown CPU';
  const release = await readFile('/etc/os-release', 'utf8').catch(() => '');
  const distro = /^PRETTY_NAME="?([^"\n]+)"?$/m.exec(release)?.[1] ?? os.type();
  const ramGiB = (os.totalmem() / 1024 ** 3).toFixed(1);
  return `${os.cpus().length} cores (${model}), ${ramGiB} GiB RAM, Node ${process.version}, ${distro}, kernel ${os.release()}`;
}

interface CpuTicks {
  busy: number;
  total: number;
}

async function readSystemTicks(): Promise<CpuTicks | null> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => null);
  const fields = stat?.split('\n')[0]?.trim().split(/\s+/).slice(1).map(Number);
  if (!fields || fields.length < 5) return null;
  const total = fields.reduce((a, b) => a + b, 0);
  const idle = (fields[3] ?? 0) + (fields[4] ?? 0); // idle + iowait
  return { busy: total - idle, total };
}

/**
 * Whole-machine CPU use (every process, all cores, from /proc/stat) between start() and stop(), as
 * % of one core: it shows how much of the box the fake agents and git themselves took, which the
 * engine's own figure deliberately leaves out. Null where /proc/stat does not exist.
 */
export class SystemCpu {
  private begin: CpuTicks | null = null;

  async start(): Promise<void> {
    this.begin = await readSystemTicks();
  }

  async stop(): Promise<number | null> {
    const end = await readSystemTicks();
    if (!this.begin || !end || end.total === this.begin.total) return null;
    return ((end.busy - this.begin.busy) / (end.total - this.begin.total)) * os.cpus().length * 100;
  }
}
