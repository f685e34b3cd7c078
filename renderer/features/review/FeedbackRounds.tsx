import type { ReviewFeedback } from '../../../shared/api/review-schemas.js';
import { formatWhen } from '../../lib/format.js';

const DECISION_TEXT: Record<ReviewFeedback['decision'], string> = { request_changes: 'changes requested', restart: 'restarted' };

/** What earlier rounds asked the agent to do: the context for judging this attempt. */
export function FeedbackRounds({ feedback }: { feedback: readonly ReviewFeedback[] }) {
  if (feedback.length === 0) return null;
  return (
    <section className="review-section" data-testid="feedback-rounds" aria-labelledby="feedback-title">
      <h2 id="feedback-title">Earlier feedback ({feedback.length})</h2>
      <ol className="plain-list feedback-rounds">
        {feedback.map((f) => (
          <li key={f.id} className="feedback-round" data-testid={`feedback-${f.round}`}>
            <div className="muted">
              Round {f.round} · {DECISION_TEXT[f.decision]} by {f.source === 'landing' ? 'the landing queue' : f.actor} · {formatWhen(f.at)}
            </div>
            {f.summary && <p className="feedback-summary">{f.summary}</p>}
            {f.comments.length > 0 && (
              <ul className="plain-list feedback-comments">
                {f.comments.map((c, i) => (
                  <li key={i}>
                    <code>
                      {c.path}:{c.line}
                    </code>{' '}
                    {c.body}
                  </li>
                ))}
              </ul>
            )}
          </li>
        ))}
      </ol>
    </section>
  );
}
