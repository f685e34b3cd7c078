import type { ChildProcess } from 'node:child_process';
import { isRunning, listProcesses } from './process-table.js';

/**
 * Agents, hooks and shells are started in their own process group (`detached: true`, or node-pty's
 * setsid), so a stop reaches every descendant: killing only the leader leaves orphans behind
 * (performance-and-reliability.md §6.3).
 */

/** How long a process group gets between SIGTERM and SIGKILL. */
export const KILL_GRACE_MS = 1_500;

export function signalGroup(pid: number, signal: NodeJS.Signals): boolean {
  try {
    process.kill(-pid, signal);
    return true;
  } catch {
    try {
      // Not a group leader (or the group is gone): fall back to the process itself.
      process.kill(pid, signal);
      return true;
    } catch {
      return false;
    }
  }
}

export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function signalable(target: number): boolean {
  try {
    process.kill(target, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Whether any member of the process group still runs. A zombie does not count: where PID 1 does
 * not reap orphans (many containers), killed grandchildren stay zombies forever, and waiting on
 * them would turn every stop into a full grace period.
 */
async function groupRunning(pgid: number): Promise<boolean> {
  if (!signalable(-pgid)) return false;
  const table = await listProcesses();
  // An unreadable table (no ps) must not end the wait early: then only the signal test counts.
  if (table.length === 0) return true;
  return table.some((row) => row.pgid === pgid && isRunning(row));
}

/**
 * SIGTERM the whole group, wait up to `graceMs` for it to go, then SIGKILL what is left.
 * Resolves once no member of the group remains (or after the SIGKILL has been sent and a short wait).
 */
export async function killProcessTree(pid: number, graceMs = KILL_GRACE_MS): Promise<void> {
  if (!signalGroup(pid, 'SIGTERM')) return;
  const deadline = Date.now() + graceMs;
  while (Date.now() < deadline) {
    if (!(await groupRunning(pid))) return;
    await delay(25);
  }
  signalGroup(pid, 'SIGKILL');
  const hardDeadline = Date.now() + 1_000;
  while (Date.now() < hardDeadline && (await groupRunning(pid))) await delay(10);
}

/** Kills a detached child's group and waits for the child's own 'exit'. */
export async function killChild(child: ChildProcess, graceMs = KILL_GRACE_MS): Promise<void> {
  if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  await killProcessTree(child.pid, graceMs);
  await Promise.race([exited, delay(1_000)]);
}

function delay(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
