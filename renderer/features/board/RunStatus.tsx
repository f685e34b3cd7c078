import { useFleet } from '../../stores/fleet-store.js';
import { formatTokens } from '../fleet/FleetHeader.js';

/** Live run status of one ticket: running, retrying, waiting for an operator, or nothing. */
export function RunStatus({ identifier }: { identifier: string }) {
  const run = useFleet((s) => s.runs[identifier]);
  const retry = useFleet((s) => s.retries[identifier]);
  const waiting = useFleet((s) => s.approvals.some((a) => a.issue_identifier === identifier));
  if (run) {
    return (
      <div className={`run-status ${waiting ? 'waiting' : 'running'}`} data-testid={`status-${identifier}`}>
        {waiting ? 'waiting for an answer' : 'running'} · turn {run.turn_count} · {formatTokens(run.tokens.total_tokens)} tok
        {run.last_message && <div className="run-last">{run.last_message}</div>}
      </div>
    );
  }
  if (retry) {
    return (
      <div className="run-status retrying" data-testid={`status-${identifier}`} title={retry.error ?? undefined}>
        retrying · attempt {retry.attempt} · {retry.error}
      </div>
    );
  }
  return null;
}
