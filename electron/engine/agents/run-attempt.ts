import { normalizeState } from '../../../shared/domain/issue.js';
import { isoTime } from '../lib/clock.js';
import { errorMessage, type BatonError } from '../lib/result.js';
import type { RunPhase, StopReason, WorkerOutcome } from '../orchestrator/worker.js';
import type { RunStatus } from '../store/store-types.js';
import type { HookName } from '../workspace/hooks.js';
import { runCodexTurns } from './codex-driver.js';
import { runPtyAgent } from './pty-driver.js';
import type { RunContext } from './run-context.js';
import { moveIssue } from './turn-end.js';

type PreparedContext = Omit<RunContext, 'workspacePath'> & { workspacePath: string | null };

/**
 * One run attempt (SPEC §16.5): workspace, working-state move, before_run, the agent, after_run.
 * Always resolves to an outcome and always closes the run's stored row.
 */
export async function runAttempt(ctx: PreparedContext, stopReason: () => StopReason | null): Promise<WorkerOutcome> {
  const { recorder } = ctx;
  recorder.engine('run_started', 'run_started', `attempt ${ctx.attempt ?? 'first'} started`, { attempt: ctx.attempt, agent_kind: ctx.config.agent.kind });
  const outcome = await attemptSteps(ctx).catch((e): WorkerOutcome => ({ kind: 'failed', error: { code: 'worker_crashed', message: errorMessage(e) } }));
  // A stop that lands after the agent finished normally (reconciliation seeing the ticket the agent
  // itself moved to Human Review, a shutdown during after_run) cut nothing short: keep the real outcome.
  const reason = outcome.kind === 'normal' ? null : stopReason();
  const status: RunStatus = reason === 'stalled' ? 'stalled'
    : reason ? 'canceled'
    : outcome.kind === 'normal' ? (normalizeState(ctx.issue.state) === normalizeState(ctx.config.agent.handoff_state ?? '') ? 'handed_off' : 'succeeded')
    : outcome.error.code === 'turn_timeout' ? 'timed_out' : 'failed';
  const error = reason ? `stopped: ${reason}` : outcome.kind === 'failed' ? `${outcome.error.code}: ${outcome.error.message}` : null;
  recorder.engine('run_ended', 'run_ended', error ? `run ended: ${error}` : `run ended: ${status}`, { status, error });
  const closed = ctx.store.runs.endRun(ctx.runId, {
    status,
    error,
    ended_at: isoTime(ctx.clock.now()),
    tokens: recorder.lastTokens ?? undefined,
    turn_count: recorder.turnCount,
  });
  if (!closed.ok) ctx.logger.error({ code: closed.error.code }, `could not close the run record: ${closed.error.message}`);
  return outcome;
}

async function attemptSteps(ctx: PreparedContext): Promise<WorkerOutcome> {
  const failed = (phase: RunPhase, error: BatonError): WorkerOutcome => ({ kind: 'failed', phase, error });

  const ws = await ctx.workspaces.ensure(ctx.issue.identifier);
  if (!ws.ok) return failed('PreparingWorkspace', ws.error);
  ctx.workspacePath = ws.value.path;
  ctx.store.runs.updateRun(ctx.runId, { workspace_path: ws.value.path, branch: ws.value.branch });
  const repaired = ws.value.repairs.length > 0 ? ` (${ws.value.repairs.join('; ')})` : '';
  ctx.recorder.engine('workspace_ready', 'workspace_ready', `${ws.value.createdNow ? 'created' : 'reused'} ${ws.value.path}${repaired}`, {
    path: ws.value.path, branch: ws.value.branch, base_branch: ws.value.baseBranch, created: ws.value.createdNow, repairs: ws.value.repairs,
  });
  ctx.recorder.update({ event: 'workspace_ready', workspace_path: ws.value.path, branch: ws.value.branch });
  if (ctx.stopRequested()) return failed('PreparingWorkspace', { code: 'turn_cancelled', message: 'the run was stopped' });
  // Processes a killed run left behind (orphans still working in this worktree) would write beside
  // the new agent: refuse, say which, and let the retry try again once they are gone.
  const strays = await ctx.processes.strayProcessesIn(ws.value.path);
  if (strays.length > 0) {
    const list = strays.slice(0, 5).map((p) => `${p.command} (pid ${p.pid})`).join(', ');
    return failed('PreparingWorkspace', {
      code: 'workspace_busy',
      message: `processes left by an earlier run still run in ${ws.value.path}: ${list}${strays.length > 5 ? ', …' : ''}; stop them (kill <pid>) and the ticket is retried`,
    });
  }

  const working = ctx.config.agent.working_state;
  const firstActive = ctx.config.tracker.active_states[0];
  if (working && firstActive && ctx.tracker.writer && normalizeState(ctx.issue.state) === normalizeState(firstActive)) {
    const moved = await moveIssue(ctx as RunContext, working, 'working');
    if (!moved.ok) ctx.logger.warn({ code: moved.error.code }, `could not move to ${working}: ${moved.error.message}`);
  }

  const before = await hook(ctx, 'before_run');
  if (!before.ok) return failed('PreparingWorkspace', before.error);

  const drive = ctx.config.agent.kind === 'pty' ? runPtyAgent : runCodexTurns;
  const result = await drive(ctx as RunContext);
  await hook(ctx, 'after_run');
  return result.ok ? { kind: 'normal' } : failed('StreamingTurn', result.error);
}

/** Runs a hook and records it; after_run failures are logged and ignored (SPEC §9.4). */
async function hook(ctx: PreparedContext, name: HookName): Promise<{ ok: true } | { ok: false; error: BatonError }> {
  if (!ctx.workspacePath) return { ok: true };
  const result = await ctx.workspaces.runHook(name, ctx.workspacePath, { identifier: ctx.issue.identifier });
  if (result.ok) {
    if (result.value) ctx.recorder.engine('hook', name, `${name} ok (${result.value.durationMs} ms)`, { hook: name, output: result.value.output, duration_ms: result.value.durationMs });
    return { ok: true };
  }
  ctx.recorder.engine('hook', name, `${name} failed: ${result.error.message}`, { hook: name, code: result.error.code, ...result.error.details });
  if (name === 'after_run') {
    ctx.logger.warn({ code: result.error.code }, `after_run hook failed (ignored): ${result.error.message}`);
    return { ok: true };
  }
  return { ok: false, error: result.error };
}
