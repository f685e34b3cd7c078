import { execFile } from 'node:child_process';
import { readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';

/**
 * The system's process table, the one place that knows how to read it: `/proc` on Linux, `ps` and
 * `lsof` elsewhere (macOS; both ship with the system). Everything that must find processes —
 * descendants to kill, members of a process group, orphans left by a killed engine — reads it here.
 */

export interface ProcessRow {
  pid: number;
  ppid: number;
  /** Process group id. */
  pgid: number;
  /** `Z` (zombie) and `X` (dead) run nothing; anything else is alive. */
  state: string;
  /** When the process started, epoch ms (±1 s: the sources have second resolution). */
  startedAtMs: number | null;
  /** Short command name. */
  command: string;
}

/** Linux reports start times in clock ticks since boot; USER_HZ is 100 on every Linux ABI. */
const LINUX_TICKS_PER_SECOND = 100;

/** Bound on `ps`/`lsof`: they answer in milliseconds; a wedged one must not hang a caller. */
const TOOL_TIMEOUT_MS = 10_000;

export function isRunning(row: ProcessRow): boolean {
  return row.state !== 'Z' && row.state !== 'X';
}

export function listProcesses(): Promise<ProcessRow[]> {
  return process.platform === 'linux' ? PROCESS_SOURCES.proc.list() : PROCESS_SOURCES.tools.list();
}

/**
 * The working directory of each pid that has one we may read (other users' processes do not);
 * pids that exited meanwhile are left out.
 */
export function workingDirectories(pids: readonly number[]): Promise<Map<number, string>> {
  if (pids.length === 0) return Promise.resolve(new Map());
  return process.platform === 'linux' ? PROCESS_SOURCES.proc.cwds(pids) : PROCESS_SOURCES.tools.cwds(pids);
}

/**
 * Pids of live processes whose working directory is `dir` or inside it, this process aside: a git
 * working in a worktree chdirs to its top, so a git still running there shows up (stale-lock.ts).
 */
export async function processesInside(dir: string): Promise<number[]> {
  const candidates = (await listProcesses()).filter((r) => isRunning(r) && r.pid !== process.pid).map((r) => r.pid);
  const cwds = await workingDirectories(candidates);
  const root = path.resolve(dir);
  return [...cwds].filter(([, cwd]) => cwd === root || cwd.startsWith(root + path.sep)).map(([pid]) => pid);
}

/** Every live descendant of `roots` (children, grandchildren, …) in `table`, by parent pid. */
export function descendantsOf(table: readonly ProcessRow[], roots: readonly number[]): number[] {
  const children = new Map<number, number[]>();
  for (const row of table) {
    const list = children.get(row.ppid);
    if (list) list.push(row.pid);
    else children.set(row.ppid, [row.pid]);
  }
  const start = new Set(roots);
  const found = new Set<number>();
  const queue = [...roots];
  for (let pid = queue.pop(); pid !== undefined; pid = queue.pop()) {
    for (const child of children.get(pid) ?? []) {
      if (found.has(child) || start.has(child)) continue;
      found.add(child);
      queue.push(child);
    }
  }
  return [...found];
}

async function cwdsFromProc(pids: readonly number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  await Promise.all(
    pids.map(async (pid) => {
      const cwd = await readlink(`/proc/${pid}/cwd`).catch(() => null);
      if (cwd !== null) found.set(pid, cwd);
    }),
  );
  return found;
}

async function cwdsFromLsof(pids: readonly number[]): Promise<Map<number, string>> {
  const found = new Map<number, string>();
  const out = await run('lsof', ['-a', '-nP', '-d', 'cwd', '-Fpn', '-p', pids.join(',')]);
  let pid: number | null = null;
  for (const line of out.split('\n')) {
    if (line.startsWith('p')) pid = Number(line.slice(1));
    else if (line.startsWith('n') && pid !== null) found.set(pid, line.slice(1));
  }
  return found;
}

async function fromProc(): Promise<ProcessRow[]> {
  const [names, bootSeconds] = await Promise.all([readdir('/proc').catch(() => [] as string[]), linuxBootTime()]);
  const rows = await Promise.all(
    names.filter((name) => /^\d+$/.test(name)).map(async (name): Promise<ProcessRow | null> => {
      const stat = await readFile(`/proc/${name}/stat`, 'utf8').catch(() => null);
      if (stat === null) return null; // exited while we looked
      // "pid (comm) state ppid pgrp session tty tpgid flags minflt cminflt majflt cmajflt utime stime
      //  cutime cstime priority nice threads itrealvalue starttime …": comm may hold spaces and parens.
      const open = stat.indexOf('(');
      const close = stat.lastIndexOf(')');
      const rest = stat.slice(close + 2).split(' ');
      const ticks = Number(rest[19]);
      return {
        pid: Number(name),
        ppid: Number(rest[1]),
        pgid: Number(rest[2]),
        state: rest[0] ?? '?',
        startedAtMs: bootSeconds !== null && Number.isFinite(ticks) ? Math.round((bootSeconds + ticks / LINUX_TICKS_PER_SECOND) * 1000) : null,
        command: stat.slice(open + 1, close),
      };
    }),
  );
  return rows.filter((row): row is ProcessRow => row !== null);
}

async function linuxBootTime(): Promise<number | null> {
  const stat = await readFile('/proc/stat', 'utf8').catch(() => '');
  const match = /^btime (\d+)$/m.exec(stat);
  return match ? Number(match[1]) : null;
}

async function fromPs(): Promise<ProcessRow[]> {
  // lstart is five words ("Mon Dec  7 17:00:00 2026"); comm comes last because it may hold spaces.
  const out = await run('ps', ['-A', '-o', 'pid=,ppid=,pgid=,state=,lstart=,comm=']);
  const rows: ProcessRow[] = [];
  for (const line of out.split('\n')) {
    const fields = line.trim().split(/\s+/);
    if (fields.length < 10) continue;
    const [pid, ppid, pgid, state, ...tail] = fields;
    const started = Date.parse(tail.slice(0, 5).join(' '));
    rows.push({
      pid: Number(pid),
      ppid: Number(ppid),
      pgid: Number(pgid),
      state: (state ?? '?').charAt(0),
      startedAtMs: Number.isFinite(started) ? started : null,
      command: tail.slice(5).join(' '),
    });
  }
  return rows.filter((r) => Number.isInteger(r.pid) && Number.isInteger(r.ppid) && Number.isInteger(r.pgid));
}

function run(command: string, args: string[]): Promise<string> {
  return new Promise((resolve) => {
    // lsof exits 1 when some pids had nothing to show; its output is still what we want.
    execFile(command, args, { timeout: TOOL_TIMEOUT_MS, maxBuffer: 32 * 1024 * 1024 }, (_error, stdout) => resolve(stdout ?? ''));
  });
}

/**
 * Both readers, by name, so the contract tests can hold the macOS one (`ps` and `lsof`, which Linux
 * has too) to the same answers as `/proc` on the Linux CI machines.
 */
export const PROCESS_SOURCES = {
  proc: { list: fromProc, cwds: cwdsFromProc },
  tools: { list: fromPs, cwds: cwdsFromLsof },
} as const;
