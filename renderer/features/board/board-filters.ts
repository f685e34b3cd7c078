import type { Issue } from '../../../shared/domain/issue.js';
import type { Approval, RetryEntry, RunningEntry } from '../../../shared/api/schemas.js';

/** What a card shows about its run; also what the status filter selects on. */
export type TicketStatus = 'running' | 'retrying' | 'waiting' | 'idle';
export const TICKET_STATUSES: readonly TicketStatus[] = ['running', 'retrying', 'waiting', 'idle'];

export interface BoardFilters {
  /** Free text, matched case-insensitively against identifier, title and description. */
  text: string;
  /** One label (lowercase, as the engine stores them), or null for any. */
  label: string | null;
  /** Statuses to show; empty shows all. */
  statuses: readonly TicketStatus[];
}

export const emptyFilters: BoardFilters = { text: '', label: null, statuses: [] };

export function hasFilters(f: BoardFilters): boolean {
  return f.text.trim() !== '' || f.label !== null || f.statuses.length > 0;
}

export interface StatusSources {
  runs: Readonly<Record<string, RunningEntry>>;
  retries: Readonly<Record<string, RetryEntry>>;
  approvals: readonly Approval[];
}

/** Status of every ticket by identifier: waiting (on an operator) wins over running, then retrying. */
export function statusResolver(sources: StatusSources): (identifier: string) => TicketStatus {
  const waiting = new Set(sources.approvals.map((a) => a.issue_identifier));
  return (identifier) => {
    if (waiting.has(identifier)) return 'waiting';
    if (sources.runs[identifier]) return 'running';
    if (sources.retries[identifier]) return 'retrying';
    return 'idle';
  };
}

/**
 * Lowercased search text per ticket object. Tickets are immutable records (a change replaces the
 * object), so a WeakMap keyed by the object is a cache that is never stale and frees itself; a
 * keystroke over 5,000 tickets then costs 5,000 `includes`, not 5,000 lowercasings of descriptions.
 */
const haystacks = new WeakMap<Issue, string>();

function haystack(ticket: Issue): string {
  let text = haystacks.get(ticket);
  if (text === undefined) {
    text = `${ticket.identifier}\n${ticket.title}\n${ticket.description ?? ''}`.toLowerCase();
    haystacks.set(ticket, text);
  }
  return text;
}

/** A predicate for the current filters; `statusOf` is only called when a status filter is set. */
export function ticketMatcher(filters: BoardFilters, statusOf: (identifier: string) => TicketStatus): (t: Issue) => boolean {
  const words = filters.text.trim().toLowerCase().split(/\s+/).filter((w) => w !== '');
  const label = filters.label?.toLowerCase() ?? null;
  const statuses = new Set(filters.statuses);
  return (t) => {
    if (label !== null && !t.labels.includes(label)) return false;
    if (statuses.size > 0 && !statuses.has(statusOf(t.identifier))) return false;
    if (words.length > 0) {
      const text = haystack(t);
      for (const w of words) if (!text.includes(w)) return false;
    }
    return true;
  };
}

/** Reads filters saved by an earlier session; anything malformed falls back to no filter. */
export function parseFilters(raw: string | null): BoardFilters {
  if (!raw) return emptyFilters;
  try {
    const v = JSON.parse(raw) as Partial<Record<keyof BoardFilters, unknown>>;
    return {
      text: typeof v.text === 'string' ? v.text : '',
      label: typeof v.label === 'string' && v.label !== '' ? v.label : null,
      statuses: Array.isArray(v.statuses) ? TICKET_STATUSES.filter((s) => (v.statuses as unknown[]).includes(s)) : [],
    };
  } catch {
    return emptyFilters;
  }
}
