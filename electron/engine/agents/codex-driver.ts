import { errorMessage, ok, type Result } from '../lib/result.js';
import { continuationPrompt } from '../workflow/prompt.js';
import { AppServerSession } from './app-server/app-server-session.js';
import { BatonTrackerTool } from './baton-tracker-tool.js';
import { renderRunPrompt } from './render-prompt.js';
import type { RunContext } from './run-context.js';
import { afterTurn } from './turn-end.js';

/**
 * `agent.kind: codex`: one app-server process and thread per run; the first turn gets the rendered
 * prompt, continuation turns only guidance on the same thread (SPEC §7.1, §10.3). The session's
 * terminal is a live transcript rendered from the protocol stream.
 */
export async function runCodexTurns(ctx: RunContext): Promise<Result<void>> {
  const created = ctx.terminals.create({
    id: ctx.runId,
    issue_id: ctx.issue.id,
    issue_identifier: ctx.issue.identifier,
    kind: 'agent',
    title: `${ctx.issue.identifier}: ${ctx.issue.title}`,
    cols: ctx.config.pty.cols,
    rows: ctx.config.pty.rows,
  });
  if (!created.ok) return created;
  const terminal = created.value;
  // The tool's tracker settings are this session's (SPEC §10.5): a reload applies to the next one.
  const toolWriter = ctx.tracker.sessionWriter?.() ?? ctx.tracker.writer;
  const session = new AppServerSession({
    workspacePath: ctx.workspacePath,
    workspaceRoot: ctx.config.workspace.root,
    env: ctx.env,
    codex: ctx.config.codex,
    issue: { id: ctx.issue.id, identifier: ctx.issue.identifier },
    operatorQueue: ctx.operatorQueue,
    onEvent: (ev) => ctx.recorder.agent(ev),
    tools: toolWriter
      ? new BatonTrackerTool(toolWriter, ctx.issue.identifier, {
          review: ctx.review,
          // With a landing queue, Merging means "a person approved this": an agent cannot say so itself.
          refusedStates: () => (ctx.config.workspace.repo ? [ctx.config.review.merging_state] : []),
        })
      : null,
    terminal,
    clock: ctx.clock,
    logger: ctx.logger,
    track: (pid) => ctx.processes.started(pid, { kind: 'agent', label: ctx.config.codex.command, cwd: ctx.workspacePath, issue_id: ctx.issue.id, issue_identifier: ctx.issue.identifier, run_id: ctx.runId }),
  });
  ctx.onStop(() => session.stop());
  ctx.onActivity(() => session.lastActivityAt);
  try {
    for (let turn = 1; ; turn++) {
      if (ctx.stopRequested()) return { ok: false, error: { code: 'turn_cancelled', message: 'the run was stopped' } };
      const text = turn === 1
        ? await renderRunPrompt(ctx)
        : ok(continuationPrompt(turn, ctx.config.agent.max_turns, ctx.issue));
      if (!text.ok) return text;
      const outcome = await session.runTurn(text.value, { title: `${ctx.issue.identifier}: ${ctx.issue.title}` });
      if (!outcome.ok) return outcome;
      const next = await afterTurn(ctx, turn);
      if (!next.ok) return next;
      if (next.value === 'done') return ok(undefined);
    }
  } catch (e) {
    return { ok: false, error: { code: 'agent_error', message: errorMessage(e) } };
  } finally {
    await session.stop();
    for (const id of ctx.recorder.sessionIds) ctx.operatorQueue.cancelForSession(id);
    await terminal.drain();
    ctx.terminals.markExited(ctx.runId);
  }
}
