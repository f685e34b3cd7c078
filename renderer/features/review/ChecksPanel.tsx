import type { CheckResult } from '../../../shared/api/review-schemas.js';
import { formatWhen } from '../ticket/format.js';
import { Badge } from './Badge.js';
import { checksBadge } from './review-format.js';
import { LiveTerminal } from './LiveTerminal.js';

export function ChecksPanel({ checks, identifier }: { checks: CheckResult | null; identifier: string }) {
  return (
    <section className="review-section" data-testid="checks-panel" aria-labelledby="checks-title">
      <h2 id="checks-title">
        Checks <Badge badge={checksBadge(checks)} />
      </h2>
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
