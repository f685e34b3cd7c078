import { z } from 'zod';
import { apiErrorSchema } from './errors.js';
import { IDENTIFIER_PATTERN } from './routes.js';
import { issueSchema, tokenTotalsSchema } from './domain-schemas.js';

/*
 * The review loop's wire shapes: the inbox, diffs, decisions, the landing queue, reviewer findings
 * and the audit queue. snake_case and ISO-8601 timestamps, like every other route (schemas.ts).
 */

// ---------------------------------------------------------------- GET /api/v1/tickets/<id>/diff

export const DIFF_FILE_STATUSES = ['added', 'modified', 'deleted', 'renamed', 'copied', 'type_changed'] as const;

export const diffFileSchema = z.object({
  path: z.string(),
  /** The path before a rename or copy, else null. */
  old_path: z.string().nullable(),
  status: z.enum(DIFF_FILE_STATUSES),
  additions: z.number(),
  deletions: z.number(),
  binary: z.boolean(),
  /** The file's hunks are not in `patch` (too large, or past the response's cap): fetch `?path=`. */
  patch_omitted: z.boolean(),
});

/** A changed file that is trusted configuration, and why (the workflow file, run by a hook, …). */
export const configFileSchema = z.object({ path: z.string(), why: z.string() });

export const ticketDiffSchema = z.object({
  identifier: z.string(),
  /** The commit the work is compared against: the merge base of the branch and the base branch. */
  base: z.string(),
  /** The base branch's name (`main`). */
  base_ref: z.string(),
  /** The worktree's HEAD commit. */
  head: z.string(),
  /** The ticket's branch (`baton/BAT-1`), or null on a detached HEAD. */
  head_ref: z.string().nullable(),
  /** Uncommitted work (staged, unstaged and untracked files) is part of the diff. */
  dirty: z.boolean(),
  /** The tree of the work shown (HEAD plus uncommitted files): what a check result is matched against. */
  tree: z.string(),
  files: z.array(diffFileSchema),
  /** Unified diff (`git diff` format) of every file whose `patch_omitted` is false. */
  patch: z.string(),
  /** Some files' hunks were left out of `patch` (see `patch_omitted`). */
  truncated: z.boolean(),
  additions: z.number(),
  deletions: z.number(),
  /**
   * Changed files that are trusted configuration: landing them needs a person's explicit
   * confirmation. Set on ticket and audit diffs served by the API.
   */
  config_files: z.array(configFileSchema).optional(),
});

export const diffQuerySchema = z.object({
  /** Only this file's patch (its hunks are never omitted, however large). */
  path: z.string().min(1).max(4096).optional(),
});

// ---------------------------------------------------------------- reviewer findings and checks

export const findingSchema = z.object({
  id: z.string(),
  severity: z.literal('P0'),
  /** Repository-relative path, or null for a finding about the change as a whole. */
  path: z.string().nullable(),
  line: z.number().nullable(),
  title: z.string(),
  body: z.string(),
  /** `dismissed` by a person (not a real problem), `promoted` to the guidance file. */
  status: z.enum(['open', 'dismissed', 'promoted']),
});

export const reviewerReportSchema = z.object({
  status: z.enum(['running', 'done', 'failed']),
  model: z.string(),
  /** The worktree state the report is about (HEAD commit; a dirty tree is reviewed as it was). */
  head: z.string().nullable(),
  at: z.string(),
  /** Why the reviewer failed (endpoint down, nonsense output); null otherwise. */
  error: z.string().nullable(),
  findings: z.array(findingSchema),
});

export const checkResultSchema = z.object({
  /** `cancelled`: its ticket left review while it ran (a newer check runs on the next handoff). */
  status: z.enum(['running', 'passed', 'failed', 'error', 'cancelled']),
  command: z.string(),
  /** The live terminal the check runs in (kind `check`). */
  terminal_id: z.string().nullable(),
  exit_code: z.number().nullable(),
  /** The last lines of output, ANSI stripped. */
  output_tail: z.string(),
  started_at: z.string(),
  ended_at: z.string().nullable(),
  /** The worktree's HEAD when the check's copy was taken (null until it is taken). */
  head: z.string().nullable(),
  /**
   * The tree that was checked: HEAD plus every uncommitted file at that moment. The check is current
   * while the work's `tree` (in the diff) is the same.
   */
  tree: z.string().nullable(),
});

// ---------------------------------------------------------------- feedback

export const lineCommentSchema = z.object({
  path: z.string().min(1).max(4096),
  line: z.int().min(1),
  body: z.string().trim().min(1).max(20_000),
});

