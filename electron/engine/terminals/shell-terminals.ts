import { randomUUID } from 'node:crypto';
import { stat } from 'node:fs/promises';
import type { Disposable } from '../lib/disposable.js';
import type { ProcessRecorder } from '../lib/process-ledger.js';
import { silentLogger, type Logger } from '../lib/logger.js';
import { signalGroup } from '../lib/process-tree.js';
import { err, errorMessage, ok, type Result } from '../lib/result.js';
import type { TerminalRegistry } from './terminal-registry.js';
import { TerminalProcess, type PtySpawner } from './terminal-process.js';

/**
 * What runs in an operator shell. PtyProcess starts `bash -lc <command>`; exec-ing `bash -l` from
 * there leaves an interactive login shell as the pty's session leader, with the operator's profile
 * and PATH, like a new tab in their terminal emulator.
 */
export const SHELL_COMMAND = 'exec bash -l';

/**
 * Grace between SIGHUP/SIGTERM and SIGKILL when a shell is closed. An interactive bash ignores
 * SIGTERM but exits on SIGHUP (what closing a terminal window sends) and passes it to its jobs, so
 * a normal close finishes in milliseconds; the grace only matters for a job that ignores both.
 */
export const SHELL_KILL_GRACE_MS = 1_000;

export interface ShellTerminalsDeps {
  terminals: TerminalRegistry;
  /** Where a ticket's workspace is (WorkspaceManager.pathFor): a path inside the root, or an error. */
  workspacePath: (identifier: string) => Promise<Result<string>>;
  /** The shell's environment, tracker secrets already removed. */
  env: () => Record<string, string>;
  /** Initial size (the viewer resizes it to its own at once). */
  size: () => { cols: number; rows: number };
  spawn?: PtySpawner;
  /** Records each shell's process group while it runs (the engine's ledger). */
  processes?: ProcessRecorder;
  newId?: () => string;
  logger?: Logger;
}

export interface OpenShellInput {
  identifier: string;
  issue_id: string | null;
}

interface Shell {
  identifier: string;
  proc: TerminalProcess;
}

/**
 * Operator shells in ticket workspaces ("Open shell here"): each is a `bash -l` in a pty, shown as a
 * TerminalRegistry session of kind `shell`. Closing one, or disposing this (engine shutdown), kills
 * its whole process tree, jobs included.
 */
export class ShellTerminals implements Disposable {
  private readonly shells = new Map<string, Shell>();
  private readonly logger: Logger;
  private disposed = false;

  constructor(private readonly deps: ShellTerminalsDeps) {
    this.logger = deps.logger ?? silentLogger();
  }

  /** `workspace_not_found` when the workspace does not exist yet; the path checks' codes otherwise. */
  async open(input: OpenShellInput): Promise<Result<{ terminal_id: string }>> {
    if (this.disposed) return err('service_unavailable', 'The engine is shutting down.');
    const located = await this.deps.workspacePath(input.identifier);
    if (!located.ok) return located;
    const cwd = located.value;
    const isDir = await stat(cwd).then((s) => s.isDirectory(), () => false);
    if (!isDir) return err('workspace_not_found', `${input.identifier} has no workspace yet (${cwd} does not exist); it is created when the ticket first runs.`);

    const id = `shell-${input.identifier}-${(this.deps.newId ?? shortId)()}`;
    const { cols, rows } = this.deps.size();
    const created = this.deps.terminals.create({ id, issue_id: input.issue_id, issue_identifier: input.identifier, kind: 'shell', title: `${input.identifier}: shell`, cols, rows });
    if (!created.ok) return created;
    const terminal = created.value;
    const env: Record<string, string> = { ...this.deps.env(), BATON_ISSUE_IDENTIFIER: input.identifier, BATON_WORKSPACE: cwd };
    const spawned = TerminalProcess.start({
      terminals: this.deps.terminals,
      terminal,
      command: SHELL_COMMAND,
      cwd,
      env,
      tracked: { kind: 'shell', label: SHELL_COMMAND, cwd, issue_id: input.issue_id, issue_identifier: input.identifier },
      processes: this.deps.processes,
      spawn: this.deps.spawn,
    });
    if (!spawned.ok) {
      // Deliberately unlike agents and checks: the operator asked for this shell and gets the error
      // in reply, so no dead terminal is left listed for a shell that never ran.
      await this.deps.terminals.remove(id);
      return spawned;
    }
    const proc = spawned.value;
    this.shells.set(id, { identifier: input.identifier, proc });
    this.logger.info({ terminal_id: id, pid: proc.pid, cwd }, 'operator shell started');
    void proc.ended.then(() => this.shells.delete(id));
    return ok({ terminal_id: id });
  }

  /** Kills the shell's process tree and drops its terminal; `terminal_not_found` unless it is one of this ticket's shells. */
  async close(identifier: string, id: string): Promise<Result<void>> {
    const info = this.deps.terminals.info(id);
    if (!info || info.kind !== 'shell' || info.issue_identifier?.toLowerCase() !== identifier.toLowerCase()) {
      return err('terminal_not_found', `${identifier} has no shell ${id}`);
    }
    const shell = this.shells.get(id);
    if (shell) await this.kill(shell);
    await this.deps.terminals.remove(id);
    return ok(undefined);
  }

  get size(): number {
    return this.shells.size;
  }

  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.shells.values()].map((shell) => this.kill(shell)));
  }

  private async kill(shell: Shell): Promise<void> {
    signalGroup(shell.proc.pid, 'SIGHUP');
    try {
      await shell.proc.kill(SHELL_KILL_GRACE_MS);
    } catch (e) {
      this.logger.warn({ err: errorMessage(e), pid: shell.proc.pid }, 'operator shell did not stop cleanly');
    }
  }
}

function shortId(): string {
  return randomUUID().slice(0, 8);
}
