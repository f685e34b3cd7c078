import { mergingOverlaps } from './fleet-overlaps.js';
import { useFleet } from '../../stores/fleet-store.js';
import { summarizeOverlaps } from '../review/overlap-groups.js';

/**
 * On a card waiting to land: one line on the other in-flight tickets that change its files, the
 * same lines (a likely conflict, warned) before the same file (quiet); every file in the tooltip.
 */
export function CardOverlap({ identifier }: { identifier: string }) {
  const overlaps = useFleet((s) => mergingOverlaps(s, identifier));
  const summary = overlaps ? summarizeOverlaps(overlaps) : null;
  if (!summary) return null;
  return (
    <div className={`card-overlap risk-${summary.risk}`} data-testid="card-overlap" data-risk={summary.risk} title={summary.detail}>
      {summary.risk === 'lines' ? '⚠ ' : ''}
      {summary.text}
    </div>
  );
}
