import path from 'node:path';
import { killPids } from './process-descendants.js';
import type { NewProcessGroup, ProcessKind, ProcessStore, StoredProcessGroup } from '../store/process-store.js';
import type { Clock } from './clock.js';
import type { Logger } from './logger.js';
import { KILL_GRACE_MS, killProcessTree } from './process-tree.js';
import { descendantsOf, isRunning, listProcesses, workingDirectories, type ProcessRow } from './process-table.js';

/** What a started process is, for the ledger and for the person reading what was reaped. */
export interface TrackedProcess {
  kind: ProcessKind;
  label: string;
  cwd: string | null;
  issue_id?: string | null;
  issue_identifier?: string | null;
  run_id?: string | null;
}

/** Records a process group the engine just started; the returned function forgets it once it is gone. */
export interface ProcessRecorder {
  started(pid: number, info: TrackedProcess): () => void;
}

/** What a run needs of the ledger: recording, and whether it may start in a workspace. */
export interface ProcessGuard extends ProcessRecorder {
  strayProcessesIn(dir: string): Promise<ProcessRow[]>;
}

/** For parts built without a ledger (unit tests, tools): records nothing, finds nothing. */
export const UNRECORDED: ProcessGuard = { started: () => () => undefined, strayProcessesIn: () => Promise.resolve([]) };

/** A leftover group found at start, and what was stopped of it. */
export interface ReapedGroup {
  group: StoredProcessGroup;
  /** The processes that were still running (group members and their descendants). */
  processes: Array<{ pid: number; command: string }>;
}

/**
 * Start times have second resolution (and Linux derives them from the boot time): a leader that
 * started this much after its row was written is a new process that reused the pid, not ours.
 */
const START_TIME_SLACK_MS = 2_000;

export interface ProcessLedgerDeps {
  store: Pick<ProcessStore, 'add' | 'remove' | 'list'>;
  clock: Clock;
  logger: Logger;
  table?: () => Promise<ProcessRow[]>;
  cwds?: (pids: readonly number[]) => Promise<Map<number, string>>;
  killGraceMs?: number;
}

/**
 * Every process group the engine starts (agents, hooks, checks, shells) is written to the store when
 * it starts and struck off when it is gone. After a clean stop the ledger is empty; after a kill -9
 * it names exactly the groups that may still run, and the next start stops them before anything
 * new starts (DESIGN.md: after SIGKILL of the engine, the next start reaps every process the
 * killed runs left).
 */
export class ProcessLedger implements ProcessGuard {
  private readonly table: () => Promise<ProcessRow[]>;

  constructor(private readonly deps: ProcessLedgerDeps) {
    this.table = deps.table ?? listProcesses;
  }

  started(pid: number, info: TrackedProcess): () => void {
    const row: NewProcessGroup = {
      pgid: pid,
      kind: info.kind,
      label: info.label,
      cwd: info.cwd,
      issue_id: info.issue_id ?? null,
      issue_identifier: info.issue_identifier ?? null,
      run_id: info.run_id ?? null,
      recorded_at_ms: this.deps.clock.now(),
    };
    const added = this.deps.store.add(row);
    if (!added.ok) {
      this.deps.logger.warn({ pid, kind: info.kind, err: added.error.message }, 'process not recorded; a crash now could leave it running');
      return () => undefined;
    }
    let forgotten = false;
    return () => {
      if (forgotten) return;
      forgotten = true;
      const removed = this.deps.store.remove(added.value);
      if (!removed.ok) this.deps.logger.warn({ pid, err: removed.error.message }, 'process record not removed');
    };
  }

  /**
   * Stops every recorded group that still runs — its members and anything they started — and
   * clears the ledger. Call once at start, before anything is spawned: every row is a leftover.
   */
  async reapLeftovers(): Promise<ReapedGroup[]> {
    const rows = this.deps.store.list();
    if (!rows.ok) {
      this.deps.logger.error({ err: rows.error.message }, 'cannot read the process ledger; processes of earlier runs may still run');
      return [];
    }
    if (rows.value.length === 0) return [];
    const table = await this.table();
    const reaped: ReapedGroup[] = [];
    for (const group of rows.value) {
      const members = this.members(table, group);
      if (members.length > 0) {
        const descendants = descendantsOf(table, members.map((m) => m.pid));
        const byPid = new Map(table.map((r) => [r.pid, r]));
        const processes = [...members.map((m) => m.pid), ...descendants].flatMap((pid) => {
          const row = byPid.get(pid);
          return row && isRunning(row) ? [{ pid, command: row.command }] : [];
        });
        await Promise.all([killProcessTree(group.pgid, this.grace()), killPids(descendants, this.grace())]);
        if (processes.length > 0) reaped.push({ group, processes });
        this.deps.logger.warn({ pgid: group.pgid, kind: group.kind, label: group.label, issue_identifier: group.issue_identifier, pids: processes.map((p) => p.pid) }, 'stopped processes an earlier engine left running');
      }
      this.deps.store.remove(group.id);
    }
    return reaped;
  }

  /**
   * Processes running in `dir` (cwd inside it) that nobody looks after: orphans, whose parent died
   * so that init adopted them — what a killed run leaves behind, `setsid` daemons included. A
   * person's own shell or editor there has a live parent and is not one of them. An agent must not
   * start beside them. (Where a subreaper adopts orphans instead of PID 1, they are not seen here;
   * the ledger's reaping at start still stops those of recorded groups.)
   */
  async strayProcessesIn(dir: string): Promise<ProcessRow[]> {
    const table = await this.table();
    const candidates = table.filter((r) => isRunning(r) && r.pid !== process.pid && r.ppid === 1);
    const cwds = await (this.deps.cwds ?? workingDirectories)(candidates.map((r) => r.pid));
    const root = path.resolve(dir);
    return candidates.filter((r) => {
      const cwd = cwds.get(r.pid);
      return cwd !== undefined && (cwd === root || cwd.startsWith(root + path.sep));
    });
  }

  private members(table: readonly ProcessRow[], group: StoredProcessGroup): ProcessRow[] {
    const leader = table.find((r) => r.pid === group.pgid);
    // The pid was reused by a process that started after ours: the group is gone and this is not it.
    if (leader && leader.startedAtMs !== null && leader.startedAtMs > group.recorded_at_ms + START_TIME_SLACK_MS) return [];
    return table.filter((r) => r.pgid === group.pgid && isRunning(r));
  }

  private grace(): number {
    return this.deps.killGraceMs ?? KILL_GRACE_MS;
  }
}
