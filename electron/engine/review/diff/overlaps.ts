import type { Overlap } from '../../../../shared/api/review-schemas.js';
import { rangesConflict, type LineRange } from './hunk-ranges.js';
import { comparePaths } from './path-order.js';

/** A ticket's changed files and, for the files it shares with others, the base lines it changes. */
export interface TicketFiles {
  identifier: string;
  files: readonly string[];
  /** Line ranges by path, where known (only shared files are asked for). */
  ranges?: ReadonlyMap<string, readonly LineRange[]>;
}

/**
 * Other tickets that touch any of `mine`'s files, each with the shared files (sorted, once each)
 * and, of those, `conflicts`: the files where both change the same or adjacent lines of the base —
 * a likely merge conflict, not just the same file. Tickets with conflicts come first (most
 * conflicting files first), then the others in the order given; tickets sharing nothing are left
 * out. Without ranges for a file on both sides, it counts as shared only. Pure: callers leave the
 * ticket itself out of `others`.
 */
export function overlapsOf(mine: TicketFiles, others: readonly TicketFiles[]): Overlap[] {
  const files = new Set(mine.files);
  const overlaps: Overlap[] = [];
  for (const other of others) {
    const shared = [...new Set(other.files.filter((f) => files.has(f)))].sort(comparePaths);
    if (shared.length === 0) continue;
    const conflicts = shared.filter((f) => {
      const a = mine.ranges?.get(f);
      const b = other.ranges?.get(f);
      return a !== undefined && b !== undefined && rangesConflict(a, b);
    });
    overlaps.push({ identifier: other.identifier, files: shared, conflicts });
  }
  // Array.prototype.sort is stable: equal risk keeps the order given.
  return overlaps.sort((a, b) => b.conflicts.length - a.conflicts.length);
}
