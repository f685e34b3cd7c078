import { z } from 'zod';
import { apiErrorSchema } from './errors.js';
import { issueSchema, tokenTotalsSchema, traceEventSchema } from './domain-schemas.js';
import { hasNul, isSingleLineText, MAX_PRIORITY, MIN_PRIORITY, NUL_MESSAGE, PRIORITY_MESSAGE, SINGLE_LINE_MESSAGE } from '../domain/ticket-fields.js';

export { issueSchema, tokenTotalsSchema, traceEventSchema, blockerRefSchema, TRACE_KINDS } from './domain-schemas.js';

/*
 * Request bodies and response shapes of every HTTP route. Field names are snake_case like the
 * spec's snapshot (SPEC §13.7.2) and the domain records, so the wire, the store and templates agree.
 * Timestamps are ISO-8601 strings.
 */

// ---------------------------------------------------------------- GET /api/v1/state

export const runningEntrySchema = z.object({
  issue_id: z.string(),
  issue_identifier: z.string(),
  /** The tracker's URL of the issue (SPEC §13.7.2), null when it has none. */
  issue_url: z.string().nullable().optional(),
  state: z.string(),
  session_id: z.string().nullable(),
  turn_count: z.number(),
  last_event: z.string().nullable(),
  last_message: z.string().nullable(),
  started_at: z.string(),
  last_event_at: z.string().nullable(),
  tokens: tokenTotalsSchema,
  /** Baton: null on a first run, ≥ 1 on a retry or continuation (SPEC §4.1.5). */
  attempt: z.number().nullable(),
  /** Baton: the live terminal of this run, for `terminal.subscribe`; null before it exists. */
  terminal_id: z.string().nullable(),
});

export const retryEntrySchema = z.object({
  issue_id: z.string(),
  issue_identifier: z.string(),
  issue_url: z.string().nullable().optional(),
  attempt: z.number(),
  due_at: z.string(),
  error: z.string().nullable(),
});

export const stateSnapshotSchema = z.object({
  generated_at: z.string(),
  counts: z.object({
    running: z.number(),
    retrying: z.number(),
    /** Baton: approvals and questions waiting for an operator. */
    waiting: z.number(),
  }),
  running: z.array(runningEntrySchema),
  retrying: z.array(retryEntrySchema),
  codex_totals: tokenTotalsSchema.extend({ seconds_running: z.number() }),
  /** Latest rate-limit snapshot reported by an agent, as reported; null before the first one. */
  rate_limits: z.record(z.string(), z.unknown()).nullable(),
  /** Baton: tokens used since local midnight, across all runs. */
  tokens_today: tokenTotalsSchema,
  /** Baton: the last WORKFLOW.md reload error while the engine runs on the last good version. */
  workflow_error: apiErrorSchema.nullable(),
  /**
   * Baton: the engine cannot write its own files now (a full disk, say): the history store keeps
   * what it cannot save in memory and retries, a live terminal's raw log has stopped. Null when
   * every write goes through.
   */
  storage_error: apiErrorSchema.nullable(),
});

// ---------------------------------------------------------------- GET /api/v1/<identifier>

export const issueStatusSchema = z.enum(['running', 'retrying', 'waiting', 'idle']);

export const issueDetailSchema = z.object({
  issue_identifier: z.string(),
  issue_id: z.string(),
  status: issueStatusSchema,
  workspace: z.object({ path: z.string(), branch: z.string().nullable() }).nullable(),
  attempts: z.object({ restart_count: z.number(), current_retry_attempt: z.number().nullable() }),
  running: runningEntrySchema.omit({ issue_id: true, issue_identifier: true }).nullable(),
  retry: retryEntrySchema.omit({ issue_id: true, issue_identifier: true }).nullable(),
  logs: z.object({
    codex_session_logs: z.array(z.object({ label: z.string(), path: z.string(), url: z.string().nullable() })),
  }),
  recent_events: z.array(z.object({ at: z.string(), event: z.string(), message: z.string() })),
  last_error: z.string().nullable(),
  tracked: z.record(z.string(), z.unknown()),
});

/** The body of a Baton route that takes no options: empty or `{}`; anything else is refused like any unknown field. */
export const emptyBodySchema = z.strictObject({});

// ---------------------------------------------------------------- POST /api/v1/refresh

