import type { Sendback } from './sendback-text.js';
import type { LandingEntry } from './landing-entry.js';
import type { PendingSendback } from './landing-types.js';

/** Author of the tracker comments and feedback the landing queue writes. */
export const LANDING_ACTOR = 'baton';

/**
 * Sends a ticket back to the agent: feedback (source `landing`), the ticket to `review.rework_state`,
 * a tracker comment, then the entry is `failed`. Each part is marked done in the entry as it goes
 * through, so when the tracker write fails the entry waits `blocked` and the next tick does only
 * what is left. A guidance entry has no ticket: its worktree is removed (its commit snapshotted).
 */
export async function sendBack(entry: LandingEntry, sendback: Sendback): Promise<void> {
  if (entry.value.kind === 'guidance') {
    const removed = await entry.ctx.deps.workspaces.remove(entry.value.identifier);
    const saved = removed.ok && removed.value.snapshotRef ? `; the guidance commit is saved at ${removed.value.snapshotRef}` : '';
    entry.fail(`${sendback.error}${saved}`);
    return;
  }
  const pending: PendingSendback = { summary: sendback.summary, error: sendback.error, feedback_id: null, moved: false, commented: false };
  entry.savePayload({ pending });
  await finishSendback(entry, pending);
}

export async function finishSendback(entry: LandingEntry, pending: PendingSendback): Promise<void> {
  const { deps } = entry.ctx;
  const { identifier } = entry.value;
  const rework = entry.cfg.review.rework_state;
  const progress = { ...pending };
  if (progress.feedback_id === null) {
    const recorded = deps.store.reviews.recordFeedback({
      issue_id: entry.value.issue_id ?? '',
      issue_identifier: identifier,
      source: 'landing',
      decision: 'request_changes',
      summary: progress.summary,
      comments: [],
      at: entry.now(),
      actor: LANDING_ACTOR,
    });
    if (!recorded.ok) return entry.block(`${progress.error}; recording the feedback failed (${recorded.error.message}), retrying`);
    progress.feedback_id = recorded.value.id;
    entry.savePayload({ pending: progress });
  }
  const writer = deps.tracker.writer;
  if (writer === null) return entry.block(`${progress.error}; the tracker is read-only, so ${identifier} cannot be moved to ${rework}`);
  if (!progress.moved) {
    const moved = await writer.updateIssue(identifier, { state: rework });
    if (!moved.ok) return entry.block(`${progress.error}; moving ${identifier} to ${rework} failed (${moved.error.message}), retrying`);
    progress.moved = true;
    entry.savePayload({ pending: progress });
  }
  if (!progress.commented) {
    const commented = await writer.addComment(identifier, progress.summary, LANDING_ACTOR);
    if (!commented.ok) return entry.block(`${progress.error}; commenting on ${identifier} failed (${commented.error.message}), retrying`);
    progress.commented = true;
  }
  entry.fail(progress.error);
}
