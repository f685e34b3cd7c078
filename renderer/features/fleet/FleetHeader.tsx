import { routeHref } from '../../lib/route.js';
import { useFleet } from '../../stores/fleet-store.js';
import { inReviewCount } from '../../stores/in-review.js';
import { NotificationToggle } from '../notifications/NotificationToggle.js';
import { FleetChart } from './FleetChart.js';
import { fleetTroubles, TROUBLE_TEXT } from './fleet-health.js';
import { maxUsedPercent, readRateLimits } from './rate-limits.js';
import { RateLimitGauge } from './RateLimitGauge.js';
import './fleet.css';
import { formatTokens } from '../../lib/format.js';


/** Always visible: is the fleet healthy, at a glance. Trouble is colored; the rest stays quiet. */
export function FleetHeader() {
  const running = useFleet((s) => s.snapshot?.counts.running ?? 0);
  // Continuations (the 1 s re-check after a normal exit) carry no error and are not trouble.
  const retrying = useFleet((s) => Object.values(s.retries).filter((r) => r.error !== null).length);
  // A WORKFLOW.md change that waits for confirmation is answered in the same queue.
  const workflowPending = useFleet((s) => s.workflow?.pending_change != null);
  const waiting = useFleet((s) => s.approvals.length) + (workflowPending ? 1 : 0);
  const tokensToday = useFleet((s) => s.snapshot?.tokens_today.total_tokens ?? 0);
  const handoff = useFleet((s) => s.workflow?.config.agent.handoff_state ?? null);
  const inReview = useFleet(inReviewCount);
  const workflowError = useFleet((s) => s.snapshot?.workflow_error ?? null);
  const storageError = useFleet((s) => s.snapshot?.storage_error ?? null);
  const connection = useFleet((s) => s.connection);
  const loaded = useFleet((s) => s.loaded);
  const demo = useFleet((s) => s.workflow?.config.demo === true);
  const ratePercent = useFleet((s) => maxUsedPercent(readRateLimits(s.snapshot?.rate_limits, Date.now())));
  const troubles = fleetTroubles({ connection, loaded, retrying, rateLimitPercent: ratePercent, workflowError: workflowError !== null, storageError: storageError !== null });
  const health = troubles.length === 0 ? 'Fleet healthy' : `Trouble: ${troubles.map((t) => TROUBLE_TEXT[t]).join('; ')}`;
  return (
    <header className={`fleet-header${troubles.length > 0 ? ' has-trouble' : ''}`} data-testid="fleet-header" data-trouble={troubles.join(' ')}>
      <a className="brand" href={routeHref({ view: 'board' })}>Baton</a>
      {demo && (
        <span className="demo-badge" data-testid="demo-badge" title="baton demo: the agent is a script, not a model; its edits are placeholders">
          Demo · scripted agent
        </span>
      )}
      <span className={`health-dot${troubles.length > 0 ? ' trouble' : ''}`} title={health} aria-label={health} role="img" data-testid="health" />
      <nav className="fleet-stats" aria-label="Fleet">
        <Stat label="running" value={running} testId="stat-running" />
        <Stat label="retrying" value={retrying} testId="stat-retrying" trouble={retrying > 0} />
        <Stat label="in review" value={inReview} testId="stat-review" title={handoff ? `Tickets in ${handoff}` : undefined} />
        <a
          className={`stat stat-link${waiting > 0 ? ' attention' : ''}`}
          href={routeHref({ view: 'queue' })}
          data-testid="stat-waiting"
          title="Approvals and questions waiting for an answer"
        >
          <span className="stat-value badge">{waiting}</span> <span className="stat-label">waiting</span>
        </a>
        <Stat label="tokens today" value={formatTokens(tokensToday)} testId="stat-tokens" />
      </nav>
      <nav className="fleet-views" aria-label="Review">
        <a className={`stat stat-link${inReview > 0 ? ' attention' : ''}`} href={routeHref({ view: 'review', identifier: null })} data-testid="nav-review" title="The review inbox: completed work waiting for a decision">
          Review ({inReview})
        </a>
        <a className="stat stat-link" href={routeHref({ view: 'landing' })} data-testid="nav-landing" title="The landing queue: approved work on its way to the base branch">
          Landing
        </a>
      </nav>
      <FleetChart />
      <RateLimitGauge />
      <span className="header-end">
        {workflowPending && (
          <a className="workflow-error" href={routeHref({ view: 'queue' })} title="A WORKFLOW.md change waits for your confirmation before it applies" data-testid="workflow-pending">
            WORKFLOW.md change waiting
          </a>
        )}
        {workflowError && (
          <span className="workflow-error" title={workflowError.message} data-testid="workflow-error">
            WORKFLOW.md: {workflowError.code}
          </span>
        )}
        {storageError && (
          <span className="workflow-error" title={storageError.message} data-testid="storage-error">
            not saving: {storageError.code}
          </span>
        )}
        {loaded && connection !== 'open' && (
          <span className="connection-down" data-testid="connection-down">offline</span>
        )}
        <NotificationToggle />
      </span>
    </header>
  );
}

function Stat({ label, value, testId, trouble = false, title }: { label: string; value: number | string; testId: string; trouble?: boolean; title?: string }) {
  return (
    <span className={`stat${trouble ? ' trouble' : ''}`} data-testid={testId} title={title}>
      <span className="stat-value">{value}</span> <span className="stat-label">{label}</span>
    </span>
  );
}