export const refreshResponseSchema = z.object({
  queued: z.boolean(),
  coalesced: z.boolean(),
  requested_at: z.string(),
  operations: z.array(z.enum(['poll', 'reconcile'])),
});

// ---------------------------------------------------------------- tickets

/** Longest ticket title accepted; trackers cap titles well below this (Linear: 255). */
export const MAX_TITLE_CHARS = 1_000;
/** Longest description accepted: generous for pasted logs, and well inside the 1 MiB body cap. */
export const MAX_DESCRIPTION_CHARS = 500_000;

const singleLine = (max: number) => z.string().trim().min(1).max(max).refine(isSingleLineText, { message: SINGLE_LINE_MESSAGE });
const titleField = singleLine(MAX_TITLE_CHARS);
const descriptionField = z.string().max(MAX_DESCRIPTION_CHARS).refine((d) => !hasNul(d), { message: NUL_MESSAGE }).nullable();
const priorityField = z.int().min(MIN_PRIORITY, { message: PRIORITY_MESSAGE }).max(MAX_PRIORITY, { message: PRIORITY_MESSAGE }).nullable();
const labelsField = z.array(singleLine(100)).max(100);
const stateField = singleLine(200);

export const createTicketBodySchema = z.strictObject({
  title: titleField,
  description: descriptionField.optional(),
  priority: priorityField.optional(),
  labels: labelsField.optional(),
  state: stateField.optional(),
});

export const patchTicketBodySchema = z
  .strictObject({
    title: titleField.optional(),
    description: descriptionField.optional(),
    priority: priorityField.optional(),
    labels: labelsField.optional(),
    state: stateField.optional(),
  })
  .refine((body) => Object.keys(body).length > 0, { message: 'at least one field must be given' });

export const ticketListResponseSchema = z.object({ tickets: z.array(issueSchema) });

// ---------------------------------------------------------------- GET /api/v1/tickets/<id>/events

/** Page size when `limit` is absent. */
export const DEFAULT_EVENTS_LIMIT = 200;
/** Largest page: a few hundred KB of JSON, small enough to render without stalling the UI. */
export const MAX_EVENTS_LIMIT = 1_000;

const queryInt = (min: number, max: number) =>
  z
    .string()
    .regex(/^\d+$/, 'must be a non-negative integer')
    .transform(Number)
    .pipe(z.int().min(min).max(max));

export const eventsQuerySchema = z.object({
  after: queryInt(0, Number.MAX_SAFE_INTEGER).default(0),
  limit: queryInt(1, MAX_EVENTS_LIMIT).default(DEFAULT_EVENTS_LIMIT),
});

export const eventsResponseSchema = z.object({
  events: z.array(traceEventSchema),
  /** Pass as `after` to get the next page (the last returned seq, or the request's `after`). */
  next_after: z.number(),
});

// ---------------------------------------------------------------- approvals

/** Decisions use the agent protocol's own spelling (codex app-server v2). */
export const approvalDecisionSchema = z.enum(['accept', 'acceptForSession', 'decline', 'cancel']);

export const approvalQuestionSchema = z.object({
  id: z.string(),
  header: z.string().nullable(),
  question: z.string(),
  /** Null for a free-form question. */
  options: z.array(z.object({ label: z.string(), description: z.string().nullable() })).nullable(),
  is_other: z.boolean(),
  is_secret: z.boolean(),
});

/** An agent request waiting for an operator: an approval (`options`) or questions (`questions`). */
export const approvalSchema = z.object({
  id: z.string(),
  kind: z.enum(['approval', 'input']),
  issue_id: z.string(),
  issue_identifier: z.string(),
  session_id: z.string().nullable(),
  /** Protocol method of the request, e.g. `item/commandExecution/requestApproval`. */
  method: z.string(),
  created_at: z.string(),
  /** When the request fails the run if nobody answers (codex.approval_timeout_ms). */
  expires_at: z.string(),
  /** One line for lists and notifications. */
  summary: z.string(),
  /** The decisions on offer (approvals); empty for questions. */
  options: z.array(approvalDecisionSchema),
  /** The questions to answer (input); empty for approvals. */
  questions: z.array(approvalQuestionSchema),
  /** The request's protocol params, size-bounded, for a details view. */
  params: z.unknown(),
});

