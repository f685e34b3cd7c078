import { randomUUID } from 'node:crypto';
import { mkdir, stat, writeFile } from 'node:fs/promises';
import path from 'node:path';
import type { PtyConfig } from '../../workflow/config-types.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import type { Disposable } from '../../lib/disposable.js';
import { silentLogger, type Logger } from '../../lib/logger.js';
import type { ProcessRecorder } from '../../lib/process-ledger.js';
import { KILL_GRACE_MS } from '../../lib/process-tree.js';
import { PRIVATE_DIR_MODE, PRIVATE_FILE_MODE } from '../../lib/private-files.js';
import { err, errorMessage, ok, type Result } from '../../lib/result.js';
import type { TerminalRegistry } from '../../terminals/terminal-registry.js';
import type { TerminalSession } from '../../terminals/terminal-session.js';
import { TerminalProcess, type TerminalProcessExit } from '../../terminals/terminal-process.js';
import { childEnvironment } from '../../lib/child-env.js';
import type { AgentEvent, AgentEventListener } from '../agent-events.js';

/** Screen lines quoted in an `agent_exit` error: enough to show a stack trace or a usage message. */
export const EXIT_TAIL_LINES = 20;

export interface PtyAgentDeps {
  config: PtyConfig;
  terminals: TerminalRegistry;
  /** Directory for per-run prompt files (the engine's state dir): never inside the worktree. */
  promptDir: string;
  /** Base environment; defaults to the engine's own. */
  env?: Record<string, string | undefined>;
  /** Values that must not reach the agent (tracker API key, API token). */
  secretValues?: readonly string[];
  clock?: Clock;
  logger?: Logger;
  newSessionId?: () => string;
  killGraceMs?: number;
  /** Records the agent's process group while it runs (the engine's ledger). */
  processes?: ProcessRecorder;
}

export interface PtyRunRequest {
  /** Absolute path of the issue's workspace; the agent runs with exactly this cwd. */
  workspacePath: string;
  /** The rendered prompt. */
  prompt: string;
  issue: { id: string; identifier: string; title: string };
  /** The run this session belongs to (recorded with its process group). */
  runId?: string;
}

export interface PtyRunOutcome {
  session_id: string;
  pid: number;
  exit_code: number;
}

/**
 * `agent.kind: pty`: one attempt is one run of `pty.command` (any interactive CLI agent) in a
 * terminal in the workspace. The prompt is handed over twice, because CLIs differ in what they
 * read: as a file named by `BATON_PROMPT_FILE`, and typed into the terminal after start.
 * Exit 0 ends the attempt normally; anything else is an `agent_exit` error. Output goes to a
 * TerminalSession that viewers attach to; operator keystrokes and resizes flow back to the pty.
 */
export class PtyAgentSession implements Disposable {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private started = false;
  private stopRequested = false;
  private proc: TerminalProcess | null = null;
  private term: TerminalSession | null = null;
  private id: string | null = null;
  private lastOutputAt: number | null = null;

  constructor(private readonly deps: PtyAgentDeps) {
    this.clock = deps.clock ?? systemClock;
    this.logger = deps.logger ?? silentLogger();
  }

  get sessionId(): string | null {
    return this.id;
  }

  get pid(): number | null {
    return this.proc?.pid ?? null;
  }

  get terminal(): TerminalSession | null {
    return this.term;
  }

  /** When the agent last printed anything (its start time before that): the stall detector's input. */
  lastActivityAt(): number | null {
    return this.lastOutputAt;
  }

  /** Operator keystrokes (also reachable through the terminal's `input`). */
  input(data: string): void {
    this.term?.input(data);
  }

  resize(cols: number, rows: number): void {
    this.term?.resize(cols, rows);
  }

