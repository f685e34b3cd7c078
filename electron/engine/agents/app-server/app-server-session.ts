import type { Logger } from '../../lib/logger.js';
import { silentLogger } from '../../lib/logger.js';
import { systemClock, type Clock } from '../../lib/clock.js';
import type { Disposable } from '../../lib/disposable.js';
import { err, failure, ok, type BatonError, type Result } from '../../lib/result.js';
import type { CodexConfig } from '../../workflow/config-types.js';
import type { TerminalSink } from '../../terminals/terminal-sink.js';
import type { AgentEventListener } from '../agent-events.js';
import type { DynamicToolHost } from '../dynamic-tools.js';
import type { OperatorQueue } from '../operator-queue.js';
import { ActiveTurn, turnEndError, type TurnOutcome } from './active-turn.js';
import { verifyAgentCwd } from './agent-cwd.js';
import { AppServerProcess, type ProcessExit, type SpawnFn } from './app-server-process.js';
import { oneLine, truncateHead } from '../../lib/bounded.js';
import { EventBudget } from './event-budget.js';
import { draft, type AgentEventDraft } from './event-draft.js';
import { exitError } from './exit-error.js';
import { asRecord, dig, str, type JsonObject } from '../../lib/json-shapes.js';
import { notificationEvent } from './notification-events.js';
import { RpcConnection } from './rpc-connection.js';
import { ServerRequestRouter } from './server-requests.js';
import { TranscriptRenderer } from './transcript.js';

export type { TurnOutcome } from './active-turn.js';

export type AppServerCodexSettings = Pick<
  CodexConfig,
  'command' | 'approval_policy' | 'thread_sandbox' | 'turn_sandbox_policy' | 'turn_timeout_ms' | 'read_timeout_ms' | 'approval_timeout_ms'
>;

export interface AppServerSessionOptions {
  /** Absolute per-issue workspace path: the agent's cwd. */
  workspacePath: string;
  /** The agent's environment, already stripped of tracker secrets by the caller. */
  env: NodeJS.ProcessEnv;
  codex: AppServerCodexSettings;
  issue: { id: string; identifier: string };
  operatorQueue: OperatorQueue;
  onEvent: AgentEventListener;
  /** Client-side tools advertised at thread start (e.g. BatonTrackerTool). */
  tools?: DynamicToolHost | null;
  /** Where the live transcript goes. */
  terminal?: TerminalSink | null;
  clock?: Clock;
  logger?: Logger;
  spawn?: SpawnFn;
  /** Records the app-server's process group while it runs (the engine's ledger). */
  track?: (pid: number) => () => void;
  /** `clientInfo.version` sent in `initialize`. */
  clientVersion?: string;
  /** Workspace root; when given, the launch also checks the workspace lies under it (SPEC §9.5). */
  workspaceRoot?: string;
}

export interface SessionInfo {
  thread_id: string;
  pid: number | null;
}

export interface TurnOptions {
  /** `<identifier>: <title>`, shown in the transcript header and sent as `turn/start.title`. */
  title?: string | null;
}

/**
 * One `codex app-server` process speaking protocol v2 over stdio (SPEC §10): handshake, a thread,
 * then turns on that thread until `stop()`. Continuation turns reuse the thread and the process.
 * Every failure comes back as a Result with a SPEC §10.6 code (`codex_not_found`,
 * `invalid_workspace_cwd`, `response_timeout`, `response_error`, `turn_timeout`, `port_exit`,
 * `turn_failed`, `turn_cancelled`, `turn_input_required`) or `approval_timeout`, `session_stopped`,
 * `turn_in_progress`.
 */
export class AppServerSession implements Disposable {
  private readonly clock: Clock;
  private readonly logger: Logger;
  private readonly transcript: TranscriptRenderer | null;
  private readonly router: ServerRequestRouter;
  private readonly rpc: RpcConnection;
  private proc: AppServerProcess | null = null;
  private startPromise: Promise<Result<SessionInfo>> | null = null;
  private stopPromise: Promise<void> | null = null;
  private handshaken = false;
  private thread: string | null = null;
  private turn: ActiveTurn | null = null;
  private turns = 0;
  private currentSessionId: string | null = null;
  private lastActivity: number;
  /** Epoch ms of the last stdout or stderr line: the turn's silence clock (turn_timeout_ms). */
  private outputAt: number;
  private readonly budget = new EventBudget();

