import type { MergeQueueResponse } from '../../../shared/api/review-schemas.js';
import { useLiveQuery } from '../../lib/use-live-query.js';
import { useFleet } from '../../stores/fleet-store.js';
import { LandingEntry } from './LandingEntry.js';
import { reviewsInvalidated } from './review-invalidation.js';
import './review.css';

/** The landing queue (one landing at a time per repository) and what landed or failed lately. */
export function LandingQueue() {
  const queue = useLiveQuery((api) => api.getMergeQueue(), { invalidatedBy: reviewsInvalidated });
  const connection = useFleet((s) => s.connection);
  const data = queue.data;
  return (
    <section className="landing-queue" data-testid="landing-queue" aria-labelledby="landing-title">
      <h1 id="landing-title">
        Landing <span className="queue-count">{data?.entries.length ?? ''}</span>
      </h1>
      {data && <QueueSettings data={data} />}
      {connection !== 'open' && (
        <p className="warn-text" role="status">
          Not connected to the engine: the queue may be out of date.
        </p>
      )}
      {queue.error && (
        <p className="error" role="alert" data-testid="landing-load-error">
          Could not load the landing queue: {queue.error.message} ({queue.error.code})
        </p>
      )}
      {queue.loading && !data && <p className="muted">Loading…</p>}
      {data && (
        <>
          <h2>In the queue</h2>
          {data.entries.length === 0 ? (
            <p className="empty" data-testid="landing-empty">
              Nothing is waiting to land. Approve a ticket in the review inbox to queue it.
            </p>
          ) : (
            <ol className="plain-list landings" data-testid="landing-entries">
              {data.entries.map((l) => (
                <LandingEntry key={l.id} landing={l} />
              ))}
            </ol>
          )}
          <h2>Recent landings</h2>
          {data.recent.length === 0 ? (
            <p className="empty">None yet.</p>
          ) : (
            <ol className="plain-list landings" data-testid="landing-recent">
              {data.recent.map((l) => (
                <LandingEntry key={l.id} landing={l} recent />
              ))}
            </ol>
          )}
        </>
      )}
    </section>
  );
}

function QueueSettings({ data }: { data: MergeQueueResponse }) {
  return (
    <dl className="landing-settings" data-testid="landing-settings">
      <div className="detail-row">
        <dt>repository</dt>
        <dd>{data.repo ?? <span className="warn-text">none (set workspace.repo to land work)</span>}</dd>
      </div>
      <div className="detail-row">
        <dt>base branch</dt>
        <dd>
          <code>{data.base_branch ?? '–'}</code>
        </dd>
      </div>
      <div className="detail-row">
        <dt>strategy</dt>
        <dd data-testid="landing-strategy">{data.strategy}</dd>
      </div>
      <div className="detail-row">
        <dt>checks</dt>
        <dd>{data.checks ? <code>{data.checks}</code> : <span className="muted">none (review.checks is not set)</span>}</dd>
      </div>
    </dl>
  );
}
