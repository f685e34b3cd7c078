import type { Approval, RetryEntry, RunningEntry } from '../../../shared/api/schemas.js';
import { useFleet } from '../../stores/fleet-store.js';
import { formatDuration, formatTokens } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';

/** Live run status of one ticket: waiting for an operator, running, retrying, or idle. */
export function RunStatus({ identifier }: { identifier: string }) {
  const run = useFleet((s) => s.runs[identifier]);
  const retry = useFleet((s) => s.retries[identifier]);
  const approval = useFleet((s) => s.approvals.find((a) => a.issue_identifier === identifier));
  if (approval) return <WaitingStatus identifier={identifier} approval={approval} run={run} />;
  if (run) return <RunningStatus identifier={identifier} run={run} />;
  // A retry entry without an error is the orchestrator's short re-check after a normal exit.
  if (retry?.error) return <RetryingStatus identifier={identifier} retry={retry} />;
  return (
    <div className="run-status idle" data-testid={`status-${identifier}`} data-status="idle">
      idle
    </div>
  );
}

function WaitingStatus({ identifier, approval, run }: { identifier: string; approval: Approval; run: RunningEntry | undefined }) {
  const what = approval.kind === 'input' ? 'waiting for input' : 'waiting for approval';
  return (
    <div className="run-status waiting" data-testid={`status-${identifier}`} data-status="waiting" title={approval.summary}>
      <span className="run-line">
        {what}
        {run && <> · turn {run.turn_count}</>}
      </span>
      <div className="run-last">{approval.summary}</div>
    </div>
  );
}

function RunningStatus({ identifier, run }: { identifier: string; run: RunningEntry }) {
  const last = run.last_message || run.last_event;
  return (
    <div className="run-status running" data-testid={`status-${identifier}`} data-status="running">
      <span className="run-line">
        running · turn {run.turn_count} · <Elapsed since={run.started_at} /> · {formatTokens(run.tokens.total_tokens)} tok
      </span>
      {last && (
        <div className="run-last" title={last}>
          {last}
        </div>
      )}
    </div>
  );
}

function RetryingStatus({ identifier, retry }: { identifier: string; retry: RetryEntry }) {
  return (
    <div className="run-status retrying" data-testid={`status-${identifier}`} data-status="retrying" title={retry.error ?? undefined}>
      <span className="run-line">
        retrying · attempt {retry.attempt} · <Countdown until={retry.due_at} />
      </span>
      {retry.error && <div className="run-last run-error">{retry.error}</div>}
    </div>
  );
}

/** Only these two subscribe to the shared clock: a tick re-renders one text node per live card. */
function Elapsed({ since }: { since: string }) {
  const now = useNow();
  // The page's clock may run a little behind the engine's: a run that just started reads 0s, not a dash.
  return <span data-testid="elapsed">{formatDuration(Math.max(0, now - Date.parse(since)))}</span>;
}

function Countdown({ until }: { until: string }) {
  const now = useNow();
  const left = Date.parse(until) - now;
  return <span data-testid="countdown">{left > 0 ? `next in ${formatDuration(left)}` : 'due now'}</span>;
}
