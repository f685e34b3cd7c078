/**
 * Wire records for the review tests: complete shapes with overridable fields, so a test states
 * only what it is about.
 */
import type { AuditItem, CheckResult, DiffSummary, Finding, Landing, MergeQueueResponse, ReviewItem, ReviewsResponse, TicketDiff } from '../../../shared/api/review-schemas.js';
import { issue, T0 } from '../../stores/record-fixtures.test-util.js';

export { T0 };
export const ago = (ms: number) => new Date(T0 - ms).toISOString();

export function diffSummary(identifier: string, overrides: Partial<DiffSummary> = {}): DiffSummary {
  return {
    identifier,
    base: 'b'.repeat(40),
    base_ref: 'main',
    head: 'c'.repeat(40),
    head_ref: `baton/${identifier}`,
    dirty: false,
    tree: 'd'.repeat(40),
    files: [
      { path: 'src/a.ts', old_path: null, status: 'modified', additions: 10, deletions: 2, binary: false, patch_omitted: false },
      { path: 'src/b.ts', old_path: null, status: 'added', additions: 5, deletions: 0, binary: false, patch_omitted: false },
    ],
    truncated: false,
    additions: 15,
    deletions: 2,
    ...overrides,
  };
}

/** A `git diff` of the two files diffSummary lists (line counts kept small; totals are not checked). */
export const SAMPLE_PATCH = `diff --git a/src/a.ts b/src/a.ts
index 1111111..2222222 100644
--- a/src/a.ts
+++ b/src/a.ts
@@ -1,3 +1,3 @@
 export function f() {
-  return 1;
+  return 2;
 }
diff --git a/src/b.ts b/src/b.ts
new file mode 100644
index 0000000..3333333
--- /dev/null
+++ b/src/b.ts
@@ -0,0 +1,2 @@
+export const b = 1;
+export const c = 2;
`;

export function ticketDiff(identifier: string, overrides: Partial<TicketDiff> = {}): TicketDiff {
  return { ...diffSummary(identifier), patch: SAMPLE_PATCH, ...overrides };
}

export function checkResult(overrides: Partial<CheckResult> = {}): CheckResult {
  return { status: 'passed', command: 'npm test', terminal_id: null, exit_code: 0, output_tail: '', started_at: '', ended_at: null, head: 'c'.repeat(40), tree: 'd'.repeat(40), ...overrides };
}

export function finding(id: string, overrides: Partial<Finding> = {}): Finding {
  return { id, severity: 'P0', path: 'src/a.ts', line: 12, title: 'Drops the user table', body: 'The migration runs DROP TABLE users.', status: 'open', ...overrides };
}

/** Ticket BAT-<n>, in review since `waitedMs` ago. */
export function reviewItem(n: number, waitedMs: number, overrides: Partial<ReviewItem> = {}): ReviewItem {
  const identifier = `BAT-${n}`;
  return {
    issue: issue(n, { state: 'Human Review' }),
    entered_review_at: ago(waitedMs),
    diff: diffSummary(identifier),
    diff_error: null,
    final_message: `Done with ${identifier}.\nAll tests pass.`,
    checks: null,
    checks_stale: false,
    reviewer: null,
    agent_time_ms: 125_000,
    tokens: { input_tokens: 10_000, output_tokens: 2_345, total_tokens: 12_345 },
    attempts: 1,
    feedback: [],
    overlaps: [],
    gated: false,
    config_change: null,
    ...overrides,
  };
}

export function audit(id: number, overrides: Partial<AuditItem> = {}): AuditItem {
  return {
    id,
    identifier: `BAT-${id}`,
    title: `Ticket ${id}`,
    landing_id: 100 + id,
    base_before: 'a1b2c3d4e5f6'.padEnd(40, '0'),
    landed_commit: 'f00dfeed1234'.padEnd(40, '0'),
    created_at: ago(60_000),
    status: 'open',
    ...overrides,
  };
}

export function reviews(items: ReviewItem[], audits: AuditItem[] = []): ReviewsResponse {
  return { reviews: items, audits, handoff_state: 'Human Review' };
}

export function landing(id: number, overrides: Partial<Landing> = {}): Landing {
  return {
    id,
    kind: 'ticket',
    identifier: `BAT-${id}`,
    title: `Ticket ${id}`,
    branch: `baton/BAT-${id}`,
    status: 'queued',
    step: null,
    enqueued_at: ago(120_000),
    started_at: null,
    ended_at: null,
    error: null,
    terminal_id: null,
    landed_commit: null,
    push_error: null,
    files: ['src/a.ts'],
    overlaps: [],
    ...overrides,
  };
}

export function mergeQueue(entries: Landing[], recent: Landing[] = []): MergeQueueResponse {
  return { repo: '/repo', base_branch: 'main', strategy: 'merge', checks: 'npm test', entries, recent };
}
