import type { CheckResult, ReviewerReport } from '../../../shared/api/review-schemas.js';
import { shortSha } from '../../lib/format.js';

export type Tone = 'ok' | 'bad' | 'warn' | 'muted' | 'busy';

export interface Badge {
  text: string;
  tone: Tone;
  title: string;
}

/** `stale`: the checks ran on an older state of the work than the one under review now. */
export function checksBadge(checks: CheckResult | null, stale = false): Badge {
  if (!checks) return { text: 'no checks', tone: 'muted', title: 'No checks ran (review.checks is not set, or they have not run yet)' };
  const badge = statusBadge(checks);
  if (!stale) return badge;
  return {
    text: `${badge.text} · stale`,
    tone: 'warn',
    title: `${badge.title}. They ran on an older version of the work (HEAD ${shortSha(checks.head)}); it changed since: run them again.`,
  };
}

function statusBadge(checks: CheckResult): Badge {
  const exit = checks.exit_code !== null ? ` (exit ${checks.exit_code})` : '';
  switch (checks.status) {
    case 'running':
      return { text: 'checks running', tone: 'busy', title: `Running: ${checks.command}` };
    case 'passed':
      return { text: 'checks passed', tone: 'ok', title: `Passed: ${checks.command}` };
    case 'failed':
      return { text: 'checks failed', tone: 'bad', title: `Failed${exit}: ${checks.command}` };
    case 'error':
      return { text: 'checks error', tone: 'bad', title: `Could not run${exit}: ${checks.command}` };
    case 'cancelled':
      return { text: 'checks cancelled', tone: 'muted', title: `Cancelled when the ticket left review: ${checks.command}` };
  }
}

export function reviewerBadge(reviewer: ReviewerReport | null): Badge {
  if (!reviewer) return { text: 'no reviewer', tone: 'muted', title: 'The reviewer agent has not reviewed this ticket' };
  if (reviewer.status === 'running') return { text: 'reviewing', tone: 'busy', title: `The reviewer (${reviewer.model}) is reading the diff` };
  if (reviewer.status === 'failed') return { text: 'reviewer failed', tone: 'warn', title: reviewer.error ?? 'The reviewer failed' };
  const open = reviewer.findings.filter((f) => f.status === 'open').length;
  if (open === 0) return { text: 'no P0', tone: 'ok', title: `The reviewer (${reviewer.model}) has no open findings` };
  return { text: `${open} P0`, tone: 'bad', title: `${open} open P0 finding${open === 1 ? '' : 's'} from ${reviewer.model}` };
}
