/**
 * Paths of the engine's HTTP + WebSocket API (version 1). The engine's router and the renderer's
 * client both build URLs from here, so a path is spelled once.
 */
export const API_PREFIX = '/api/v1';

/** Route patterns; `:name` segments are parameters. */
export const ROUTES = {
  state: `${API_PREFIX}/state`,
  refresh: `${API_PREFIX}/refresh`,
  tickets: `${API_PREFIX}/tickets`,
  ticket: `${API_PREFIX}/tickets/:identifier`,
  ticketEvents: `${API_PREFIX}/tickets/:identifier/events`,
  /** Baton: every run attempt of a ticket, newest first. */
  ticketRuns: `${API_PREFIX}/tickets/:identifier/runs`,
  /** Baton: open an operator shell in the ticket's workspace (POST). */
  ticketShell: `${API_PREFIX}/tickets/:identifier/shell`,
  /** Baton: close one of the ticket's operator shells (DELETE). */
  ticketShellTerminal: `${API_PREFIX}/tickets/:identifier/shell/:id`,
  /** Baton: the ticket's work against the base branch (committed and uncommitted). */
  ticketDiff: `${API_PREFIX}/tickets/:identifier/diff`,
  /** Baton: a review decision (POST): approve, request_changes or restart. */
  ticketReview: `${API_PREFIX}/tickets/:identifier/review`,
  /** Baton: run `review.checks` in the ticket's worktree again (POST). */
  ticketChecks: `${API_PREFIX}/tickets/:identifier/checks`,
  /** Baton: run the reviewer agent on the ticket again (POST). */
  ticketReviewer: `${API_PREFIX}/tickets/:identifier/reviewer`,
  /** Baton: dismiss or reopen one reviewer finding (POST). */
  ticketFinding: `${API_PREFIX}/tickets/:identifier/findings/:id`,
  /** Baton: the review inbox (tickets in the handoff state) and the audit queue. */
  reviews: `${API_PREFIX}/reviews`,
  /** Baton: the landing queue. */
  mergeQueue: `${API_PREFIX}/merge-queue`,
  /** Baton: append text to the guidance file through the landing queue (POST). */
  guidance: `${API_PREFIX}/guidance`,
  /** Baton: mark a sampled landing as read (POST). */
  audit: `${API_PREFIX}/audits/:id`,
  /** Baton: the landed change of an audit (`base_before..landed_commit`). */
  auditDiff: `${API_PREFIX}/audits/:id/diff`,
  approvals: `${API_PREFIX}/approvals`,
  approval: `${API_PREFIX}/approvals/:id`,
  workflow: `${API_PREFIX}/workflow`,
  /** Baton: apply or reject the waiting WORKFLOW.md version (POST `{decision}`). */
  workflowPending: `${API_PREFIX}/workflow/pending/:id`,
  /** Baton: the last hour of fleet samples (running, retrying, waiting, tokens) for the header chart. */
  metrics: `${API_PREFIX}/metrics`,
  ws: `${API_PREFIX}/ws`,
  /** SPEC §13.7.2 issue detail: a catch-all matched after every named route above. */
  issue: `${API_PREFIX}/:identifier`,
} as const;

/**
 * First segments after the prefix that belong to named routes, so they can never be read as an
 * issue identifier by the catch-all `/api/v1/<identifier>`.
 */
export const RESERVED_SEGMENTS: readonly string[] = [
  'state',
  'refresh',
  'tickets',
  'reviews',
  'merge-queue',
  'guidance',
  'audits',
  'approvals',
  'workflow',
  'metrics',
  'ws',
];

/** Issue identifiers and other ids the API accepts in a path: the spec's workspace-key alphabet (§4.2). */
export const IDENTIFIER_PATTERN = /^[A-Za-z0-9._-]+$/;

/** Longest identifier or id accepted in a path; real tracker keys are far shorter. */
export const MAX_IDENTIFIER_LENGTH = 128;

/** True for a value that may stand in a path segment: the alphabet above, and never `.` or `..`. */
export function isValidIdentifier(value: string): boolean {
  return value.length <= MAX_IDENTIFIER_LENGTH && IDENTIFIER_PATTERN.test(value) && !/^\.+$/.test(value);
}

/**
 * Query parameter that carries the token on a WebSocket URL, and on the URL `baton serve` prints:
 * the page takes it from there into sessionStorage and sends it as `Authorization: Bearer`.
 */
export const TOKEN_QUERY_PARAM = 'token';

export interface EventsQuery {
  after?: number;
  limit?: number;
}

/** URL builders for the parameterized routes (identifiers are encoded, never trusted raw). */
export const apiPath = {
  issue: (identifier: string): string => `${API_PREFIX}/${encodeURIComponent(identifier)}`,
  ticket: (identifier: string): string => `${API_PREFIX}/tickets/${encodeURIComponent(identifier)}`,
  ticketEvents: (identifier: string, query: EventsQuery = {}): string => {
    const params = new URLSearchParams();
    if (query.after !== undefined) params.set('after', String(query.after));
    if (query.limit !== undefined) params.set('limit', String(query.limit));
    const qs = params.toString();
    return `${API_PREFIX}/tickets/${encodeURIComponent(identifier)}/events${qs ? `?${qs}` : ''}`;
  },
  approval: (id: string): string => `${API_PREFIX}/approvals/${encodeURIComponent(id)}`,
  workflowPending: (id: string): string => `${API_PREFIX}/workflow/pending/${encodeURIComponent(id)}`,
  ticketRuns: (identifier: string): string => `${API_PREFIX}/tickets/${encodeURIComponent(identifier)}/runs`,
  ticketShell: (identifier: string): string => `${API_PREFIX}/tickets/${encodeURIComponent(identifier)}/shell`,
  ticketDiff: (identifier: string, path?: string): string =>
    `${API_PREFIX}/tickets/${encodeURIComponent(identifier)}/diff${path === undefined ? '' : `?${new URLSearchParams({ path }).toString()}`}`,
  ticketReview: (identifier: string): string => `${API_PREFIX}/tickets/${encodeURIComponent(identifier)}/review`,
  ticketChecks: (identifier: string): string => `${API_PREFIX}/tickets/${encodeURIComponent(identifier)}/checks`,
  ticketReviewer: (identifier: string): string => `${API_PREFIX}/tickets/${encodeURIComponent(identifier)}/reviewer`,
  ticketFinding: (identifier: string, id: string): string =>
    `${API_PREFIX}/tickets/${encodeURIComponent(identifier)}/findings/${encodeURIComponent(id)}`,
  audit: (id: number): string => `${API_PREFIX}/audits/${id}`,
  auditDiff: (id: number, path?: string): string => `${API_PREFIX}/audits/${id}/diff${path === undefined ? '' : `?${new URLSearchParams({ path }).toString()}`}`,
  ticketShellTerminal: (identifier: string, id: string): string =>
    `${API_PREFIX}/tickets/${encodeURIComponent(identifier)}/shell/${encodeURIComponent(id)}`,
};
