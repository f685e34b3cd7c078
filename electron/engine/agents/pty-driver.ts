import { ok, type Result } from '../lib/result.js';
import { PtyAgentSession } from './pty/pty-agent.js';
import { renderRunPrompt } from './render-prompt.js';
import type { RunContext } from './run-context.js';
import { afterTurn } from './turn-end.js';

/**
 * `agent.kind: pty`: one attempt is one run of the CLI agent in a terminal. A CLI has no turns to
 * continue on, so after a normal exit the ticket is handed off (or, without a handoff state, the
 * orchestrator's continuation retry starts a fresh run while the ticket stays active).
 */
export async function runPtyAgent(ctx: RunContext): Promise<Result<void>> {
  const prompt = await renderRunPrompt(ctx);
  if (!prompt.ok) return prompt;
  const session = new PtyAgentSession({
    config: ctx.config.pty,
    terminals: ctx.terminals,
    promptDir: ctx.promptDir,
    env: ctx.env,
    secretValues: ctx.secretValues,
    clock: ctx.clock,
    logger: ctx.logger,
    processes: ctx.processes,
  });
  ctx.onStop(() => session.stop());
  ctx.onActivity(() => session.lastActivityAt());
  try {
    if (ctx.stopRequested()) return { ok: false, error: { code: 'turn_cancelled', message: 'the run was stopped' } };
    const run = await session.run(
      { workspacePath: ctx.workspacePath, prompt: prompt.value, issue: { id: ctx.issue.id, identifier: ctx.issue.identifier, title: ctx.issue.title }, runId: ctx.runId },
      (ev) => ctx.recorder.agent(ev),
    );
    if (!run.ok) return run;
    const next = await afterTurn(ctx, ctx.config.agent.max_turns);
    return next.ok ? ok(undefined) : next;
  } finally {
    await session.dispose();
  }
}
