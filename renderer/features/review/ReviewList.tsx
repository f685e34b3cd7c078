import { useEffect, useRef } from 'react';
import type { ReviewItem } from '../../../shared/api/review-schemas.js';
import type { Issue } from '../../../shared/domain/issue.js';
import { Badge } from './Badge.js';
import { summarizeOverlaps } from './overlap-groups.js';
import { AGE_TICK_MS, formatAge, formatDuration, formatTokens } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';
import { checksBadge, reviewerBadge } from './review-badges.js';

interface Props {
  items: readonly ReviewItem[];
  /** In review, but not in the engine's inbox answer yet: listed (and counted) without details. */
  waiting?: readonly Issue[];
  selected: string | null;
  draftCount: (identifier: string) => number;
  onSelect: (identifier: string) => void;
}

/** The inbox, oldest first; the selected row follows j/k and stays scrolled into view. */
export function ReviewList({ items, waiting = [], selected, draftCount, onSelect }: Props) {
  const now = useNow(AGE_TICK_MS);
  return (
    <ol className="review-list" aria-label="Tickets waiting for review" data-testid="review-list">
      {items.map((item) => (
        <ReviewRow key={item.issue.identifier} item={item} now={now} selected={item.issue.identifier === selected} drafts={draftCount(item.issue.identifier)} onSelect={onSelect} />
      ))}
      {waiting.map((issue) => (
        <li key={issue.identifier} className="review-row waiting" data-testid={`review-row-${issue.identifier}`} aria-busy="true">
          <span className="review-row-button">
            <span className="review-row-head">
              <span className="review-id">{issue.identifier}</span>
            </span>
            <span className="review-title">{issue.title}</span>
            <span className="review-row-meta muted">loading its diff, checks and runs…</span>
          </span>
        </li>
      ))}
    </ol>
  );
}

function ReviewRow({ item, now, selected, drafts, onSelect }: { item: ReviewItem; now: number; selected: boolean; drafts: number; onSelect: (id: string) => void }) {
  const ref = useRef<HTMLButtonElement>(null);
  const id = item.issue.identifier;
  useEffect(() => {
    if (selected) ref.current?.scrollIntoView?.({ block: 'nearest' });
  }, [selected]);
  const age = item.entered_review_at ? formatAge(now - Date.parse(item.entered_review_at)) : '–';
  const overlap = summarizeOverlaps(item.overlaps);
  return (
    <li className={`review-row${selected ? ' selected' : ''}`} data-testid={`review-row-${id}`} aria-current={selected ? 'true' : undefined}>
      <button type="button" ref={ref} className="review-row-button" onClick={() => onSelect(id)}>
        <span className="review-row-head">
          <span className="review-id">{id}</span>
          <span className="review-age" title="Time in review" data-testid="review-age">
            {age}
          </span>
        </span>
        <span className="review-title">{item.issue.title}</span>
        <span className="review-row-meta">
          {item.diff ? (
            <span className="review-size" data-testid="review-size">
              <span className="adds">+{item.diff.additions}</span> <span className="dels">−{item.diff.deletions}</span> · {item.diff.files.length} {item.diff.files.length === 1 ? 'file' : 'files'}
            </span>
          ) : (
            <span className="review-size bad" data-testid="review-size" title={item.diff_error?.message}>
              diff unavailable
            </span>
          )}
          <Badge badge={checksBadge(item.checks, item.checks_stale)} testId="checks-badge" />
          <Badge badge={reviewerBadge(item.reviewer)} testId="reviewer-badge" />
        </span>
        <span className="review-row-meta muted" data-testid="review-stats">
          {item.attempts} {item.attempts === 1 ? 'run' : 'runs'} · {formatTokens(item.tokens.total_tokens)} tokens · {formatDuration(item.agent_time_ms)}
          {drafts > 0 && <span className="review-drafts"> · {drafts} draft{drafts === 1 ? '' : 's'}</span>}
        </span>
        {item.config_change && (
          <span className="review-config" data-testid="review-config" title={item.config_change.files.map((f) => `${f.path}: ${f.why}`).join('\n')}>
            ⚙ configuration change: needs confirmation
          </span>
        )}
        {overlap && (
          <span className={`review-overlap risk-${overlap.risk}`} data-testid="review-overlap" data-risk={overlap.risk} title={overlap.detail}>
            {overlap.risk === 'lines' ? '⚠ ' : ''}
            {overlap.text}
          </span>
        )}
      </button>
    </li>
  );
}
