import { createHash } from 'node:crypto';
import type { Finding } from '../../../../shared/api/review-schemas.js';
import type { ParsedFinding } from './parse-findings.js';

/** Hex digits of the hash kept in an id: short enough to read, 2^32 apart within one ticket. */
const ID_HEX_CHARS = 8;

/**
 * Gives each finding an id derived from its path and title, so the same problem reported again
 * after a rework keeps its id — and the person's decision on it: a finding dismissed (or promoted)
 * on the last report stays so on the next instead of blocking the ticket again. Line numbers are
 * left out of the id because any edit above the line moves them.
 */
export function assignFindingIds(parsed: readonly ParsedFinding[], previous: readonly Finding[]): Finding[] {
  const earlier = new Map(previous.map((f) => [f.id, f.status]));
  const used = new Set<string>();
  return parsed.map((f) => {
    const base = `f${createHash('sha256').update(`${f.path ?? ''}\n${normalize(f.title)}`).digest('hex').slice(0, ID_HEX_CHARS)}`;
    let id = base;
    for (let n = 2; used.has(id); n++) id = `${base}-${n}`;
    used.add(id);
    return { id, severity: 'P0', path: f.path, line: f.line, title: f.title, body: f.body, status: earlier.get(id) ?? 'open' };
  });
}

function normalize(title: string): string {
  return title.trim().toLowerCase().replace(/\s+/g, ' ');
}
