import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';

/**
 * Processes started by one scenario, found by a variable only that scenario's engine has in its
 * environment (agents, hooks, checks and git inherit it; `setsid` and `nohup` do not drop it), so a
 * leftover is found whatever group or session it moved to. Zombies do not count: they run nothing,
 * and where PID 1 reaps lazily (containers) a killed process can stay one for a while.
 */
export interface Leftover {
  pid: number;
  command: string;
}

export async function processesTagged(name: string, value: string): Promise<Leftover[]> {
  return process.platform === 'linux' ? fromProc(`${name}=${value}`) : fromPs(`${name}=${value}`);
}

async function fromProc(needle: string): Promise<Leftover[]> {
  const names = (await readdir('/proc').catch(() => [] as string[])).filter((n) => /^\d+$/.test(n) && Number(n) !== process.pid);
  const found = await Promise.all(
    names.map(async (name): Promise<Leftover | null> => {
      const environ = await readFile(`/proc/${name}/environ`, 'utf8').catch(() => '');
      if (!environ.split('\0').includes(needle)) return null;
      const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
      const state = stat?.slice(stat.lastIndexOf(')') + 2).split(' ')[0];
      if (stat === null || state === 'Z' || state === 'X') return null;
      const cmdline = await readFile(`/proc/${name}/cmdline`, 'utf8').catch(() => '');
      return { pid: Number(name), command: cmdline.split('\0').join(' ').trim() };
    }),
  );
  return found.filter((p): p is Leftover => p !== null);
}

/** macOS: `ps -E` prints each process's environment after its command. */
function fromPs(needle: string): Promise<Leftover[]> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-E', '-ww', '-o', 'pid=,stat=,command='], { maxBuffer: 64 * 1024 * 1024 }, (error, stdout) => {
      if (error) return resolve([]);
      const found: Leftover[] = [];
      for (const line of stdout.split('\n')) {
        const match = /^\s*(\d+)\s+(\S+)\s+(.*)$/.exec(line);
        if (!match || match[2]!.startsWith('Z') || !match[3]!.split(' ').includes(needle)) continue;
        found.push({ pid: Number(match[1]), command: match[3]!.slice(0, 200) });
      }
      resolve(found);
    });
  });
}

/** SIGKILL, ignoring processes already gone. */
export function killAll(pids: number[]): void {
  for (const pid of pids) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Gone already.
    }
  }
}