  async run(request: PtyRunRequest, onEvent: AgentEventListener = () => {}): Promise<Result<PtyRunOutcome>> {
    if (this.started) return err('session_already_used', 'A pty agent session runs once; start a new one for the next attempt.');
    this.started = true;
    const emit = (event: Omit<AgentEvent, 'at'>) => onEvent({ at: this.clock.now(), ...event });
    const startupFailed = (code: string, message: string): Result<PtyRunOutcome> => {
      emit({ kind: 'error', event: 'startup_failed', summary: message, data: { code }, session_id: this.id });
      return err(code, message);
    };

    const command = this.deps.config.command?.trim() ?? '';
    if (command === '') return startupFailed('pty_command_missing', 'agent.kind is pty but pty.command is not set in WORKFLOW.md.');
    const cwdError = await checkWorkspaceCwd(request.workspacePath);
    if (cwdError) return startupFailed('invalid_workspace_cwd', cwdError);

    const sessionId = (this.deps.newSessionId ?? randomUUID)();
    this.id = sessionId;
    const promptFile = path.join(this.deps.promptDir, `${sessionId.replace(/[^A-Za-z0-9._-]/g, '_')}.prompt.md`);
    try {
      await mkdir(this.deps.promptDir, { recursive: true, mode: PRIVATE_DIR_MODE });
      await writeFile(promptFile, request.prompt, { mode: PRIVATE_FILE_MODE });
    } catch (e) {
      return startupFailed('prompt_file_failed', `Could not write the prompt file ${promptFile}: ${errorMessage(e)}`);
    }
    if (this.stopRequested) return err('turn_cancelled', 'The run was stopped before the agent started.');

    const { cols, rows } = this.deps.config;
    const created = this.deps.terminals.create({
      id: sessionId,
      issue_id: request.issue.id,
      issue_identifier: request.issue.identifier,
      kind: 'agent',
      title: `${request.issue.identifier}: ${command}`,
      cols,
      rows,
    });
    if (!created.ok) return startupFailed(created.error.code, created.error.message);
    const terminal = created.value;
    this.term = terminal;

    // The base is usually the runner's environment, already built by childEnvironment; the secret
    // values are stripped again so a session built with the engine's own environment is safe too.
    const env = childEnvironment(this.deps.env ?? process.env, { varNames: [], values: this.deps.secretValues ?? [] }, {
      extra: {
        BATON_PROMPT_FILE: promptFile,
        BATON_ISSUE_IDENTIFIER: request.issue.identifier,
        BATON_WORKSPACE: request.workspacePath,
      },
    });
    const spawned = TerminalProcess.start({
      terminals: this.deps.terminals,
      terminal,
      command,
      cwd: request.workspacePath,
      env,
      tracked: { kind: 'agent', label: command, cwd: request.workspacePath, issue_id: request.issue.id, issue_identifier: request.issue.identifier, run_id: request.runId ?? null },
      processes: this.deps.processes,
      tailLines: EXIT_TAIL_LINES,
    });
    if (!spawned.ok) return startupFailed(spawned.error.code, spawned.error.message);
    const proc = spawned.value;
    this.proc = proc;
    this.lastOutputAt = this.clock.now();
    proc.onData(() => {
      this.lastOutputAt = this.clock.now();
    });
    // Typed ahead like an operator would: the tty buffers it until the CLI reads; CR submits it.
    proc.write(`${request.prompt}\r`);
    emit({
      kind: 'session_started',
      event: 'session_started',
      summary: `pty agent started: ${command}`,
      data: { command, cwd: request.workspacePath, prompt_file: promptFile, cols, rows },
      session_id: sessionId,
      pid: proc.pid,
    });
    this.logger.info({ session_id: sessionId, pid: proc.pid, issue_identifier: request.issue.identifier }, 'pty agent started');
    if (this.stopRequested) void proc.kill(this.deps.killGraceMs ?? KILL_GRACE_MS);

    const exit = await proc.ended;
    return this.finish(sessionId, proc.pid, exit, emit);
  }

  /** Kills the agent's whole process tree; `run()` then resolves with `turn_cancelled`. */
  async stop(): Promise<void> {
    this.stopRequested = true;
    await this.proc?.kill(this.deps.killGraceMs ?? KILL_GRACE_MS);
  }

  dispose(): Promise<void> {
    return this.stop();
  }

  private finish(
    sessionId: string,
    pid: number,
    exit: TerminalProcessExit,
    emit: (event: Omit<AgentEvent, 'at'>) => void,
  ): Result<PtyRunOutcome> {
    const { lastLines } = exit;
    const data = { exit_code: exit.exitCode, signal: exit.signal, last_lines: lastLines };
    const base = { session_id: sessionId, pid, data };
    if (this.stopRequested) {
      emit({ ...base, kind: 'turn_failed', event: 'turn_cancelled', summary: 'pty agent stopped' });
      return err('turn_cancelled', 'The agent was stopped.', data);
    }
    if (exit.exitCode === 0 && exit.signal === null) {
      emit({ ...base, kind: 'turn_completed', event: 'turn_completed', summary: 'pty agent exited with code 0' });
      return ok({ session_id: sessionId, pid, exit_code: 0 });
    }
    const how = exit.signal !== null ? `was killed by signal ${exit.signal}` : `exited with code ${exit.exitCode}`;
    const message = `The agent ${how}.${lastLines.length > 0 ? ` Last output:\n${lastLines.join('\n')}` : ''}`;
    emit({ ...base, kind: 'turn_failed', event: 'turn_failed', summary: `pty agent ${how}` });
    return err('agent_exit', message, data);
  }
}

/** SPEC §9.5 invariant 1: the agent's cwd is exactly the workspace path, which must be a directory. */
async function checkWorkspaceCwd(workspacePath: string): Promise<string | null> {
  if (!path.isAbsolute(workspacePath) || path.resolve(workspacePath) !== workspacePath) {
    return `The workspace path must be absolute and normalized, got ${JSON.stringify(workspacePath)}.`;
  }
  try {
    if (!(await stat(workspacePath)).isDirectory()) return `The workspace path ${workspacePath} is not a directory.`;
  } catch (e) {
    return `The workspace path ${workspacePath} is not accessible: ${errorMessage(e)}`;
  }
  return null;
}
