import { randomUUID } from 'node:crypto';
import type { CheckResult } from '../../../../shared/api/review-schemas.js';
import { childEnvironment, childEnvSecrets } from '../../lib/child-env.js';
import { isoTime, systemClock, type Clock, type TimerHandle } from '../../lib/clock.js';
import type { Disposable } from '../../lib/disposable.js';
import { silentLogger, type Logger } from '../../lib/logger.js';
import type { ProcessRecorder } from '../../lib/process-ledger.js';
import { KILL_GRACE_MS } from '../../lib/process-tree.js';
import type { Result } from '../../lib/result.js';
import type { TerminalRegistry } from '../../terminals/terminal-registry.js';
import type { TerminalSession } from '../../terminals/terminal-session.js';
import { TerminalProcess, type PtySpawner } from '../../terminals/terminal-process.js';
import type { ServiceConfig } from '../../workflow/config-types.js';
import type { CheckCopies } from '../../workspace/check-copies.js';
import type { RunHookOptions } from '../../workspace/workspace-manager.js';
import { plainTail, RawTail } from './output-text.js';

/** Prepares a fresh copy like a new workspace (`hooks.after_create`); ok(null) when there is no hook. */
export type CheckSetup = (copyPath: string, options: RunHookOptions) => Promise<Result<unknown>>;

export interface CheckRunnerDeps {
  terminals: Pick<TerminalRegistry, 'create' | 'markExited'>;
  config: () => ServiceConfig;
  /** Variables named by `$VAR` in the raw `tracker.provider.api_key` (or `tracker.api_key`), stripped like for agents. */
  secretVarNames?: () => string[];
  /** Values (the API token) no variable of the check may hold. */
  secretValues?: () => string[];
  /** Environment checks start from (default `process.env`), before secrets are stripped. */
  baseEnv?: () => NodeJS.ProcessEnv;
  clock?: Clock;
  logger?: Logger;
  spawn?: PtySpawner;
  /** Where checks run: disposable worktrees, never a ticket's own. */
  copies: Pick<CheckCopies, 'create' | 'remove'>;
  setup?: CheckSetup;
  /** Records each check's process group while it runs (the engine's ledger). */
  processes?: ProcessRecorder;
  newId?: () => string;
  killGraceMs?: number;
}

export interface CheckRequest {
  /** Shell command, run as `bash -lc <command>`. */
  command: string;
  /**
   * The commit of `workspace.repo` to check. It is checked out into a disposable copy, prepared
   * with `hooks.after_create`, and the copy is deleted afterwards: the ticket's worktree, where an
   * agent may be working, is never touched.
   */
  commit: string;
  /** Recorded in the result: the worktree HEAD and the tree that `commit` stands for. */
  head?: string | null;
  tree?: string | null;
  /** The ticket the check is for (terminal title and `BATON_ISSUE_IDENTIFIER`); null for none. */
  identifier: string | null;
  issue_id?: string | null;
  /** Default: `review.checks_timeout_ms`. */
  timeoutMs?: number;
  /** Called as soon as the live terminal exists, before the command starts. */
  onTerminal?: (terminalId: string) => void;
  /** Aborting kills the check's process tree; the result is then `error` ("stopped"). */
  signal?: AbortSignal;
}

interface Running {
  proc: TerminalProcess;
}

/**
 * Runs `review.checks` as a live terminal of kind `check`: a login shell in a pty, in a disposable
 * copy of the commit under check, with the agents' environment (tracker secrets stripped). A timeout
 * or an abort kills the whole process tree. Never throws: a check that cannot start is a result with
 * status `error`; one whose copy cannot be set up has `failed`.
 */
export class CheckRunner implements Disposable {
  private readonly running = new Set<Running>();
  private readonly clock: Clock;
  private readonly logger: Logger;
  private disposed = false;

  constructor(private readonly deps: CheckRunnerDeps) {
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger();
  }

  async run(request: CheckRequest): Promise<CheckResult> {
    const startedAt = isoTime(this.clock.now());
    const result = (status: CheckResult['status'], output: string, extra: Partial<CheckResult> = {}): CheckResult => ({
      status,
      command: request.command,
      terminal_id: null,
      exit_code: null,
      output_tail: output,
      started_at: startedAt,
      ended_at: isoTime(this.clock.now()),
      head: request.head ?? null,
      tree: request.tree ?? null,
      ...extra,
    });
    if (this.disposed) return result('error', 'The check was not started: the engine is shutting down.');
    if (request.signal?.aborted) return result('error', 'The check was stopped before it started.');
    const cfg = this.deps.config();
    const who = request.identifier ?? 'repo';
    const id = `check-${who}-${(this.deps.newId ?? shortId)()}`;
    const created = this.deps.terminals.create({
      id,
      issue_id: request.issue_id ?? null,
      issue_identifier: request.identifier,
      kind: 'check',
      title: `${who}: check — ${request.command}`,
      cols: cfg.pty.cols,
      rows: cfg.pty.rows,
    });
    if (!created.ok) return result('error', `The check's terminal could not be created: ${created.error.message}`);
    const terminal = created.value;
    request.onTerminal?.(id);
    const raw = new RawTail();
    const show = (text: string, keep: boolean) => {
      const data = text.replace(/\r?\n/g, '\r\n');
      terminal.write(data);
      if (keep) raw.push(data);
    };
    const ended = (status: CheckResult['status'], output: string) => {
      this.deps.terminals.markExited(id);
      return result(status, output, { terminal_id: id });
    };

    show(`\x1b[2mChecking ${request.commit.slice(0, 12)} in a fresh copy of the work…\x1b[0m\n`, false);
    const copy = await this.deps.copies.create(request.commit, who);
    if (!copy.ok) return ended('error', `The check's copy of the work could not be made: ${copy.error.message}`);
    try {
      if (this.deps.setup) {
        const setup = await this.deps.setup(copy.value, {
          identifier: request.identifier ?? undefined,
          signal: request.signal,
          env: { BATON_CHECK: '1' },
          onOutput: (chunk) => show(chunk, true),
        });
        if (request.signal?.aborted) return ended('error', appendNote(plainTail(raw.text()), STOPPED_NOTE));
        if (!setup.ok) return ended('failed', appendNote(plainTail(raw.text()), `The copy could not be prepared for the check: ${setup.error.message}.`));
      }
      return await this.runIn(copy.value, request, cfg, id, terminal, raw, result);
    } finally {
      await this.deps.copies.remove(copy.value);
    }
  }

