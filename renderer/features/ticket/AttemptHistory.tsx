import type { RunRecord } from '../../../shared/api/schemas.js';
import type { ApiError } from '../../lib/api-client.js';
import { formatTokens } from '../../lib/format.js';
import { attemptLabel, formatDuration, formatWhen } from '../../lib/format.js';

const STATUS_LABEL: Record<RunRecord['status'], string> = {
  running: 'running',
  succeeded: 'succeeded',
  failed: 'failed',
  timed_out: 'timed out',
  stalled: 'stalled',
  canceled: 'canceled',
  handed_off: 'handed off',
};

/** Every run of the ticket, newest first, as the engine's store recorded them. */
export function AttemptHistory({ runs, error }: { runs: readonly RunRecord[] | null; error: ApiError | null }) {
  return (
    <section className="ticket-panel attempt-history" data-testid="attempt-history">
      <h2>Attempts</h2>
      {error && <div className="error" role="alert">Could not load the attempts: {error.message}</div>}
      {runs === null && !error && <div className="empty">Loading…</div>}
      {runs?.length === 0 && <div className="empty">No run yet.</div>}
      {runs && runs.length > 0 && (
        <table className="attempts">
          <thead>
            <tr>
              <th scope="col">Attempt</th>
              <th scope="col">Status</th>
              <th scope="col">Started</th>
              <th scope="col">Took</th>
              <th scope="col">Turns</th>
              <th scope="col">Tokens</th>
            </tr>
          </thead>
          <tbody>
            {runs.map((run) => (
              <tr key={run.run_id} className={`run-${run.status}`} data-testid={`attempt-${run.run_id}`}>
                <td>{attemptLabel(run.attempt)}</td>
                <td title={run.error ?? undefined}>
                  <span className={`run-state ${run.status}`}>{STATUS_LABEL[run.status] ?? run.status}</span>
                  {run.error && <div className="attempt-error">{run.error}</div>}
                </td>
                <td>{formatWhen(run.started_at)}</td>
                <td>{run.ended_at ? formatDuration(Date.parse(run.ended_at) - Date.parse(run.started_at)) : '…'}</td>
                <td>{run.turn_count}</td>
                <td>{formatTokens(run.total_tokens)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