  constructor(private readonly options: AppServerSessionOptions) {
    this.clock = options.clock ?? systemClock;
    this.logger = (options.logger ?? silentLogger()).child({ issue_id: options.issue.id, issue_identifier: options.issue.identifier });
    this.lastActivity = this.clock.now();
    this.outputAt = this.lastActivity;
    this.transcript = options.terminal ? new TranscriptRenderer(options.terminal) : null;
    this.rpc = new RpcConnection({
      send: (line) => this.proc?.write(line),
      clock: this.clock,
      readTimeoutMs: options.codex.read_timeout_ms,
      handlers: {
        onNotification: (method, params) => this.onNotification(method, params),
        onRequest: (method, params, id) => this.router.handle(method, params, id),
        onMalformed: (line, reason) => this.malformed(line, reason),
      },
    });
    this.router = new ServerRequestRouter({
      approvalPolicy: options.codex.approval_policy,
      approvalTimeoutMs: options.codex.approval_timeout_ms,
      queue: options.operatorQueue,
      tools: options.tools ?? null,
      issue: options.issue,
      sessionIdFor: (params) => {
        const turnId = str(asRecord(params)?.turnId);
        return turnId && this.thread ? `${this.thread}-${turnId}` : this.currentSessionId;
      },
      emit: (event) => this.emit(event),
      transcript: this.transcript,
      onOperatorTimeout: (error) => this.abortTurn(error),
    });
  }

  get pid(): number | null {
    return this.proc?.pid ?? null;
  }

  get threadId(): string | null {
    return this.thread;
  }

  /** `<thread_id>-<turn_id>` of the latest turn, null before the first turn/start answer. */
  get sessionId(): string | null {
    return this.currentSessionId;
  }

  /** Epoch ms of the last line read from the agent's stdout; the orchestrator's stall check reads it. */
  get lastActivityAt(): number {
    return this.lastActivity;
  }

  get turnCount(): number {
    return this.turns;
  }

  /** Launch and handshake; idempotent. On failure the process is already stopped. */
  start(): Promise<Result<SessionInfo>> {
    this.startPromise ??= this.doStart();
    return this.startPromise;
  }

  /** Runs one turn (starting the session first if needed) and resolves when it ends. */
  async runTurn(text: string, options: TurnOptions = {}): Promise<Result<TurnOutcome>> {
    if (this.turn) return err('turn_in_progress', 'a turn is already running in this session');
    const started = await this.start();
    if (!started.ok) return started;
    // Checked again: another runTurn may have begun while this one waited for the handshake.
    if (this.turn) return err('turn_in_progress', 'a turn is already running in this session');
    if (this.stopPromise) return err('session_stopped', 'the session was stopped');
    const exit = this.proc?.exited;
    if (exit) return failure(this.exitError(exit));

    const turn = new ActiveTurn(++this.turns);
    this.turn = turn;
    this.outputAt = this.clock.now();
    this.armSilenceTimer(turn);
    this.transcript?.turnStarted(turn.number, options.title ?? null);
    const { codex, workspacePath } = this.options;
    const response = await this.rpc.request('turn/start', {
      threadId: this.thread,
      input: [{ type: 'text', text }],
      cwd: workspacePath,
      approvalPolicy: codex.approval_policy,
      ...(options.title ? { title: options.title } : {}),
      // Without an explicit policy, a turn may write only inside its own workspace, offline.
      sandboxPolicy: codex.turn_sandbox_policy ?? { type: 'workspaceWrite', writableRoots: [workspacePath], networkAccess: false },
    });
    if (!response.ok) this.finishTurn(turn, response);
    else {
      const turnId = str(dig(response.value, 'turn', 'id'));
      if (turnId) this.setTurnId(turn, turnId);
      else this.finishTurn(turn, err('response_error', 'turn/start returned no turn.id'));
    }
    return turn.promise;
  }

  /** Kills the process tree and resolves once it is gone; idempotent. */
  stop(): Promise<void> {
    this.stopPromise ??= this.doStop();
    return this.stopPromise;
  }

  dispose(): Promise<void> {
    return this.stop();
  }

