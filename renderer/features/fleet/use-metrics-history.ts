import { useEffect, useRef, useState } from 'react';
import type { MetricsSample } from '../../../shared/api/schemas.js';
import { useServices } from '../../lib/services.js';
import { useFleet } from '../../stores/fleet-store.js';
import { appendLive, mergeHistory, sampleFromSnapshot } from './metrics-series.js';

/** State pushes come up to 10/s; the chart redraws at most once a second (ms). */
const REDRAW_MS = 1_000;

/**
 * The header chart's series: the engine's last hour (fetched on every (re)connect, so it survives
 * reloads and engine restarts), plus points from the live `state` pushes between its samples.
 */
export function useMetricsHistory(): readonly MetricsSample[] {
  const { api } = useServices();
  const connection = useFleet((s) => s.connection);
  const snapshot = useFleet((s) => s.snapshot);
  const [samples, setSamples] = useState<readonly MetricsSample[]>([]);
  const pending = useRef<MetricsSample | null>(null);
  const timer = useRef<ReturnType<typeof setTimeout> | null>(null);

  useEffect(() => {
    if (connection !== 'open') return;
    let cancelled = false;
    void api.getMetrics().then((res) => {
      // A failed fetch keeps what is drawn; live points go on being added.
      if (!cancelled && res.ok) setSamples((prev) => mergeHistory(prev, res.value, Date.now()));
    });
    return () => {
      cancelled = true;
    };
  }, [api, connection]);

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
