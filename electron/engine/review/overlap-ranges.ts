import type { Result } from '../lib/result.js';
import type { TicketFiles } from './diff/overlaps.js';
import type { DiffSnapshot, LineRanges } from './diff/line-ranges.js';
import { DIFF_CONCURRENCY, mapLimited, type InFlightTicket } from './in-flight.js';

export type LineRangeReader = (snapshot: DiffSnapshot, paths: readonly string[]) => Promise<Result<LineRanges>>;

/**
 * Adds line ranges to the tickets, for exactly the files that one of `subjects` (the tickets whose
 * overlaps are shown) shares with another ticket: one `git diff --unified=0` per ticket involved,
 * of those files only, `DIFF_CONCURRENCY` at a time. Most files overlap nothing and cost nothing;
 * a ticket without a snapshot, or whose read fails, keeps "same file" overlaps.
 */
export async function withSharedRanges(tickets: readonly InFlightTicket[], subjects: readonly string[], read: LineRangeReader): Promise<TicketFiles[]> {
  const key = (id: string) => id.toLowerCase();
  const owners = new Map<string, Set<string>>();
  for (const t of tickets) for (const f of t.files) (owners.get(f) ?? owners.set(f, new Set()).get(f)!).add(key(t.identifier));
  const wanted = new Map<string, Set<string>>();
  const want = (id: string, file: string) => (wanted.get(id) ?? wanted.set(id, new Set()).get(id)!).add(file);
  for (const subject of tickets.filter((t) => subjects.some((s) => key(s) === key(t.identifier)))) {
    const me = key(subject.identifier);
    for (const f of subject.files) {
      const others = [...(owners.get(f) ?? [])].filter((o) => o !== me);
      if (others.length === 0) continue;
      want(me, f);
      for (const o of others) want(o, f);
    }
  }
  return mapLimited([...tickets], DIFF_CONCURRENCY, async (t): Promise<TicketFiles> => {
    const paths = wanted.get(key(t.identifier));
    if (!paths || !t.snapshot) return t;
    const ranges = await read(t.snapshot, [...paths]);
    return ranges.ok ? { ...t, ranges: ranges.value } : t;
  });
}