  private async doStart(): Promise<Result<SessionInfo>> {
    const { codex, workspacePath } = this.options;
    if (this.stopPromise) return err('session_stopped', 'the session was stopped before it started');
    const cwd = workspacePath;
    const verified = await verifyAgentCwd(cwd, workspacePath, this.options.workspaceRoot);
    if (!verified.ok) return this.startFailed(verified.error);
    this.lastActivity = this.clock.now();
    this.proc = new AppServerProcess(
      { command: codex.command, cwd, env: this.options.env, clock: this.clock, spawn: this.options.spawn, track: this.options.track },
      {
        onStdoutLine: (line) => {
          this.lastActivity = this.clock.now();
          this.outputAt = this.lastActivity;
          this.rpc.handleLine(line);
        },
        onStdoutOversize: (bytes) => {
          this.lastActivity = this.clock.now();
          this.outputAt = this.lastActivity;
          this.malformed(`(${bytes} bytes)`, `line of ${bytes} bytes exceeds the protocol line limit and was dropped`, 'oversize_line');
        },
        onStderrLine: (line) => this.stderrLine(line),
        onExit: (exit) => this.onExit(exit),
      },
    );
    this.logger.info({ pid: this.pid, cwd: workspacePath }, 'codex app-server launched');
    this.transcript?.info(`$ ${codex.command}   (pid ${this.pid ?? '?'}, cwd ${workspacePath})`);

    const init = await this.rpc.request('initialize', {
      clientInfo: { name: 'baton', title: 'Baton', version: this.options.clientVersion ?? '0.1.0' },
      capabilities: { experimentalApi: true },
    });
    if (!init.ok) return this.startFailed(init.error);
    this.rpc.notify('initialized', {});
    const tools = this.options.tools?.specs() ?? [];
    const started = await this.rpc.request('thread/start', {
      approvalPolicy: codex.approval_policy,
      sandbox: codex.thread_sandbox,
      cwd: workspacePath,
      ...(tools.length > 0 ? { dynamicTools: tools } : {}),
    });
    if (!started.ok) return this.startFailed(started.error);
    const threadId = str(dig(started.value, 'thread', 'id'));
    if (!threadId) return this.startFailed({ code: 'response_error', message: 'thread/start returned no thread.id' });
    this.thread = threadId;
    this.handshaken = true;
    this.emit(draft('notification', 'thread_started', `thread ${threadId} started`, { thread_id: threadId, cwd: workspacePath }));
    return ok({ thread_id: threadId, pid: this.pid });
  }

  private async startFailed(error: BatonError): Promise<Result<never>> {
    if (!this.stopPromise) {
      this.emit(draft('error', 'startup_failed', error.message, { code: error.code, ...error.details }));
      this.transcript?.error(error.message);
      this.logger.warn({ code: error.code }, `codex app-server startup failed: ${error.message}`);
    }
    await this.stop();
    return failure(error);
  }

  private async doStop(): Promise<void> {
    this.router.cancelAll('the session was stopped');
    if (this.currentSessionId) this.options.operatorQueue.cancelForSession(this.currentSessionId);
    if (this.turn) this.finishTurn(this.turn, err('session_stopped', 'the session was stopped'));
    await this.proc?.kill();
    this.rpc.close({ code: 'session_stopped', message: 'the session was stopped' });
  }

  private onNotification(method: string, params: unknown): void {
    this.transcript?.notification(method, params);
    const p = asRecord(params) ?? {};
    const turn = this.turn;
    if (method === 'turn/started' && turn) {
      const id = str(dig(p, 'turn', 'id'));
      if (id && !turn.turnId) this.setTurnId(turn, id);
    }
    const event = notificationEvent(method, params);
    if (event) this.emit(event);
    if (method === 'serverRequest/resolved') this.router.onResolved(p.requestId);
    if (!turn) return;
    if (method === 'item/started' && str(dig(p, 'item', 'type')) === 'fileChange') {
      const changes = dig(p, 'item', 'changes');
      const itemId = str(dig(p, 'item', 'id'));
      if (itemId && Array.isArray(changes)) this.router.noteFileChangeItem(itemId, changes);
    }
    if (method === 'item/completed' && str(dig(p, 'item', 'type')) === 'agentMessage') turn.lastMessage = str(dig(p, 'item', 'text'));
    else if (method === 'error' && p.willRetry !== true) turn.lastError = str(dig(p, 'error', 'message'));
    else if (method === 'turn/completed' || method === 'turn/failed' || method === 'turn/cancelled') this.onTurnEnded(turn, method, p);
  }

  private onTurnEnded(turn: ActiveTurn, method: string, p: JsonObject): void {
    const body = asRecord(p.turn) ?? {};
    const id = str(body.id) ?? str(p.turnId);
    // A completion for an earlier turn (one that timed out) must not end the current one.
    if (id && turn.turnId && id !== turn.turnId) return;
    if (id) this.setTurnId(turn, id);
    const error = turnEndError(method, p, turn.lastError);
    this.finishTurn(turn, error ? failure(error) : ok(this.outcome(turn)));
  }

