import type { CheckResult } from '../../../../shared/api/review-schemas.js';
import type { Clock } from '../../lib/clock.js';
import type { KeyedMutex } from '../../lib/keyed-mutex.js';
import type { Logger } from '../../lib/logger.js';
import type { Result } from '../../lib/result.js';
import type { AuditStore } from '../../store/audit-store.js';
import type { LandingStore } from '../../store/landing-store.js';
import type { ReviewStore } from '../../store/review-store.js';
import type { Tracker } from '../../tracker/tracker.js';
import type { ServiceConfig } from '../../workflow/config-types.js';
import type { GitExec } from '../../lib/git/git-exec.js';
import type { GitClient } from '../../lib/git/simple-git-client.js';
import type { EnsuredWorkspace } from '../../workspace/workspace-manager.js';
import type { CheckCopies } from '../../workspace/check-copies.js';
import type { CheckRequest } from '../checks/check-runner.js';
import type { InFlightTicket } from '../in-flight.js';
import type { LineRangeReader } from '../overlap-ranges.js';
import type { GuidancePayload } from './guidance.js';

/** The stores the queue writes (the engine's Store has all three). */
export interface LandingStores {
  landings: LandingStore;
  audits: AuditStore;
  reviews: Pick<ReviewStore, 'recordFeedback'>;
}

/** The part of WorkspaceManager the queue uses. */
export interface LandingWorkspaces {
  pathFor(identifier: string): Promise<Result<string>>;
  /** Guidance worktrees are made like ticket worktrees (`after_create` included). */
  ensure(identifier: string): Promise<Result<EnsuredWorkspace>>;
  /**
   * Snapshots anything unsaved, removes the worktree and its branch. `landed`: the commit of the
   * work that landed; a worktree still holding exactly that needs no snapshot.
   */
  remove(identifier: string, options?: { landed?: string | null }): Promise<Result<{ snapshotRef: string | null }>>;
}

export interface LandingChecks {
  run(request: CheckRequest): Promise<CheckResult>;
}

/** A ticket in flight, its changed files and where they were read (in-flight.ts). */
export type InFlightFiles = InFlightTicket;

export interface LandingQueueDeps {
  config: () => ServiceConfig;
  tracker: Tracker;
  store: LandingStores;
  workspaces: LandingWorkspaces;
  checks: LandingChecks;
  /** Disposable worktrees the base is merged into: a ticket's own worktree is only ever read. */
  copies: Pick<CheckCopies, 'create' | 'remove'>;
  git?: GitExec;
  /** simple-git for what it parses (status, branch deletion); one of the queue's own by default. */
  gitClient?: GitClient;
  clock: Clock;
  logger: Logger;
  /** [0, 1): a landed ticket is audited when `review.auto_land` and random() < `review.sample_rate`. */
  random: () => number;
  /** Something in the queue changed (the lead pushes `{type:'reviews'}`). */
  onChange: () => void;
  /** The engine's per-repository lock, shared with the workspace manager. */
  repoMutex: KeyedMutex;
  /** Files a ticket changes (default: its worktree against the base branch). */
  filesOf?: (identifier: string) => Promise<string[]>;
  /** Other in-flight tickets and their files, for overlaps (default: the queue's other entries). */
  inFlight?: () => Promise<InFlightFiles[]>;
  /** Base lines changed in shared files, to tell "same lines" from "same file" (default: same file only). */
  lineRanges?: LineRangeReader;
}

/** A send-back whose tracker part has not gone through yet (the entry is `blocked` meanwhile). */
export interface PendingSendback {
  summary: string;
  error: string;
  /** Feedback recorded (its id), so a retry does not record it twice. */
  feedback_id: number | null;
  moved: boolean;
  commented: boolean;
}

/** The queue's own working state, stored in the entry's `payload`. */
export interface LandingPayload {
  guidance?: GuidancePayload;
  /** The agent's work as one commit (HEAD plus what was uncommitted), the thing that lands. */
  work?: string | null;
  /** The tree and command that last passed the checks: a retry of the same tree skips them. */
  passed?: { tree: string; command: string } | null;
  pending?: PendingSendback | null;
  /**
   * The commit the base branch is being moved to, and where it was: saved just before the move, so
   * that a restart after a move the entry never recorded (the engine killed in between) finds the
   * landing done and records it as it happened, instead of landing "nothing" on top of it.
   */
  advancing?: { commit: string; base_before: string } | null;
}

export function payloadOf(entry: { payload: Record<string, unknown> | null }): LandingPayload {
  return (entry.payload ?? {}) as LandingPayload;
}
