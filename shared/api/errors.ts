import { z } from 'zod';

/**
 * Stable error codes of the API. Every error response is `{"error":{"code","message"}}`; clients
 * branch on `code`, people read `message`. Codes coming from engine results (tracker adapters,
 * workflow loader) pass through unchanged, so this list names the ones the API itself defines or
 * maps to a specific HTTP status.
 */
export const API_ERROR_CODES = {
  invalidRequest: 'invalid_request',
  invalidJson: 'invalid_json',
  invalidState: 'invalid_state',
  invalidInput: 'invalid_input',
  invalidAnswer: 'invalid_answer',
  unauthorized: 'unauthorized',
  forbiddenOrigin: 'forbidden_origin',
  /** The Host header names neither a loopback address nor the one the server is bound to (DNS rebinding). */
  forbiddenHost: 'forbidden_host',
  notFound: 'not_found',
  issueNotFound: 'issue_not_found',
  ticketNotFound: 'ticket_not_found',
  approvalNotFound: 'approval_not_found',
  terminalNotFound: 'terminal_not_found',
  /** The ticket has no workspace on disk yet (no run has created it). */
  workspaceNotFound: 'workspace_not_found',
  /** The ticket's workspace path resolves outside the workspace root (a symlink, a bad key). */
  workspaceOutsideRoot: 'workspace_outside_root',
  methodNotAllowed: 'method_not_allowed',
  trackerReadOnly: 'tracker_read_only',
  approvalAlreadyResolved: 'approval_already_resolved',
  terminalExited: 'terminal_exited',
  payloadTooLarge: 'payload_too_large',
  unsupportedMediaType: 'unsupported_media_type',
  upgradeRequired: 'upgrade_required',
  trackerUnavailable: 'tracker_unavailable',
  trackerRequest: 'tracker_request',
  internalError: 'internal_error',
  serviceUnavailable: 'service_unavailable',
  /** A review decision for a ticket that is not in the handoff state (or no longer is). */
  notInReview: 'not_in_review',
  /** The ticket was already approved and is in the landing queue. */
  alreadyApproved: 'already_approved',
  /** `review.reviewer.gate`: open P0 findings keep the ticket out of the landing queue. */
  blockedByFindings: 'blocked_by_findings',
  /** `review.reviewer.gate`: the reviewer is still reading the ticket; approve once it has answered. */
  reviewerRunning: 'reviewer_running',
  /**
   * The work changes trusted configuration (the workflow file, the guidance file, files hooks run,
   * `review.protected_paths`): it lands only with a person's explicit `confirm_config: true`.
   */
  configConfirmationRequired: 'config_confirmation_required',
  /** No `workspace.repo`: diffs, landing and guidance need a git repository. */
  noRepository: 'no_repository',
  /** The ticket's branch or worktree is gone (deleted by hand). */
  branchNotFound: 'branch_not_found',
  findingNotFound: 'finding_not_found',
  /** A commit the request names is not in the repository (history rewritten, garbage collected). */
  commitNotFound: 'commit_not_found',
  /** `?path=` names a file the diff does not change. */
  fileNotInDiff: 'file_not_in_diff',
  /** The base branch cannot be resolved, or shares no history with the work. */
  baseNotFound: 'base_not_found',
  /** One file's patch is too large to serve (`?path=`). */
  diffTooLarge: 'diff_too_large',
  auditNotFound: 'audit_not_found',
  reviewerNotConfigured: 'reviewer_not_configured',
  checksNotConfigured: 'checks_not_configured',
  /** No WORKFLOW.md change with that id waits for confirmation (applied, rejected or superseded). */
  workflowChangeNotFound: 'workflow_change_not_found',
  /** WebSocket only: a client message that is not valid JSON or not a known message. */
  invalidMessage: 'invalid_message',
  /** WebSocket only: ack/visible for a terminal this socket has not subscribed to. */
  notSubscribed: 'not_subscribed',
} as const;

export type ApiErrorCode = (typeof API_ERROR_CODES)[keyof typeof API_ERROR_CODES];

export const apiErrorSchema = z.object({
  code: z.string(),
  message: z.string(),
});
export type ApiError = z.infer<typeof apiErrorSchema>;

export const apiErrorEnvelopeSchema = z.object({ error: apiErrorSchema });
export type ApiErrorEnvelope = z.infer<typeof apiErrorEnvelopeSchema>;

/**
 * WebSocket close codes (4000–4999 is the application range of RFC 6455). A client that sees
 * `backpressure` reconnects and refetches; `going_away` means the engine is stopping.
 */
export const WS_CLOSE_CODES = {
  goingAway: 1001,
  /** The socket's send buffer stayed over the cap: the client was not reading fast enough. */
  backpressure: 4008,
} as const;
