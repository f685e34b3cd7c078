import type { ReactNode } from 'react';
import type { ReviewItem } from '../../../shared/api/review-schemas.js';
import { routeHref } from '../../lib/route.js';
import { ChecksPanel } from './ChecksPanel.js';
import { ConfigChangeBanner } from './ConfigChangeBanner.js';
import { FeedbackRounds } from './FeedbackRounds.js';
import { FindingsPanel } from './FindingsPanel.js';
import { OverlapList } from './OverlapList.js';
import { formatDuration, formatTokens } from '../../lib/format.js';

interface Props {
  item: ReviewItem;
  decisionBar: ReactNode;
  diff: ReactNode;
  onChanged: () => void;
}

/** One ticket as a reviewer reads it: what the agent says, what the checks and reviewer found, the diff. */
export function ReviewDetail({ item, decisionBar, diff, onChanged }: Props) {
  const { issue } = item;
  return (
    <article className="review-detail" data-testid="review-detail" data-identifier={issue.identifier} aria-labelledby="review-detail-title">
      <header className="review-detail-head">
        <h1 id="review-detail-title">
          <a href={routeHref({ view: 'ticket', identifier: issue.identifier })} className="review-id" data-testid="detail-ticket-link">
            {issue.identifier}
          </a>{' '}
          {issue.title}
        </h1>
        <p className="muted">
          {item.attempts} {item.attempts === 1 ? 'run' : 'runs'} · {formatDuration(item.agent_time_ms)} agent time · {formatTokens(item.tokens.total_tokens)} tokens
        </p>
        <OverlapList overlaps={item.overlaps} testId="detail-overlaps" />
      </header>
      {item.config_change && <ConfigChangeBanner files={item.config_change.files} />}
      {decisionBar}
      <details className="review-section final-message" open data-testid="final-message">
        <summary>The agent's final message</summary>
        {item.final_message ? <pre className="final-message-text">{item.final_message}</pre> : <p className="muted">The agent left no final message.</p>}
      </details>
      <ChecksPanel checks={item.checks} stale={item.checks_stale} identifier={issue.identifier} onChanged={onChanged} />
      <FindingsPanel item={item} onChanged={onChanged} />
      <FeedbackRounds feedback={item.feedback} />
      {diff}
    </article>
  );
}