export const approvalListResponseSchema = z.object({ approvals: z.array(approvalSchema) });

/** Longest single free-text answer; answers go back to the agent as a message. */
export const MAX_ANSWER_CHARS = 20_000;

export const approvalAnswerBodySchema = z.union([
  z.strictObject({ decision: approvalDecisionSchema }),
  z.strictObject({
    /** Question id → chosen option labels or free text. */
    answers: z
      .record(z.string().min(1), z.array(z.string().max(MAX_ANSWER_CHARS)).min(1))
      .refine((answers) => Object.keys(answers).length > 0, { message: 'answers must not be empty' }),
  }),
]);

export const approvalAnswerResponseSchema = z.object({ id: z.string(), resolved: z.literal(true) });

// ---------------------------------------------------------------- GET /api/v1/workflow

/** Value that replaces a secret in API output. */
export const REDACTED = '[redacted]';

/**
 * The effective ServiceConfig as served. Only the fields the UI relies on are spelled out; the
 * rest passes through (the engine's config-types.ts is the full definition).
 */
export const workflowConfigSchema = z.looseObject({
  tracker: z.looseObject({
    kind: z.string(),
    /**
     * The adapter's settings (SPEC §5.3.1 `tracker.provider`); its secrets (`api_key`, and keys
     * named like credentials) are always `[redacted]`.
     */
    provider: z.record(z.string(), z.unknown()).optional(),
    active_states: z.array(z.string()),
    terminal_states: z.array(z.string()),
    states: z.array(z.string()),
  }),
  agent: z.looseObject({
    kind: z.string(),
    max_concurrent_agents: z.number(),
    handoff_state: z.string().nullable(),
  }),
  /** Baton: the review loop; `merging_state` is where approved tickets wait for the landing queue. */
  review: z.looseObject({ merging_state: z.string(), reviewer: z.looseObject({ model: z.string() }).nullable().optional() }).optional(),
  /** Baton: the workflow runs the scripted demo agent (`baton demo`); the UI says so. */
  demo: z.boolean().optional(),
});

/** One key that differs between the running workflow and a waiting version (secrets redacted). */
export const workflowConfigChangeSchema = z.object({
  /** Dotted key (`hooks.before_run`), or `prompt_template`. */
  key: z.string(),
  /** Scripts verbatim, anything else as JSON; null when the key is absent on that side. */
  before: z.string().nullable(),
  after: z.string().nullable(),
  /** Why this key needs a person's confirmation (it changes what runs unsandboxed), or null. */
  guarded: z.string().nullable(),
});

/** A reloaded WORKFLOW.md that changes guarded keys and waits for a person before it applies. */
export const pendingWorkflowChangeSchema = z.object({
  id: z.string(),
  detected_at: z.string(),
  changes: z.array(workflowConfigChangeSchema),
});

export const workflowResponseSchema = z.object({
  path: z.string(),
  config: workflowConfigSchema,
  prompt_template: z.string(),
  loaded_at: z.string(),
  /** The last reload failure (the engine keeps the version above); null when the file is good. */
  last_error: apiErrorSchema.nullable(),
  /** A newer version waiting for confirmation (`POST /api/v1/workflow/pending/<id>`), or null. */
  pending_change: pendingWorkflowChangeSchema.nullable(),
});

/** POST /api/v1/workflow/pending/<id>: apply the waiting version, or keep running the current one. */
export const workflowChangeDecisionBodySchema = z.strictObject({ decision: z.enum(['apply', 'reject']) });

// ---------------------------------------------------------------- GET /api/v1/metrics

/** One fleet sample. `tokens_total` is the engine's cumulative token count since it started
 *  (`codex_totals.total_tokens`): the token rate is the difference between two samples. */
export const metricsSampleSchema = z.object({
  at: z.string(),
  running: z.number(),
  retrying: z.number(),
  waiting: z.number(),
  tokens_total: z.number(),
});

/** Oldest first, covering at most the last hour. */
export const metricsResponseSchema = z.object({ samples: z.array(metricsSampleSchema) });

// ---------------------------------------------------------------- GET /api/v1/tickets/<id>/runs

