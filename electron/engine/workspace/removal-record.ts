import { isoTime, type Clock } from '../lib/clock.js';
import type { EngineEvents } from '../engine-events.js';
import type { Store } from '../store/store.js';

export interface RemovedWorkspace {
  path: string;
  /** Where the unsaved work went (`refs/baton/snapshots/<key>/<n>`), null when there was none. */
  snapshotRef: string | null;
  /** Why `before_remove` failed (the removal went on regardless), or null. */
  hookError: string | null;
}

/**
 * Puts a workspace's removal in its ticket's trace, attached to the ticket's last run: a ticket
 * cancelled while its agent worked, or found terminal at start, otherwise loses its worktree without
 * a word in the UI, and the snapshot ref that holds the work is only in the engine's log.
 */
export function recordRemoval(deps: { store: Store; events: EngineEvents; clock: Clock }, identifier: string, removed: RemovedWorkspace): void {
  const runs = deps.store.runs.listRuns(identifier);
  const last = runs.ok ? runs.value[0] : undefined;
  if (!last) return;
  const what = removed.snapshotRef ? `workspace saved to ${removed.snapshotRef} and removed` : `workspace removed (nothing unsaved in it)`;
  const summary = removed.hookError ? `${what}; before_remove failed: ${removed.hookError}` : what;
  const event = deps.store.traces.append({
    issue_id: last.issue_id,
    issue_identifier: last.issue_identifier,
    run_id: last.run_id,
    session_id: null,
    at: isoTime(deps.clock.now()),
    kind: 'workspace_removed',
    summary,
    data: { event: 'workspace_removed', path: removed.path, snapshot_ref: removed.snapshotRef, before_remove_error: removed.hookError },
  });
  deps.events.trace.emit(event);
}
