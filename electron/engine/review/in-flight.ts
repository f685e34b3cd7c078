import { normalizeState, type Issue } from '../../../shared/domain/issue.js';
import type { TrackerReader } from '../tracker/tracker.js';
import type { ServiceConfig } from '../workflow/config-types.js';
import type { DiffSnapshot } from './diff/line-ranges.js';
import type { DiffPort } from './review-ports.js';

/** Diffs are git work: a dozen tickets at once is fine, a hundred must not fork a hundred gits. */
export const DIFF_CONCURRENCY = 4;

export interface InFlightTicket {
  identifier: string;
  files: string[];
  /** Where the files were read, for line ranges of the shared ones; null when not read from a worktree. */
  snapshot?: DiffSnapshot | null;
}

/** Tickets of some states whose files the caller already has (the inbox, from its diff summaries). */
export interface KnownInFlight {
  states: string[];
  tickets: InFlightTicket[];
}

/**
 * Changed files of every ticket with work in flight — in an active state, in review or landing —
 * for "other tickets touch the same files". Tickets of `known.states` are neither read from the
 * tracker again nor diffed again.
 */
export async function inFlightFiles(
  config: ServiceConfig,
  tracker: TrackerReader,
  diff: Pick<DiffPort, 'changedFiles'>,
  known: KnownInFlight = { states: [], tickets: [] },
): Promise<InFlightTicket[]> {
  if (!config.workspace.repo) return [];
  const skip = new Set(known.states.map(normalizeState));
  const states = [...config.tracker.active_states, config.review.merging_state, ...(config.agent.handoff_state ? [config.agent.handoff_state] : [])].filter(
    (s) => !skip.has(normalizeState(s)),
  );
  const read = states.length > 0 ? await tracker.fetchIssuesByStates(states) : null;
  const seen = new Set<string>(known.tickets.map((k) => k.identifier));
  const tickets: Issue[] = (read?.ok ? read.value : []).filter((t) => !seen.has(t.identifier) && seen.add(t.identifier));
  const files = await mapLimited(tickets, DIFF_CONCURRENCY, async (t) => {
    const changed = await diff.changedFiles(t.identifier);
    return changed.ok ? { identifier: t.identifier, ...changed.value } : { identifier: t.identifier, files: [], snapshot: null };
  });
  return [...known.tickets, ...files].filter((f) => f.files.length > 0);
}

/** Maps with at most `limit` calls in flight, keeping the input order. */
export async function mapLimited<T, R>(items: T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out = new Array<R>(items.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]!);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
