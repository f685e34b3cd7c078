import { useEffect, useRef } from 'react';
import type { AuditItem } from '../../../shared/api/review-schemas.js';
import { AGE_TICK_MS, formatAge, formatWhen, shortSha } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';

interface Props {
  /** Open audits only (read ones are gone from the list). */
  audits: readonly AuditItem[];
  selected: number | null;
  onSelect: (id: number) => void;
}

/** Landings sampled for a read after the fact (`review.sample_rate` with `auto_land`); one opens in the detail pane. */
export function AuditList({ audits, selected, onSelect }: Props) {
  const now = useNow(AGE_TICK_MS);
  return (
    <section className="review-audits" data-testid="audits" aria-labelledby="audits-title">
      <h2 id="audits-title">
        Audits <span className="queue-count">{audits.length}</span>
      </h2>
      {audits.length === 0 ? (
        <p className="muted">No sampled landings to read.</p>
      ) : (
        <ol className="review-list" aria-label="Landings to audit">
          {audits.map((a) => (
            <AuditRow key={a.id} audit={a} now={now} selected={a.id === selected} onSelect={onSelect} />
          ))}
        </ol>
      )}
    </section>
  );
}

function AuditRow({ audit, now, selected, onSelect }: { audit: AuditItem; now: number; selected: boolean; onSelect: (id: number) => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  return (
    <li className={`review-row audit-row${selected ? ' selected' : ''}`} data-testid={`audit-${audit.id}`} aria-current={selected ? 'true' : undefined}>
      <button type="button" ref={ref} className="review-row-button" onClick={() => onSelect(audit.id)} data-testid="audit-open">
        <span className="review-row-head">
          <span className="review-id">{audit.identifier}</span>
          <span className="review-age" title={`Landed ${formatWhen(audit.created_at)}`}>
            {formatAge(now - Date.parse(audit.created_at))}
          </span>
        </span>
        <span className="review-title">{audit.title}</span>
        <span className="review-row-meta muted">
          landed <code>{shortSha(audit.landed_commit)}</code>
        </span>
      </button>
    </li>
  );
}