  private setTurnId(turn: ActiveTurn, turnId: string): void {
    if (turn.turnId === turnId || turn.finished) return;
    turn.turnId = turnId;
    this.currentSessionId = `${this.thread}-${turnId}`;
    this.emit(
      draft('session_started', 'session_started', `session ${this.currentSessionId} (turn ${turn.number})`, {
        thread_id: this.thread,
        turn_id: turnId,
        turn_number: turn.number,
      }),
    );
  }

  private outcome(turn: ActiveTurn): TurnOutcome {
    return { session_id: this.currentSessionId ?? '', thread_id: this.thread ?? '', turn_id: turn.turnId ?? '', turn_number: turn.number, last_message: turn.lastMessage };
  }

  /**
   * SPEC §10.6: `codex.turn_timeout_ms` is the longest a turn may go without any app-server output
   * (stdout or stderr), not a cap on its length: a long turn that keeps streaming runs on. One
   * timer per turn re-arms itself for the remaining silence instead of being reset per line, so a
   * chatty agent costs a timestamp write per line, not a timer.
   */
  private armSilenceTimer(turn: ActiveTurn): void {
    const timeoutMs = this.options.codex.turn_timeout_ms;
    const remaining = Math.max(this.outputAt + timeoutMs - this.clock.now(), 0);
    turn.timer = this.clock.setTimeout(() => {
      turn.timer = null;
      if (turn.finished) return;
      if (this.clock.now() - this.outputAt < timeoutMs) return this.armSilenceTimer(turn);
      this.abortTurn({ code: 'turn_timeout', message: `the turn produced no app-server output for ${timeoutMs} ms (codex.turn_timeout_ms)` });
    }, remaining);
  }

  /** Ends the current turn on our side and asks the server to interrupt it on its side. */
  private abortTurn(error: BatonError): void {
    const turn = this.turn;
    if (!turn) return;
    if (turn.turnId) void this.rpc.request('turn/interrupt', { threadId: this.thread, turnId: turn.turnId });
    this.finishTurn(turn, failure(error));
  }

  private finishTurn(turn: ActiveTurn, result: Result<TurnOutcome>): void {
    if (turn.finished) return;
    if (turn.timer) this.clock.clearTimeout(turn.timer);
    if (this.turn === turn) this.turn = null;
    this.router.cancelAll('the turn ended');
    if (result.ok) {
      this.emit(draft('turn_completed', 'turn_completed', `turn ${turn.number} completed`, { ...result.value }));
      this.transcript?.turnEnded('completed', '');
    } else {
      const { code, message, details } = result.error;
      const event = code === 'turn_cancelled' || code === 'turn_input_required' ? code : 'turn_failed';
      this.emit(draft('turn_failed', event, `turn ${turn.number} ${code}: ${oneLine(message)}`, { code, message, turn_id: turn.turnId, turn_number: turn.number, ...details }));
      this.transcript?.turnEnded('failed', `${code}: ${oneLine(message)}`);
    }
    turn.settle(result);
  }

  private onExit(exit: ProcessExit): void {
    const error = this.exitError(exit);
    this.logger.info({ code: exit.code, signal: exit.signal }, `codex app-server exited: ${error.code}`);
    this.rpc.close(error);
    this.router.cancelAll('the agent process exited');
    if (this.stopPromise) return;
    if (this.turn) this.finishTurn(this.turn, failure(error));
    else if (this.handshaken) {
      this.emit(draft('error', error.code, error.message, error.details));
      this.transcript?.error(error.message);
    }
  }

  private exitError(exit: ProcessExit): BatonError {
    if (this.stopPromise) return { code: 'session_stopped', message: 'the session was stopped' };
    return exitError(exit, { command: this.options.codex.command, handshaken: this.handshaken, stderrTail: this.proc?.stderrTail() ?? [] });
  }

  private stderrLine(line: string): void {
    this.outputAt = this.clock.now();
    this.transcript?.stderr(line);
    this.budgeted(draft('stderr', 'stderr', oneLine(line, 240), { line: truncateHead(line, 4096).text }));
  }

  private malformed(line: string, reason: string, event = 'malformed'): void {
    this.transcript?.info(`(unreadable line from the agent: ${reason})`);
    this.budgeted(draft('malformed', event, `unreadable line from the agent: ${oneLine(reason, 120)}`, { reason, line: truncateHead(line, 1024).text }));
  }

  private budgeted(event: AgentEventDraft): void {
    const admitted = this.budget.admit(event);
    if (admitted) this.emit(admitted);
  }

  private emit(event: AgentEventDraft): void {
    try {
      this.options.onEvent({ ...event, at: this.clock.now(), session_id: this.currentSessionId, pid: this.pid });
    } catch (e) {
      this.logger.error({ err: e }, 'agent event listener threw');
    }
  }
}