  private async runIn(
    cwd: string,
    request: CheckRequest,
    cfg: ServiceConfig,
    id: string,
    terminal: TerminalSession,
    raw: RawTail,
    result: (status: CheckResult['status'], output: string, extra?: Partial<CheckResult>) => CheckResult,
  ): Promise<CheckResult> {
    const spawned = TerminalProcess.start({
      terminals: this.deps.terminals,
      terminal,
      command: request.command,
      cwd,
      env: this.environment(cfg, request),
      tracked: { kind: 'check', label: request.command, cwd, issue_id: request.issue_id ?? null, issue_identifier: request.identifier },
      processes: this.deps.processes,
      tap: (data) => raw.push(data),
      spawn: this.deps.spawn,
    });
    // The terminal stays listed (marked exited) so the reviewer sees which check could not start.
    if (!spawned.ok) return result('error', spawned.error.message, { terminal_id: id });
    const proc = spawned.value;
    const entry: Running = { proc };
    this.running.add(entry);
    const graceMs = this.deps.killGraceMs ?? KILL_GRACE_MS;
    let stopReason: 'timeout' | 'aborted' | null = null;
    const stop = (why: 'timeout' | 'aborted') => {
      stopReason ??= why;
      void proc.kill(graceMs);
    };
    const timeoutMs = request.timeoutMs ?? cfg.review.checks_timeout_ms;
    const timer: TimerHandle = this.clock.setTimeout(() => stop('timeout'), Math.max(1, timeoutMs));
    const onAbort = () => stop('aborted');
    request.signal?.addEventListener('abort', onAbort, { once: true });
    if (request.signal?.aborted) stop('aborted');
    this.logger.info({ terminal_id: id, pid: proc.pid, cwd, commit: request.commit, issue_identifier: request.identifier }, 'check started');

    try {
      const exit = await proc.ended;
      let tail = plainTail(raw.text());
      const done = { terminal_id: id, exit_code: stopReason ? null : exit.exitCode };
      if (stopReason === 'aborted') return result('error', appendNote(tail, STOPPED_NOTE), done);
      if (stopReason === 'timeout') {
        tail = appendNote(tail, `The check timed out after ${formatMs(timeoutMs)}; its processes were killed.`);
        return result('failed', tail, done);
      }
      const passed = exit.exitCode === 0 && exit.signal === null;
      return result(passed ? 'passed' : 'failed', tail, done);
    } finally {
      this.clock.clearTimeout(timer);
      request.signal?.removeEventListener('abort', onAbort);
      this.running.delete(entry);
    }
  }

  /** Number of checks running now. */
  get size(): number {
    return this.running.size;
  }

  /** Kills every running check's process tree. */
  async dispose(): Promise<void> {
    this.disposed = true;
    await Promise.all([...this.running].map((r) => r.proc.kill(this.deps.killGraceMs ?? KILL_GRACE_MS)));
  }

  private environment(cfg: ServiceConfig, request: CheckRequest): Record<string, string> {
    const base = (this.deps.baseEnv ?? (() => process.env))();
    const extra: Record<string, string> = { BATON_CHECK: '1', BATON_CHECK_COMMIT: request.commit };
    if (request.identifier !== null) extra.BATON_ISSUE_IDENTIFIER = request.identifier;
    const env = childEnvironment(base, childEnvSecrets(cfg, this.deps.secretVarNames?.() ?? [], this.deps.secretValues?.() ?? []), { extra });
    // A pty looks interactive, and test runners (vitest, jest) then start in watch mode and never
    // exit; CI tells them, and most other tools, to run once without prompts.
    env.CI ??= 'true';
    return env;
  }
}

const STOPPED_NOTE = 'The check was stopped (its ticket left review, the landing was cancelled, or the engine is shutting down).';

function appendNote(tail: string, note: string): string {
  return tail === '' ? note : `${tail}\n${note}`;
}

function formatMs(ms: number): string {
  return ms >= 1000 ? `${Math.round(ms / 100) / 10} s` : `${ms} ms`;
}

function shortId(): string {
  return randomUUID().slice(0, 8);
}
