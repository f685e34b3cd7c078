import { useState } from 'react';
import type { CheckResult } from '../../../shared/api/review-schemas.js';
import { useServices } from '../../lib/services.js';
import { Badge } from './Badge.js';
import { LiveTerminal } from './LiveTerminal.js';
import { formatWhen, shortSha } from '../../lib/format.js';
import { checksBadge } from './review-badges.js';

interface Props {
  checks: CheckResult | null;
  /** The checks ran on an older state of the work than the one under review. */
  stale: boolean;
  identifier: string;
  /** Something changed on the engine: refetch the inbox. */
  onChanged: () => void;
}

export function ChecksPanel({ checks, stale, identifier, onChanged }: Props) {
  const { api } = useServices();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  // A flaky or stale check should not decide a review: run it again on the work as it is now.
  const rerun = async () => {
    setBusy(true);
    setError(null);
    const res = await api.rerunChecks(identifier);
    setBusy(false);
    if (!res.ok) return setError(`Could not run the checks: ${res.error.message}`);
    onChanged();
  };
  return (
    <section className="review-section" data-testid="checks-panel" aria-labelledby="checks-title">
      <h2 id="checks-title">
        Checks <Badge badge={checksBadge(checks, stale)} />
        {checks && (
          <button type="button" className="inline-action" onClick={() => void rerun()} disabled={busy || checks.status === 'running'} data-testid="rerun-checks">
            {busy ? 'Starting…' : 'Run again'}
          </button>
        )}
      </h2>
      {error && (
        <p className="error" role="alert" data-testid="checks-action-error">
          {error}
        </p>
      )}
      {!checks ? (
        <p className="muted">No checks ran for this ticket (set review.checks in WORKFLOW.md to run a command on every handoff).</p>
      ) : (
        <>
          <p className="checks-line">
            <code>{checks.command}</code>
            {checks.exit_code !== null && <span data-testid="checks-exit"> · exit code {checks.exit_code}</span>}
            <span className="muted"> · started {formatWhen(checks.started_at)}</span>
            {checks.ended_at && <span className="muted"> · ended {formatWhen(checks.ended_at)}</span>}
          </p>
          {stale && (
            <p className="warn-text" data-testid="checks-stale">
              These results are for an older version of the work (HEAD {shortSha(checks.head)}): the worktree changed after the checks ran. Run them again before you
              rely on them.
            </p>
          )}
          {checks.status === 'running' && <LiveTerminal terminalId={checks.terminal_id} identifier={identifier} label="Watch the check live" />}
          {checks.output_tail && (
            <pre className="output-tail" data-testid="checks-output">
              {checks.output_tail}
            </pre>
          )}
        </>
      )}
    </section>
  );
}
