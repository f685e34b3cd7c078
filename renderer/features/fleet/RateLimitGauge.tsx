import { useFleet } from '../../stores/fleet-store.js';
import { RATE_LIMIT_TROUBLE_PERCENT, readRateLimits, windowLabel, windowTooltip, type RateWindow } from './rate-limits.js';
import { useNow } from '../../lib/use-now.js';

/** Reset times are shown to the minute. */
const TOOLTIP_REFRESH_MS = 30_000;

/** The latest rate-limit report as two bars (primary and secondary window); nothing before one. */
export function RateLimitGauge() {
  const raw = useFleet((s) => s.snapshot?.rate_limits ?? null);
  const reportedAt = useFleet((s) => s.snapshot?.generated_at ?? null);
  const now = useNow(TOOLTIP_REFRESH_MS);
  const view = readRateLimits(raw, reportedAt ? Date.parse(reportedAt) : now);
  if (!view) return null;
  return (
    <div className="rate-gauge" data-testid="rate-gauge" aria-label="Rate limits">
      {view.primary && <GaugeBar name="primary" window={view.primary} now={now} />}
      {view.secondary && <GaugeBar name="secondary" window={view.secondary} now={now} />}
    </div>
  );
}

function GaugeBar({ name, window: w, now }: { name: 'primary' | 'secondary'; window: RateWindow; now: number }) {
  const percent = Math.round(w.usedPercent);
  const trouble = w.usedPercent > RATE_LIMIT_TROUBLE_PERCENT;
  const title = windowTooltip(name === 'primary' ? 'Primary' : 'Secondary', w, now);
  return (
    <div
      className={`gauge${trouble ? ' trouble' : ''}`}
      data-testid={`gauge-${name}`}
      data-percent={percent}
      title={title}
      role="meter"
      aria-label={title}
      aria-valuemin={0}
      aria-valuemax={100}
      aria-valuenow={percent}
      tabIndex={0}
    >
      <span className="gauge-label">{windowLabel(w.windowMins)}</span>
      <span className="gauge-track">
        <span className="gauge-fill" style={{ width: `${percent}%` }} />
      </span>
      <span className="gauge-value">{percent}%</span>
    </div>
  );
}
