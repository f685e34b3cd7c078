import { memo } from 'react';
import type { MetricsSample } from '../../../shared/api/schemas.js';
import { useFleet } from '../../stores/fleet-store.js';
import { chartModel } from './chart-geometry.js';
import { HISTORY_WINDOW_MS } from './metrics-series.js';
import { useMetricsHistory } from './use-metrics-history.js';
import { formatTokens } from '../../lib/format.js';
import { useNow } from '../../lib/use-now.js';

const WIDTH = 160;
const HEIGHT = 28;
const MARGIN = 2;
/** The chart slides left with time even when nothing is pushed (an idle fleet). */
const SLIDE_MS = 15_000;

/** Running sessions (line) and token rate (area) over the last hour, as a small inline SVG. */
export function FleetChart() {
  const samples = useMetricsHistory();
  const open = useFleet((s) => s.connection === 'open');
  const now = useNow(SLIDE_MS);
  // While connected, no push means no change: the last reading holds until now.
  const right = open ? Math.max(now, lastTime(samples)) : lastTime(samples) || now;
  return <ChartSvg samples={samples} now={right} />;
}

function lastTime(samples: readonly MetricsSample[]): number {
  const last = samples.at(-1);
  return last ? Date.parse(last.at) : 0;
}

export const ChartSvg = memo(function ChartSvg({ samples, now }: { samples: readonly MetricsSample[]; now: number }) {
  const model = chartModel(samples, { width: WIDTH, height: HEIGHT, now, windowMs: HISTORY_WINDOW_MS });
  const title = `Last hour: ${model.runningNow} running now (peak ${model.runningPeak}); ${formatTokens(Math.round(model.rateNow))} tokens/min now (peak ${formatTokens(Math.round(model.ratePeak))})`;
  return (
    <figure className="fleet-chart" data-testid="fleet-chart" title={title}>
      {/* A margin around the plot so lines at zero or at the peak are not cut by the edge. */}
      <svg width={WIDTH} height={HEIGHT + 2 * MARGIN} viewBox={`0 ${-MARGIN} ${WIDTH} ${HEIGHT + 2 * MARGIN}`} role="img" aria-label={title}>
        {model.rate && <path className="chart-rate" d={model.rate} data-testid="chart-rate" />}
        {model.running && <path className="chart-running" d={model.running} data-testid="chart-running" />}
      </svg>
      <figcaption className="chart-caption">
        <span className="stat-value">{formatTokens(Math.round(model.rateNow))}</span> <span className="stat-label">tok/min</span>
      </figcaption>
    </figure>
  );
});
