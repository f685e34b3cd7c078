import type { Overlap } from '../../../../shared/api/review-schemas.js';
import { comparePaths } from './path-order.js';

/**
 * Other in-flight tickets that touch any of `files`, each with the shared files (sorted, once
 * each), in the order `others` were given; tickets sharing nothing are left out. Pure: callers
 * pass each ticket's `changedFiles` and leave the ticket itself out of `others`.
 */
export function overlapsOf(files: readonly string[], others: ReadonlyArray<{ identifier: string; files: readonly string[] }>): Overlap[] {
  const mine = new Set(files);
  const overlaps: Overlap[] = [];
  for (const other of others) {
    const shared = [...new Set(other.files.filter((f) => mine.has(f)))].sort(comparePaths);
    if (shared.length > 0) overlaps.push({ identifier: other.identifier, files: shared });
  }
  return overlaps;
}

