import { execFile } from 'node:child_process';
import { readdir, readFile } from 'node:fs/promises';
import { isAlive } from '../../lib/process-tree.js';

/**
 * Every live descendant of `rootPid` (children, grandchildren, …), found by parent pid. Killing the
 * pty's process group misses descendants that moved to another group or session (`setsid`, job
 * control in an interactive shell): dev servers and watchers that survived for days in peers
 * (performance-and-reliability.md §6.3). Taken before the kill, while the parent links still exist.
 */
export async function listDescendants(rootPid: number): Promise<number[]> {
  const parents = process.platform === 'linux' ? await parentsFromProc() : await parentsFromPs();
  const children = new Map<number, number[]>();
  for (const [pid, ppid] of parents) {
    const list = children.get(ppid);
    if (list) list.push(pid);
    else children.set(ppid, [pid]);
  }
  const found = new Set<number>();
  const queue = [rootPid];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      if (found.has(child) || child === rootPid) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return [...found];
}

/** Poll interval while waiting for signalled processes to go. */
const POLL_MS = 25;

/** SIGTERM each pid, wait up to `graceMs` for them to go, then SIGKILL the rest. */
export async function killPids(pids: number[], graceMs: number): Promise<void> {
  const targets = pids.filter((pid) => signal(pid, 'SIGTERM'));
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline && targets.some(isAlive)) await delay(POLL_MS);
  for (const pid of targets) if (isAlive(pid)) signal(pid, 'SIGKILL');
}

function signal(pid: number, sig: NodeJS.Signals): boolean {
  try {
    process.kill(pid, sig);
    return true;
  } catch {
    return false;
  }
}

async function parentsFromProc(): Promise<Array<[number, number]>> {
  const names = await readdir('/proc').catch(() => [] as string[]);
  const pairs = await Promise.all(
    names.filter((name) => /^\d+$/.test(name)).map(async (name): Promise<[number, number] | null> => {
      try {
        const stat = await readFile(`/proc/${name}/stat`, 'utf8');
        // "pid (comm) state ppid …": comm may itself contain spaces and parentheses.
        const rest = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
        return [Number(name), Number(rest[1])];
      } catch {
        return null; // exited while we looked
      }
    }),
  );
  return pairs.filter((pair): pair is [number, number] => pair !== null);
}

function parentsFromPs(): Promise<Array<[number, number]>> {
  return new Promise((resolve) => {
    execFile('ps', ['-A', '-o', 'pid=,ppid='], (error, stdout) => {
      if (error) return resolve([]);
      const pairs: Array<[number, number]> = [];
      for (const line of stdout.split('\n')) {
        const [pid, ppid] = line.trim().split(/\s+/).map(Number);
        if (pid !== undefined && ppid !== undefined && Number.isInteger(pid) && Number.isInteger(ppid)) pairs.push([pid, ppid]);
      }
      resolve(pairs);
    });
  });
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
