import { describe, expect, it } from 'vitest';
import type { MetricsSample } from '../../../shared/api/schemas.js';
import { chartModel, ratePath, runningPath, tokenRates, type ChartBox } from './chart-geometry.js';

const NOW = Date.UTC(2026, 0, 1, 13);
const HOUR = 3_600_000;
const box: ChartBox = { width: 120, height: 20, now: NOW, windowMs: HOUR };

function at(minutesAgo: number, running: number, tokens: number): MetricsSample {
  return { at: new Date(NOW - minutesAgo * 60_000).toISOString(), running, retrying: 0, waiting: 0, tokens_total: tokens };
}

describe('chart geometry', () => {
  it('draws running sessions as a step line carried on to the right edge', () => {
    const samples = [at(60, 0, 0), at(30, 2, 0), at(15, 2, 0), at(6, 1, 0)];
    // x = 2 px per minute; y = 20 - running * 10 (peak 2).
    expect(runningPath(samples, box, 2)).toBe('M0,20 H60 V0 H90 H108 V10 H120');
    expect(runningPath([], box, 2)).toBe('');
  });

  it('clamps samples older than the window to the left edge', () => {
    expect(runningPath([at(90, 1, 0), at(30, 0, 0)], box, 1)).toBe('M0,0 H60 V20 H120');
  });

  it('turns cumulative tokens into per-minute rates, ignoring a drop (engine restart)', () => {
    const small: ChartBox = { ...box, windowMs: 4 * 60_000 };
    const samples = [at(5, 1, 1000), at(3.5, 1, 1600), at(2, 1, 2200), at(1.5, 1, 100), at(0, 1, 400)];
    // Buckets [-4,-3) [-3,-2) [-2,-1) [-1,0]: the total at each edge is the last sample before it.
    expect(tokenRates(samples, small)).toEqual([600, 600, 0, 300]);
  });

  it('has no rate before the first sample, and counts from the first sample inside a bucket', () => {
    const small: ChartBox = { ...box, windowMs: 3 * 60_000 };
    expect(tokenRates([at(1.5, 1, 500), at(1.2, 1, 800), at(0.2, 1, 800)], small)).toEqual([0, 300, 0]);
  });

  it('draws rates as a filled area with one flat top per bucket', () => {
    expect(ratePath([0, 50, 100], { ...box, width: 30 }, 100)).toBe('M0,20 V20 H10 V10 H20 V0 H30 V20 Z');
    expect(ratePath([0, 0], box, 0)).toBe('');
  });

  it('summarizes now and peak for the tooltip', () => {
    // No push between two samples means no change: the growth lands in the bucket of the later one.
    const model = chartModel([at(50, 3, 0), at(20, 1, 6000), at(0.5, 1, 6600)], box);
    expect(model).toMatchObject({ runningNow: 1, runningPeak: 3, rateNow: 600, ratePeak: 6000 });
    expect(model.running.startsWith('M20,0')).toBe(true);
  });
});
