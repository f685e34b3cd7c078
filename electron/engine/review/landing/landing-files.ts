import type { Overlap } from '../../../../shared/api/review-schemas.js';
import { overlapsOf, type TicketFiles } from '../diff/overlaps.js';
import type { InFlightFiles } from './landing-types.js';

/**
 * Other in-flight tickets that touch the same files as `identifier` (itself left out,
 * case-insensitively); its own line ranges, when known, come from its entry in `others`.
 */
export function overlapsFor(identifier: string, files: readonly string[], others: readonly TicketFiles[]): Overlap[] {
  const self = identifier.toLowerCase();
  const mine = others.find((o) => o.identifier.toLowerCase() === self);
  return overlapsOf({ identifier, files, ...(mine?.ranges ? { ranges: mine.ranges } : {}) }, others.filter((o) => o.identifier.toLowerCase() !== self));
}

/** `primary` plus the entries of `extra` whose identifier it does not already have. */
export function mergeInFlight(primary: readonly InFlightFiles[], extra: readonly InFlightFiles[]): InFlightFiles[] {
  const seen = new Set(primary.map((p) => p.identifier.toLowerCase()));
  return [...primary, ...extra.filter((x) => !seen.has(x.identifier.toLowerCase()))];
}
