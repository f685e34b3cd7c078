import { mergingOverlaps } from '../../stores/fleet-overlaps.js';
import { useFleet } from '../../stores/fleet-store.js';

/** Warns on a card waiting to land that other in-flight tickets change the same files. */
export function CardOverlap({ identifier }: { identifier: string }) {
  const overlaps = useFleet((s) => mergingOverlaps(s, identifier));
  if (!overlaps || overlaps.length === 0) return null;
  const files = overlaps.map((o) => `${o.identifier}: ${o.files.join(', ')}`).join('\n');
  return (
    <div className="card-overlap" data-testid="card-overlap" title={files}>
      ⚠ touches files of {overlaps.map((o) => o.identifier).join(', ')}
    </div>
  );
}
