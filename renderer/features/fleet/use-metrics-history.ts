import { useEffect, useRef, useState } from 'react';
import type { MetricsSample } from '../../../shared/api/schemas.js';
import { useLiveQuery } from '../../lib/use-live-query.js';
import { useFleet } from '../../stores/fleet-store.js';
import { appendLive, mergeHistory, sampleFromSnapshot } from './metrics-series.js';

/** State pushes come up to 10/s; the chart redraws at most once a second (ms). */
const REDRAW_MS = 1_000;

/**
 * The header chart's series: the engine's last hour (fetched on every (re)connect, so it survives
 * reloads and engine restarts), plus points from the live `state` pushes between its samples.
 */
export function useMetricsHistory(): readonly MetricsSample[] {
  const connection = useFleet((s) => s.connection);
  const snapshot = useFleet((s) => s.snapshot);
  const [samples, setSamples] = useState<readonly MetricsSample[]>([]);
  const pending = useRef<MetricsSample | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  // Asked on every (re)connect: the flip to `open` fetches, so the reconnect push need not too.
  const history = useLiveQuery((api) => api.getMetrics(), { enabled: connection === 'open', refetchOnReconnect: false }).data;
  useEffect(() => {
    // A failed fetch keeps what is drawn (the query keeps its last answer); live points go on being added.
    if (history) setSamples((prev) => mergeHistory(prev, history, Date.now()));
  }, [history]);

  useEffect(() => {
    if (!snapshot) return;
    pending.current = sampleFromSnapshot(snapshot);
    if (timer.current) return; // cooling down: the newest reading is drawn when it ends
    const flush = () => {
      const sample = pending.current;
      pending.current = null;
      if (!sample) return;
      setSamples((prev) => appendLive(prev, sample, Date.now()));
      timer.current = setTimeout(() => {
        timer.current = null;
        flush();
      }, REDRAW_MS);
    };
    flush();
  }, [snapshot]);

  useEffect(
    () => () => {
      if (timer.current) clearTimeout(timer.current);
    },
    [],
  );
  return samples;
}
