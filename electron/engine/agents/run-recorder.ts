import type { Issue } from '../../../shared/domain/issue.js';
import type { TraceKind } from '../../../shared/domain/trace.js';
import type { TokenTotals } from '../../../shared/domain/tokens.js';
import type { EngineEvents } from '../engine-events.js';
import type { Clock } from '../lib/clock.js';
import { isoTime } from '../lib/clock.js';
import type { Logger } from '../lib/logger.js';
import type { WorkerSink, WorkerUpdate } from '../orchestrator/worker.js';
import type { Store } from '../store/store.js';
import type { AgentEvent } from './agent-events.js';

/** Session lifecycle events that also go to the structured log (SPEC §13.1: with `session_id`). */
const LIFECYCLE_LOGGED = new Set(['turn_completed', 'turn_failed', 'turn_cancelled', 'startup_failed', 'turn_input_required']);

export interface RunRecorderDeps {
  store: Store;
  events: EngineEvents;
  sink: WorkerSink;
  clock: Clock;
  logger: Logger;
  /** The engine's terminals (TerminalRegistry), to stamp events with the run terminal's position. */
  terminals?: { get(id: string): { readonly offset: number } | undefined };
}

/**
 * Everything one run reports goes through here once: stored as a trace event, broadcast to
 * observers, and turned into an orchestrator update. Keeps the run's own totals for its row.
 */
export class RunRecorder {
  readonly sessionIds = new Set<string>();
  private sessionId: string | null = null;
  private turns = 0;
  private tokens: TokenTotals | null = null;

  constructor(
    private readonly deps: RunRecorderDeps,
    private issue: Issue,
    readonly runId: string,
  ) {}

  get turnCount(): number {
    return this.turns;
  }

  get lastTokens(): TokenTotals | null {
    return this.tokens;
  }

  setIssue(issue: Issue): void {
    this.issue = issue;
    this.update({ event: 'issue_refreshed', issue });
  }

  /** An event from the agent session. */
  agent(ev: AgentEvent): void {
    if (ev.session_id && ev.session_id !== this.sessionId) {
      this.sessionId = ev.session_id;
      this.sessionIds.add(ev.session_id);
      this.deps.store.runs.updateRun(this.runId, { session_id: ev.session_id });
      this.deps.logger.info({ session_id: ev.session_id, pid: ev.pid ?? null }, 'agent session started');
    }
    if (LIFECYCLE_LOGGED.has(ev.event)) {
      const level = ev.kind === 'turn_failed' || ev.kind === 'error' ? 'warn' : 'info';
      this.deps.logger[level]({ session_id: ev.session_id ?? this.sessionId, event: ev.event }, ev.summary);
    }
    if (ev.kind === 'turn_started') {
      this.turns++;
      this.deps.store.runs.updateRun(this.runId, { turn_count: this.turns });
    }
    if (ev.absolute_tokens) this.tokens = ev.absolute_tokens;
    // The agent's pid is part of the live session (SPEC §4.1.6 `codex_app_server_pid`); without it in
    // the trace nobody outside the engine can tell which process a run was.
    const pid = ev.kind === 'session_started' && ev.pid != null ? { pid: ev.pid } : {};
    this.trace(ev.kind, ev.summary, { event: ev.event, ...ev.data, ...pid }, ev.at);
    this.deps.sink.update({
      at: ev.at,
      event: ev.event,
      message: ev.summary,
      session_id: ev.session_id ?? undefined,
      pid: ev.pid ?? undefined,
      turn_count: this.turns,
      absolute_tokens: ev.absolute_tokens,
      rate_limits: ev.rate_limits,
    });
  }

  /** An event the engine itself produced for this run (workspace, hooks, handoff, …). */
  engine(kind: TraceKind, event: string, summary: string, data: Record<string, unknown> = {}): void {
    const at = this.deps.clock.now();
    this.trace(kind, summary, { event, ...data }, at);
    this.deps.sink.update({ at, event, message: summary });
  }

  update(u: Omit<WorkerUpdate, 'at'>): void {
    this.deps.sink.update({ at: this.deps.clock.now(), ...u });
  }

  private trace(kind: TraceKind, summary: string, data: Record<string, unknown>, at: number): void {
    const event = this.deps.store.traces.append({
      issue_id: this.issue.id,
      issue_identifier: this.issue.identifier,
      run_id: this.runId,
      session_id: this.sessionId,
      at: isoTime(at),
      kind,
      summary,
      data: { ...data, ...this.terminalPosition() },
    });
    this.deps.events.trace.emit(event);
  }

  /**
   * Where the run's terminal output stood when the event happened, so a viewer can scroll the
   * terminal to it. The codex driver's terminal has the run's id, the pty driver's the session's.
   */
  private terminalPosition(): { terminal_id: string; terminal_offset: number } | Record<string, never> {
    const registry = this.deps.terminals;
    if (!registry) return {};
    for (const id of [this.runId, this.sessionId]) {
      const terminal = id === null ? undefined : registry.get(id);
      if (terminal && id !== null) return { terminal_id: id, terminal_offset: terminal.offset };
    }
    return {};
  }
}
