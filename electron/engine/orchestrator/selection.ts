import { normalizeState, type Issue } from '../../../shared/domain/issue.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import type { OrchestratorState } from './state.js';

/** Candidate selection and concurrency (SPEC §8.2, §8.3); pure. */

const PRIORITY_LAST = Number.MAX_SAFE_INTEGER;

/** SPEC §8.2: priorities 1..4 rank first; any other integer sorts with null, after them. */
function priorityRank(priority: number | null): number {
  return typeof priority === 'number' && Number.isInteger(priority) && priority >= 1 && priority <= 4 ? priority : PRIORITY_LAST;
}

/** Priority ascending (1..4; others and null last), then oldest creation (null last), then identifier. */
export function sortForDispatch(issues: readonly Issue[]): Issue[] {
  return [...issues].sort((a, b) => {
    const pa = priorityRank(a.priority);
    const pb = priorityRank(b.priority);
    if (pa !== pb) return pa - pb;
    const ca = a.created_at ? Date.parse(a.created_at) : PRIORITY_LAST;
    const cb = b.created_at ? Date.parse(b.created_at) : PRIORITY_LAST;
    if (ca !== cb) return ca - cb;
    return a.identifier < b.identifier ? -1 : a.identifier > b.identifier ? 1 : 0;
  });
}

export function isActiveState(state: string, config: ServiceConfig): boolean {
  const s = normalizeState(state);
  if (landingQueueOwns(s, config)) return false;
  return config.tracker.active_states.some((x) => normalizeState(x) === s) && !isTerminalState(state, config);
}

/**
 * With a repository, the landing queue — not an agent — works on tickets in `review.merging_state`
 * (ADR 0006), even where an older workflow still lists that state as active.
 */
function landingQueueOwns(normalized: string, config: ServiceConfig): boolean {
  return config.workspace.repo !== null && normalizeState(config.review.merging_state) === normalized;
}

/**
 * SPEC §8.2 `issue_routable`: the adapter says the issue may be dispatched (`dispatchable`) and
 * it carries every `tracker.required_labels` entry (labels are lowercase; a blank entry matches
 * nothing). Checked for dispatch, for retries, and again after every turn and on reconciliation.
 */
export function isRoutable(issue: Issue, config: ServiceConfig): boolean {
  if (!issue.dispatchable) return false;
  return config.tracker.required_labels.every((label) => label !== '' && issue.labels.some((l) => l.trim().toLowerCase() === label));
}

export function isTerminalState(state: string, config: ServiceConfig): boolean {
  const s = normalizeState(state);
  return config.tracker.terminal_states.some((x) => normalizeState(x) === s);
}

export function availableSlots(state: OrchestratorState, config: ServiceConfig): number {
  return Math.max(config.agent.max_concurrent_agents - state.running.size, 0);
}

export function stateSlotsAvailable(state: OrchestratorState, issueState: string, config: ServiceConfig): boolean {
  const key = normalizeState(issueState);
  const limit = config.agent.max_concurrent_agents_by_state[key] ?? config.agent.max_concurrent_agents;
  let count = 0;
  for (const entry of state.running.values()) if (normalizeState(entry.issue.state) === key) count++;
  return count < limit;
}

export type Ineligibility =
  | 'missing_fields'
  | 'not_active'
  | 'running'
  | 'claimed'
  | 'no_global_slots'
  | 'no_state_slots'
  | 'not_routable';

/**
 * Why an issue may not be dispatched now, or null when it may. `ignoreClaimOf` lets the retry path
 * re-dispatch the issue whose claim it holds.
 */
export function ineligibility(
  issue: Issue,
  state: OrchestratorState,
  config: ServiceConfig,
  ignoreClaimOf?: string,
): Ineligibility | null {
  if (!issue.id || !issue.identifier || !issue.title || !issue.state) return 'missing_fields';
  if (!isActiveState(issue.state, config)) return 'not_active';
  if (!isRoutable(issue, config)) return 'not_routable';
  if (state.running.has(issue.id)) return 'running';
  if (state.claimed.has(issue.id) && issue.id !== ignoreClaimOf) return 'claimed';
  if (availableSlots(state, config) === 0) return 'no_global_slots';
  if (!stateSlotsAvailable(state, issue.state, config)) return 'no_state_slots';
  return null;
}

/** Failure retries: min(10 s × 2^(attempt−1), cap); continuations: a fixed 1 s (SPEC §8.4). */
export const CONTINUATION_DELAY_MS = 1_000;
export const FAILURE_BASE_DELAY_MS = 10_000;

export function failureBackoffMs(attempt: number, maxBackoffMs: number): number {
  const exp = FAILURE_BASE_DELAY_MS * 2 ** Math.max(attempt - 1, 0);
  return Math.min(exp, maxBackoffMs);
}
