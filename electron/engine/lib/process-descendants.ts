import { isAlive } from './process-tree.js';
import { descendantsOf, listProcesses } from './process-table.js';

/**
 * Every live descendant of `rootPid` (children, grandchildren, …), found by parent pid. Killing the
 * pty's process group misses descendants that moved to another group or session (`setsid`, job
 * control in an interactive shell): dev servers and watchers that survived for days in peers
 * (performance-and-reliability.md §6.3). Taken before the kill, while the parent links still exist.
 */
export async function listDescendants(rootPid: number): Promise<number[]> {
  return descendantsOf(await listProcesses(), [rootPid]);
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

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
