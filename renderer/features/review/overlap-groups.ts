import type { Overlap } from '../../../shared/api/review-schemas.js';

/** One shared file and the other tickets that change it, split by risk. */
export interface OverlapGroup {
  path: string;
  /** Tickets that change the same (or adjacent) lines of it: a likely merge conflict. */
  sameLines: string[];
  /** Tickets that change it elsewhere. */
  sameFile: string[];
}

/**
 * Overlaps by file rather than by ticket: when every ticket touches one file (a changelog), that is
 * one line, not one per ticket. Files with same-lines tickets come first (most first), then the
 * files most tickets share, then by path.
 */
export function groupOverlaps(overlaps: readonly Overlap[]): OverlapGroup[] {
  const groups = new Map<string, OverlapGroup>();
  for (const o of overlaps) {
    const conflicts = new Set(o.conflicts);
    for (const path of o.files) {
      let group = groups.get(path);
      if (!group) groups.set(path, (group = { path, sameLines: [], sameFile: [] }));
      (conflicts.has(path) ? group.sameLines : group.sameFile).push(o.identifier);
    }
  }
  const size = (g: OverlapGroup) => g.sameLines.length + g.sameFile.length;
  return [...groups.values()].sort((a, b) => b.sameLines.length - a.sameLines.length || size(b) - size(a) || (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

export interface OverlapSummary {
  /** `lines`: some ticket changes the same lines (warn); `file`: only the same files elsewhere (quiet). */
  risk: 'lines' | 'file';
  /** One short line: "same lines as DEMO-1 in CHANGELOG.md · same file as 3 tickets". */
  text: string;
  /** Every overlap, one file a line, for a tooltip. */
  detail: string;
}

/** The short line a review row, a card or a collapsed list shows; null without overlaps. */
export function summarizeOverlaps(overlaps: readonly Overlap[]): OverlapSummary | null {
  if (overlaps.length === 0) return null;
  const groups = groupOverlaps(overlaps);
  const risky = overlaps.filter((o) => o.conflicts.length > 0).map((o) => o.identifier);
  const quiet = overlaps.filter((o) => o.conflicts.length === 0).map((o) => o.identifier);
  const riskyFiles = groups.filter((g) => g.sameLines.length > 0).map((g) => g.path);
  const quietFiles = groups.filter((g) => g.sameLines.length === 0).map((g) => g.path);
  const parts: string[] = [];
  if (risky.length > 0) parts.push(`same lines as ${tickets(risky)} in ${files(riskyFiles)}`);
  if (quiet.length > 0) parts.push(risky.length > 0 ? `same file as ${tickets(quiet)}` : `same file as ${tickets(quiet)} (${files(quietFiles)})`);
  return { risk: risky.length > 0 ? 'lines' : 'file', text: parts.join(' · '), detail: groups.map(groupText).join('\n') };
}

/** "CHANGELOG.md: same lines as DEMO-1, DEMO-3; same file as DEMO-2" */
export function groupText(g: OverlapGroup): string {
  const parts = [...(g.sameLines.length > 0 ? [`same lines as ${g.sameLines.join(', ')}`] : []), ...(g.sameFile.length > 0 ? [`same file as ${g.sameFile.join(', ')}`] : [])];
  return `${g.path}: ${parts.join('; ')}`;
}

/** Two names read well; past that, a count. */
function tickets(ids: readonly string[]): string {
  return ids.length <= 2 ? ids.join(' and ') : `${ids.length} tickets`;
}

function files(paths: readonly string[]): string {
  return paths.length === 1 ? paths[0]! : `${paths.length} files`;
}
