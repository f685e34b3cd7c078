import { normalizeState, type Issue } from '../../../shared/domain/issue.js';
import { isActiveState, isRoutable } from '../orchestrator/selection.js';
import { ok, type Result } from '../lib/result.js';
import type { RunContext } from './run-context.js';

/** What happens after a turn (or a pty run) ended normally. */
export type AfterTurn = 'continue' | 'done';

/**
 * SPEC §16.5 with Baton's handoff: re-read the ticket; if it is gone, left the active states or is
 * no longer routable (required labels, the adapter's `dispatchable`) the attempt is done; if a handoff state is configured the engine moves it there and the attempt is done;
 * otherwise the spec's continuation holds (another turn, up to agent.max_turns).
 */
export async function afterTurn(ctx: RunContext, turn: number): Promise<Result<AfterTurn>> {
  const refreshed = await ctx.tracker.fetchIssueStatesByIds([ctx.issue.id]);
  if (!refreshed.ok) return { ok: false, error: { code: 'issue_state_refresh_failed', message: `issue state refresh error: ${refreshed.error.message}` } };
  const issue = refreshed.value[0];
  // SPEC §16.5: an issue the tracker no longer returns is out of scope; the attempt ends.
  if (!issue) return ok('done');
  ctx.issue = issue;
  ctx.recorder.setIssue(issue);
  if (!isActiveState(ctx.issue.state, ctx.config) || !isRoutable(ctx.issue, ctx.config)) return ok('done');
  const handoff = ctx.config.agent.handoff_state;
  if (handoff) {
    const moved = await moveIssue(ctx, handoff, 'handoff');
    if (!moved.ok) return moved;
    return ok('done');
  }
  return ok(turn >= ctx.config.agent.max_turns ? 'done' : 'continue');
}

/** Moves the ticket through the tracker's writer and records it; no writer → error. */
export async function moveIssue(ctx: RunContext, state: string, why: 'handoff' | 'working'): Promise<Result<Issue>> {
  const writer = ctx.tracker.writer;
  if (!writer) {
    return { ok: false, error: { code: 'tracker_read_only', message: `cannot move ${ctx.issue.identifier} to ${state}: the tracker is read-only` } };
  }
  if (normalizeState(ctx.issue.state) === normalizeState(state)) return ok(ctx.issue);
  const from = ctx.issue.state;
  const moved = await writer.updateIssue(ctx.issue.identifier, { state });
  if (!moved.ok) return moved;
  ctx.issue = moved.value;
  ctx.recorder.engine(why === 'handoff' ? 'handoff' : 'state_change', why === 'handoff' ? 'handoff' : 'state_moved', `${from} → ${moved.value.state}`, { from, to: moved.value.state });
  ctx.recorder.setIssue(moved.value);
  return ok(moved.value);
}
