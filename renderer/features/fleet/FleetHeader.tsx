import { normalizeState } from '../../../shared/domain/issue.js';
import { navigate, routeHref } from '../../app/route.js';
import { useFleet } from '../../stores/fleet-store.js';

/** Always visible: is the fleet healthy, at a glance. */
export function FleetHeader() {
  const counts = useFleet((s) => s.snapshot?.counts);
  const tokensToday = useFleet((s) => s.snapshot?.tokens_today.total_tokens ?? 0);
  const handoff = useFleet((s) => s.workflow?.config.agent.handoff_state ?? null);
  const inReview = useFleet((s) => (handoff ? Object.values(s.tickets).filter((t) => normalizeState(t.state) === normalizeState(handoff)).length : 0));
  const workflowError = useFleet((s) => s.snapshot?.workflow_error ?? null);
  return (
    <header className="fleet-header">
      <a className="brand" href={routeHref({ view: 'board' })}>Baton</a>
      <nav className="fleet-stats" aria-label="Fleet">
        <Stat label="running" value={counts?.running ?? 0} testId="stat-running" />
        <Stat label="retrying" value={counts?.retrying ?? 0} testId="stat-retrying" />
        <Stat label="in review" value={inReview} testId="stat-review" />
        <button className="stat stat-button" onClick={() => navigate({ view: 'queue' })} data-testid="stat-waiting">
          <span className="stat-value">{counts?.waiting ?? 0}</span> <span className="stat-label">waiting</span>
        </button>
        <Stat label="tokens today" value={formatTokens(tokensToday)} testId="stat-tokens" />
      </nav>
      {workflowError && <span className="workflow-error" title={workflowError.message}>WORKFLOW.md: {workflowError.code}</span>}
    </header>
  );
}

function Stat({ label, value, testId }: { label: string; value: number | string; testId: string }) {
  return (
    <span className="stat" data-testid={testId}>
      <span className="stat-value">{value}</span> <span className="stat-label">{label}</span>
    </span>
  );
}

export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1_000)}k`;
  return String(n);
}
