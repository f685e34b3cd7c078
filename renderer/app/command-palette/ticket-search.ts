import { defaultFilter } from 'cmdk';
import type { Issue } from '../../../shared/domain/issue.js';

/** Tickets offered for one query: a palette list, not a search page. */
export const MAX_TICKET_RESULTS = 20;

/**
 * Fuzzy-ranks tickets by identifier and title with cmdk's own scorer (command-score), so tickets
 * and commands rank alike. cmdk's built-in filtering would mount an item per ticket (5,000 of
 * them); here only the best few are rendered.
 */
export function rankTickets(tickets: Iterable<Issue>, query: string, limit = MAX_TICKET_RESULTS): Issue[] {
  const q = query.trim();
  if (q === '') return [];
  const scored: Array<{ t: Issue; score: number; order: number }> = [];
  let order = 0;
  for (const t of tickets) {
    const score = defaultFilter(`${t.identifier} ${t.title}`, q);
    if (score > 0) scored.push({ t, score, order });
    order++;
  }
  scored.sort((a, b) => b.score - a.score || a.order - b.order);
  return scored.slice(0, limit).map((s) => s.t);
}
