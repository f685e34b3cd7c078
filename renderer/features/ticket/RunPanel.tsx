import type { RunningEntry } from '../../../shared/api/schemas.js';
import { useFleet } from '../../stores/fleet-store.js';
import { formatTokens } from '../../lib/format.js';
import { attemptLabel, formatAgo, formatDuration, formatWhen } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';

/** The ticket's current run: attempt, turn, tokens, elapsed time and last event; or its retry. */
export function RunPanel({ identifier }: { identifier: string }) {
  const run = useFleet((s) => s.runs[identifier]);
  const retry = useFleet((s) => s.retries[identifier]);
  const waiting = useFleet((s) => s.approvals.filter((a) => a.issue_identifier === identifier).length);
  if (run) return <RunningRun identifier={identifier} run={run} waiting={waiting} />;
  if (retry) {
    return (
      <section className="ticket-panel run-panel retrying" data-testid="run-panel">
        <h2>Retry queued</h2>
        <dl className="ticket-facts">
          <dt>Attempt</dt>
          <dd>{retry.attempt}</dd>
          <dt>Due</dt>
          <dd>{formatWhen(retry.due_at)}</dd>
          {retry.error && (
            <>
              <dt>Last error</dt>
              <dd className="error">{retry.error}</dd>
            </>
          )}
        </dl>
      </section>
    );
  }
  return (
    <section className="ticket-panel run-panel idle" data-testid="run-panel">
      <h2>No run right now</h2>
    </section>
  );
}

function RunningRun({ run, waiting }: { identifier: string; run: RunningEntry; waiting: number }) {
  const now = useNow();
  return (
    <section className="ticket-panel run-panel running" data-testid="run-panel">
      <h2>
        Running · {attemptLabel(run.attempt)}
        {waiting > 0 && <span className="run-waiting"> · waiting for an answer ({waiting})</span>}
      </h2>
      <dl className="ticket-facts">
        <dt>Turn</dt>
        <dd data-testid="run-turn">{run.turn_count}</dd>
        <dt>Tokens</dt>
        <dd title={`${run.tokens.input_tokens} in, ${run.tokens.output_tokens} out`}>{formatTokens(run.tokens.total_tokens)}</dd>
        <dt>Elapsed</dt>
        <dd data-testid="run-elapsed">{formatDuration(now - Date.parse(run.started_at))}</dd>
        <dt>Last event</dt>
        <dd className="run-last-event" title={run.last_message ?? undefined}>
          {run.last_event ?? '–'}
          {run.last_event_at && ` · ${formatAgo(now - Date.parse(run.last_event_at))}`}
          {run.last_message && <div className="run-last-message">{run.last_message}</div>}
        </dd>
      </dl>
    </section>
  );
}