/** How a run ended; `running` while it is live. `canceled` includes runs cut off by an engine restart. */
export const RUN_STATUSES = ['running', 'succeeded', 'failed', 'timed_out', 'stalled', 'canceled', 'handed_off'] as const;
export const runStatusSchema = z.enum(RUN_STATUSES);

/** One run attempt as the store keeps it (SPEC §4.1.5 plus session and token facts). */
export const runRecordSchema = tokenTotalsSchema.extend({
  run_id: z.string(),
  issue_id: z.string(),
  issue_identifier: z.string(),
  /** Null for the first run, ≥ 1 for retries and continuations. */
  attempt: z.number().nullable(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  status: runStatusSchema,
  error: z.string().nullable(),
  workspace_path: z.string().nullable(),
  branch: z.string().nullable(),
  session_id: z.string().nullable(),
  /** `codex`, `pty`, …: tells a viewer whether the run's terminal takes keystrokes (pty). */
  agent_kind: z.string().nullable(),
  turn_count: z.number(),
});

/** Newest first. */
export const runListResponseSchema = z.object({ runs: z.array(runRecordSchema) });

// ---------------------------------------------------------------- POST /api/v1/tickets/<id>/shell

export const shellResponseSchema = z.object({ terminal_id: z.string() });

// ---------------------------------------------------------------- terminals (WebSocket)

export const terminalInfoSchema = z.object({
  id: z.string(),
  issue_id: z.string().nullable(),
  issue_identifier: z.string().nullable(),
  /** `agent`: an agent's session (pty or rendered transcript); `shell`: an operator's shell;
   *  `check`: `review.checks` running for a review or a landing. */
  kind: z.enum(['agent', 'shell', 'check']),
  title: z.string(),
  /** Current size (changes with resizes). */
  cols: z.number(),
  rows: z.number(),
  created_at: z.string(),
  /** Exited terminals stay listed (and attachable, final screen) for a while. */
  exited: z.boolean(),
  /** Set once exited, when known. */
  exit_code: z.number().nullable(),
  signal: z.number().nullable(),
});

// ---------------------------------------------------------------- types

export type RunningEntry = z.infer<typeof runningEntrySchema>;
export type RetryEntry = z.infer<typeof retryEntrySchema>;
export type StateSnapshot = z.infer<typeof stateSnapshotSchema>;
export type IssueStatus = z.infer<typeof issueStatusSchema>;
export type IssueDetail = z.infer<typeof issueDetailSchema>;
export type RefreshResponse = z.infer<typeof refreshResponseSchema>;
export type CreateTicketBody = z.infer<typeof createTicketBodySchema>;
export type PatchTicketBody = z.infer<typeof patchTicketBodySchema>;
export type TicketListResponse = z.infer<typeof ticketListResponseSchema>;
export type EventsQueryParams = z.infer<typeof eventsQuerySchema>;
export type EventsResponse = z.infer<typeof eventsResponseSchema>;
export type ApprovalDecision = z.infer<typeof approvalDecisionSchema>;
export type ApprovalQuestion = z.infer<typeof approvalQuestionSchema>;
export type Approval = z.infer<typeof approvalSchema>;
export type ApprovalListResponse = z.infer<typeof approvalListResponseSchema>;
export type ApprovalAnswerBody = z.infer<typeof approvalAnswerBodySchema>;
export type ApprovalAnswerResponse = z.infer<typeof approvalAnswerResponseSchema>;
export type WorkflowConfigView = z.infer<typeof workflowConfigSchema>;
export type WorkflowResponse = z.infer<typeof workflowResponseSchema>;
export type WorkflowConfigChange = z.infer<typeof workflowConfigChangeSchema>;
export type PendingWorkflowChangeView = z.infer<typeof pendingWorkflowChangeSchema>;
export type WorkflowChangeDecisionBody = z.infer<typeof workflowChangeDecisionBodySchema>;
export type TerminalInfo = z.infer<typeof terminalInfoSchema>;
export type RunRecord = z.infer<typeof runRecordSchema>;
export type RunStatus = z.infer<typeof runStatusSchema>;
export type RunListResponse = z.infer<typeof runListResponseSchema>;
export type ShellResponse = z.infer<typeof shellResponseSchema>;
export type MetricsSample = z.infer<typeof metricsSampleSchema>;
export type MetricsResponse = z.infer<typeof metricsResponseSchema>;
