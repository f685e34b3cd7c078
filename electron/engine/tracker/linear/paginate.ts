import { err, ok, type Result } from '../../lib/result.js';
import type { Page } from './payload.js';

/**
 * Upper bound on pages in one listing: 1,000 pages of 50 is 50,000 issues, ten times the board's
 * design size. Without it a server that always reports another page would loop forever.
 */
export const LINEAR_MAX_PAGES = 1000;

/**
 * Follows `pageInfo` from the first page to the last and returns every node in server order.
 * `hasNextPage` without an `endCursor` is `linear_missing_end_cursor` (SPEC §11.4): continuing
 * from the start would repeat pages, stopping would silently drop issues.
 */
export async function collectPages(operation: string, fetchPage: (after: string | null) => Promise<Result<Page>>): Promise<Result<unknown[]>> {
  const nodes: unknown[] = [];
  const seen = new Set<string>();
  let after: string | null = null;
  for (let pages = 0; pages < LINEAR_MAX_PAGES; pages++) {
    const page = await fetchPage(after);
    if (!page.ok) return page;
    nodes.push(...page.value.nodes);
    if (!page.value.hasNextPage) return ok(nodes);
    const next = page.value.endCursor;
    if (next === null) {
      return err('linear_missing_end_cursor', `Linear said ${operation} has another page but gave no endCursor (after page ${pages + 1})`, { operation });
    }
    if (seen.has(next)) return err('linear_unknown_payload', `Linear repeated the cursor of an earlier ${operation} page`, { operation });
    seen.add(next);
    after = next;
  }
  return err('linear_unknown_payload', `${operation} did not end after ${LINEAR_MAX_PAGES} pages`, { operation });
}
