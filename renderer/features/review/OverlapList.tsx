import type { Overlap } from '../../../shared/api/review-schemas.js';
import { routeHref } from '../../lib/route.js';
import { groupOverlaps, summarizeOverlaps } from './overlap-groups.js';

/**
 * Other tickets in flight that change the same files, folded to one line (the same lines first,
 * then the same file); open, one line per shared file with the tickets that change it.
 */
export function OverlapList({ overlaps, testId }: { overlaps: readonly Overlap[]; testId: string }) {
  const summary = summarizeOverlaps(overlaps);
  if (!summary) return null;
  return (
    <details className={`review-overlaps risk-${summary.risk}`} data-testid={testId} data-risk={summary.risk}>
      <summary data-testid={`${testId}-summary`}>
        {summary.risk === 'lines' ? '⚠ ' : ''}
        {summary.text}
      </summary>
      <ul className="plain-list">
        {groupOverlaps(overlaps).map((g) => (
          <li key={g.path} data-testid="overlap-file">
            <code>{g.path}</code>
            {g.sameLines.length > 0 && (
              <span className="warn-text">
                {' '}
                same lines as <Tickets ids={g.sameLines} />
              </span>
            )}
            {g.sameLines.length > 0 && g.sameFile.length > 0 && ';'}
            {g.sameFile.length > 0 && (
              <span className="muted">
                {' '}
                same file as <Tickets ids={g.sameFile} />
              </span>
            )}
          </li>
        ))}
      </ul>
    </details>
  );
}

function Tickets({ ids }: { ids: readonly string[] }) {
  return (
    <>
      {ids.map((id, i) => (
        <span key={id}>
          {i > 0 && ', '}
          <a href={routeHref({ view: 'ticket', identifier: id })}>{id}</a>
        </span>
      ))}
    </>
  );
}