export const reviewFeedbackSchema = z.object({
  id: z.number(),
  /** 1 for the first round of feedback on the ticket, 2 for the next, … */
  round: z.number(),
  /** `review` by a person, `landing` when the queue sent it back (conflict, failing check). */
  source: z.enum(['review', 'landing']),
  decision: z.enum(['request_changes', 'restart']),
  summary: z.string(),
  comments: z.array(lineCommentSchema),
  at: z.string(),
  actor: z.string(),
});

// ---------------------------------------------------------------- POST /api/v1/tickets/<id>/review

export const REVIEW_DECISIONS = ['approve', 'request_changes', 'restart'] as const;

export const reviewDecisionBodySchema = z
  .strictObject({
    decision: z.enum(REVIEW_DECISIONS),
    summary: z.string().max(50_000).optional(),
    comments: z.array(lineCommentSchema).max(500).optional(),
    /**
     * approve: the person has read the trusted configuration this work changes (`config_change`
     * of the inbox item) and lets it land. Without it such an approval is refused with 409
     * `config_confirmation_required`.
     */
    confirm_config: z.boolean().optional(),
  })
  .refine((b) => b.decision !== 'request_changes' || (b.summary?.trim() ?? '') !== '' || (b.comments?.length ?? 0) > 0, {
    message: 'request_changes needs a summary or at least one comment, so the agent knows what to change',
  });

export const reviewDecisionResponseSchema = z.object({
  identifier: z.string(),
  decision: z.enum(REVIEW_DECISIONS),
  /** The ticket's state after the decision. */
  state: z.string(),
  /** approve: the ticket's place in the landing queue. */
  landing_id: z.number().nullable(),
  /** restart: where the discarded attempt was saved. */
  snapshot_ref: z.string().nullable(),
});

// ---------------------------------------------------------------- GET /api/v1/merge-queue

/**
 * Another in-flight ticket that changes some of the same files: `files` are the shared files;
 * `conflicts` are those of them where both change the same or adjacent lines of the base (a likely
 * merge conflict, not just the same file). Lists of overlaps put tickets with conflicts first.
 */
export const overlapSchema = z.object({ identifier: z.string(), files: z.array(z.string()), conflicts: z.array(z.string()) });

export const LANDING_STATUSES = ['queued', 'landing', 'blocked', 'landed', 'failed'] as const;
export const LANDING_STEPS = ['committing', 'updating', 'checking', 'advancing', 'pushing', 'cleaning'] as const;

export const landingSchema = z.object({
  id: z.number(),
  /** `ticket`: an approved ticket; `guidance`: a promoted finding appended to the guidance file. */
  kind: z.enum(['ticket', 'guidance']),
  identifier: z.string(),
  title: z.string(),
  branch: z.string(),
  /** `blocked`: waiting on something outside the ticket (a dirty main checkout); retried each tick. */
  status: z.enum(LANDING_STATUSES),
  step: z.enum(LANDING_STEPS).nullable(),
  enqueued_at: z.string(),
  started_at: z.string().nullable(),
  ended_at: z.string().nullable(),
  /** Why it failed or is blocked (conflicting files, the failing check, …). */
  error: z.string().nullable(),
  /** The live terminal of the running check. */
  terminal_id: z.string().nullable(),
  /** The base branch commit the landing produced. */
  landed_commit: z.string().nullable(),
  /** `review.push` failed after the base advanced locally; the next landing pushes again. */
  push_error: z.string().nullable(),
  /** Files the landing changes (for overlaps). */
  files: z.array(z.string()),
  /** Other in-flight tickets that touch the same files. */
  overlaps: z.array(overlapSchema),
});

export const mergeQueueResponseSchema = z.object({
  repo: z.string().nullable(),
  base_branch: z.string().nullable(),
  strategy: z.enum(['merge', 'rebase', 'squash']),
  checks: z.string().nullable(),
  /** The one landing in progress and those waiting, in landing order. */
  entries: z.array(landingSchema),
  /** The most recent finished landings, newest first. */
  recent: z.array(landingSchema),
});

// ---------------------------------------------------------------- GET /api/v1/reviews

