import type { Issue, IssueComment } from '../../../shared/domain/issue.js';
import type { EventSubscription } from '../lib/emitter.js';
import type { Result } from '../lib/result.js';

/**
 * The tracker adapter contract (SPEC §11.1). The orchestrator only reads; operator writes (the API,
 * the board) go through `writer`, which is null for a tracker that cannot write.
 *
 * Error codes: `unsupported_tracker_kind`, `tracker_unavailable`, `tracker_request`,
 * plus adapter-specific ones (e.g. `linear_api_status`), always with a message.
 */
export interface TrackerReader {
  /** Issues in the configured active states. */
  fetchCandidateIssues(): Promise<Result<Issue[]>>;
  /** Issues in any of the given states; `[]` returns `[]` without touching the backend. */
  fetchIssuesByStates(states: string[]): Promise<Result<Issue[]>>;
  /** Current records of the given issue ids (missing ids are simply absent). */
  fetchIssueStatesByIds(ids: string[]): Promise<Result<Issue[]>>;
}

export interface NewIssueInput {
  title: string;
  description?: string | null;
  priority?: number | null;
  labels?: string[];
  state?: string;
}

export interface IssuePatch {
  title?: string;
  description?: string | null;
  priority?: number | null;
  labels?: string[];
  state?: string;
}

export interface TrackerWriter {
  listIssues(): Promise<Result<Issue[]>>;
  getIssue(identifier: string): Promise<Result<Issue | null>>;
  createIssue(input: NewIssueInput): Promise<Result<Issue>>;
  /** Error `invalid_state` for a state the tracker does not know, `issue_not_found` for a bad identifier. */
  updateIssue(identifier: string, patch: IssuePatch): Promise<Result<Issue>>;
  addComment(identifier: string, body: string, author: string): Promise<Result<IssueComment>>;
  listComments(identifier: string): Promise<Result<IssueComment[]>>;
  /**
   * Replaces the issues blocking `identifier` (optional: only trackers that own blocker relations).
   * `issue_not_found` names any unknown identifier; an issue cannot block itself (`invalid_input`).
   */
  setBlockers?(identifier: string, blockerIdentifiers: string[]): Promise<Result<Issue>>;
}

export type IssueChangeListener = (issue: Issue) => void;

export interface Tracker extends TrackerReader {
  readonly kind: string;
  /** Null when this tracker cannot be written to (the API then answers 409). */
  readonly writer: TrackerWriter | null;
  /**
   * A writer bound to the tracker settings as they are now, for one agent session's tools: SPEC
   * §10.5 binds tool settings to the session snapshot, so a reload mid-session must not send the
   * agent's tool calls to another endpoint or with another key. Absent when `writer` has no
   * reloadable settings (the local tracker).
   */
  sessionWriter?(): TrackerWriter | null;
  /** Called after any write made through `writer`, so the engine can push ticket changes. */
  onIssueChanged(listener: IssueChangeListener): EventSubscription;
  dispose(): Promise<void> | void;
}
