import type { Finding, ReviewDecision, ReviewDecisionBody, ReviewItem } from '../../../shared/api/review-schemas.js';
import type { Issue } from '../../../shared/domain/issue.js';
import type { Draft } from './review-drafts.js';

/** Oldest in review first: what waited longest is read first. Unknown entry times sort last. */
export function sortReviews(items: readonly ReviewItem[]): ReviewItem[] {
  const when = (i: ReviewItem) => (i.entered_review_at ? Date.parse(i.entered_review_at) : Number.POSITIVE_INFINITY);
  return [...items].sort((a, b) => when(a) - when(b) || a.issue.identifier.localeCompare(b.issue.identifier));
}

/**
 * The inbox's rows: the tickets in review (`inReview`, the live ticket list's answer) with the
 * engine's details where it has them. A ticket that left review is dropped at once; one that
 * entered it before the engine's inbox answer caught up waits as a bare row. With `inReview`
 * unknown (null), the engine's answer alone.
 */
export function inboxRows(items: readonly ReviewItem[], inReview: readonly Issue[] | null): { items: ReviewItem[]; waiting: Issue[] } {
  if (inReview === null) return { items: [...items], waiting: [] };
  const now = new Set(inReview.map((t) => t.identifier));
  const listed = new Set(items.map((i) => i.issue.identifier));
  return { items: items.filter((i) => now.has(i.issue.identifier)), waiting: inReview.filter((t) => !listed.has(t.identifier)) };
}

export function openFindings(item: ReviewItem): Finding[] {
  return item.reviewer?.findings.filter((f) => f.status === 'open') ?? [];
}

/** Why an approval would be refused right now (`review.reviewer.gate` with open P0 findings), else null. */
export function approveBlockedReason(item: ReviewItem): string | null {
  const open = openFindings(item).length;
  if (!item.gated || open === 0) return null;
  const what = open === 1 ? '1 open P0 finding' : `${open} open P0 findings`;
  return `Approval is blocked: ${what} (review.reviewer.gate is on). Dismiss what is not a real problem, or request changes.`;
}

/** The item to select after `current` leaves the list: the one below it, else the one above. */
export function neighbourAfterRemoval<T>(ids: readonly T[], current: T): T | null {
  const i = ids.indexOf(current);
  if (i === -1) return ids[0] ?? null;
  return ids[i + 1] ?? ids[i - 1] ?? null;
}

/** `step` places from `current` (clamped at the ends). */
export function stepSelection(ids: readonly string[], current: string | null, step: 1 | -1): string | null {
  if (ids.length === 0) return null;
  const i = current === null ? -1 : ids.indexOf(current);
  if (i === -1) return ids[0] ?? null;
  return ids[Math.min(ids.length - 1, Math.max(0, i + step))] ?? null;
}

/** The text a promoted finding puts in the guidance file: what to avoid, where it was seen. */
export function findingGuidanceText(finding: Finding): string {
  const where = finding.path ? ` (seen in ${finding.path}${finding.line !== null ? `:${finding.line}` : ''})` : '';
  return `${finding.title}${where}\n\n${finding.body}`.trim();
}

/**
 * The request body of a decision; the draft's comments go with request changes and restart, and an
 * approval carries `confirm_config` once the person confirmed a configuration change.
 */
export function decisionBody(decision: ReviewDecision, draft: Draft, confirmConfig = false): ReviewDecisionBody {
  if (decision === 'approve') return confirmConfig ? { decision, confirm_config: true } : { decision };
  const body: ReviewDecisionBody = { decision };
  const summary = draft.summary.trim();
  if (summary !== '') body.summary = summary;
  if (draft.comments.length > 0) body.comments = draft.comments.map(({ path, line, body: text }) => ({ path, line, body: text }));
  return body;
}

export function decisionToast(identifier: string, decision: ReviewDecision, state: string): string {
  switch (decision) {
    case 'approve':
      return `${identifier} approved — queued for landing (${state})`;
    case 'request_changes':
      return `${identifier}: changes requested — back to the agent (${state})`;
    case 'restart':
      return `${identifier} restarted from the base branch (${state})`;
  }
}