export const reviewItemSchema = z.object({
  issue: issueSchema,
  /** When the ticket entered review (its last run's end), else null. */
  entered_review_at: z.string().nullable(),
  /** The diff without its patch (fetch `/diff` for hunks); null with `diff_error` set when unavailable. */
  diff: ticketDiffSchema.omit({ patch: true }).nullable(),
  diff_error: apiErrorSchema.nullable(),
  /** The agent's last message of its last run. */
  final_message: z.string().nullable(),
  checks: checkResultSchema.nullable(),
  /** The checks ran on an older state of the work than the one in `diff` (re-run them to be sure). */
  checks_stale: z.boolean(),
  reviewer: reviewerReportSchema.nullable(),
  /** Wall time of every run of the ticket, summed (ms). */
  agent_time_ms: z.number(),
  tokens: tokenTotalsSchema,
  /** Runs of the ticket so far. */
  attempts: z.number(),
  /** Earlier feedback, oldest first. */
  feedback: z.array(reviewFeedbackSchema),
  overlaps: z.array(overlapSchema),
  /** `review.reviewer.gate` is on and open findings would keep an approval out of the queue. */
  gated: z.boolean(),
  /**
   * The work changes trusted configuration (WORKFLOW.md, files hooks run, the guidance file,
   * `review.protected_paths`): it never auto-lands, and approving it needs `confirm_config: true`.
   */
  config_change: z.object({ files: z.array(configFileSchema) }).nullable(),
});

export const auditItemSchema = z.object({
  id: z.number(),
  identifier: z.string(),
  title: z.string(),
  landing_id: z.number(),
  /** The base branch before and after the landing: the audited change is `base_before..landed_commit`. */
  base_before: z.string(),
  landed_commit: z.string(),
  created_at: z.string(),
  status: z.enum(['open', 'done']),
});

export const reviewsResponseSchema = z.object({
  /** Tickets in the handoff state, oldest first. */
  reviews: z.array(reviewItemSchema),
  /** Sampled auto-landed tickets awaiting a read, oldest first. */
  audits: z.array(auditItemSchema),
  handoff_state: z.string().nullable(),
});

// ---------------------------------------------------------------- smaller actions

/** POST /api/v1/tickets/<id>/findings/<finding_id>. */
export const findingUpdateBodySchema = z.strictObject({ status: z.enum(['open', 'dismissed']) });

/** POST /api/v1/guidance: append a finding (or any text) to the guidance file through the queue. */
export const guidanceBodySchema = z.strictObject({
  text: z.string().trim().min(1).max(20_000),
  /**
   * The ticket and finding it came from, recorded in the file's heading and the commit, and the
   * finding marked `promoted`: a ticket that exists, one of its reviewer findings.
   */
  identifier: z.string().max(128).regex(IDENTIFIER_PATTERN, { message: 'must be a ticket identifier' }).optional(),
  finding_id: z.string().max(128).regex(IDENTIFIER_PATTERN, { message: 'must be a finding id' }).optional(),
  /**
   * The person confirms the text for the guidance file, which every agent's prompt trusts; without
   * it the request is refused with 409 `config_confirmation_required`.
   */
  confirm_config: z.boolean().optional(),
});

/** POST /api/v1/audits/<id>. */
export const auditUpdateBodySchema = z.strictObject({ status: z.enum(['open', 'done']) });

export const guidanceResponseSchema = z.object({ landing_id: z.number() });

// ---------------------------------------------------------------- types

export type ConfigFile = z.infer<typeof configFileSchema>;
export type DiffFile = z.infer<typeof diffFileSchema>;
export type DiffFileStatus = DiffFile['status'];
export type TicketDiff = z.infer<typeof ticketDiffSchema>;
export type DiffSummary = Omit<TicketDiff, 'patch'>;
export type Finding = z.infer<typeof findingSchema>;
export type ReviewerReport = z.infer<typeof reviewerReportSchema>;
export type CheckResult = z.infer<typeof checkResultSchema>;
export type LineComment = z.infer<typeof lineCommentSchema>;
export type ReviewFeedback = z.infer<typeof reviewFeedbackSchema>;
export type ReviewDecision = (typeof REVIEW_DECISIONS)[number];
export type ReviewDecisionBody = z.infer<typeof reviewDecisionBodySchema>;
export type ReviewDecisionResponse = z.infer<typeof reviewDecisionResponseSchema>;
export type Overlap = z.infer<typeof overlapSchema>;
export type LandingStatus = (typeof LANDING_STATUSES)[number];
export type LandingStep = (typeof LANDING_STEPS)[number];
export type Landing = z.infer<typeof landingSchema>;
export type MergeQueueResponse = z.infer<typeof mergeQueueResponseSchema>;
export type ReviewItem = z.infer<typeof reviewItemSchema>;
export type AuditItem = z.infer<typeof auditItemSchema>;
export type ReviewsResponse = z.infer<typeof reviewsResponseSchema>;
export type FindingUpdateBody = z.infer<typeof findingUpdateBodySchema>;
export type GuidanceBody = z.infer<typeof guidanceBodySchema>;
export type AuditUpdateBody = z.infer<typeof auditUpdateBodySchema>;
export type GuidanceResponse = z.infer<typeof guidanceResponseSchema>;
