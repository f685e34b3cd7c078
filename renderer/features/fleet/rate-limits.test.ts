import { describe, expect, it } from 'vitest';
import { maxUsedPercent, readRateLimits, resetLabel, windowLabel, windowTooltip } from './rate-limits.js';

const NOW = Date.UTC(2026, 0, 1, 12);
const clock = (ms: number) => new Date(ms).toISOString().slice(11, 16);

describe('rate limits from the snapshot', () => {
  it('reads the normalized v2 shape (resetsAt in seconds)', () => {
    const view = readRateLimits(
      {
        primary: { usedPercent: 25, windowDurationMins: 300, resetsAt: NOW / 1000 + 3600 },
        secondary: { usedPercent: 91.5, windowDurationMins: 10080, resetsAt: NOW / 1000 + 86400 },
        credits: { hasCredits: true },
        planType: 'plus',
      },
      NOW,
    );
    expect(view).toEqual({
      primary: { usedPercent: 25, windowMins: 300, resetsAt: NOW + 3_600_000 },
      secondary: { usedPercent: 91.5, windowMins: 10080, resetsAt: NOW + 86_400_000 },
      planType: 'plus',
    });
    expect(maxUsedPercent(view)).toBe(91.5);
  });

  it('reads legacy resetsInSeconds relative to the report, and clamps odd percentages', () => {
    const view = readRateLimits({ primary: { usedPercent: 140, resetsInSeconds: 90 } }, NOW);
    expect(view?.primary).toEqual({ usedPercent: 100, windowMins: null, resetsAt: NOW + 90_000 });
    expect(view?.secondary).toBeNull();
  });

  it('is null when nothing usable was reported', () => {
    expect(readRateLimits(null, NOW)).toBeNull();
    expect(readRateLimits({ credits: { balance: '1' } }, NOW)).toBeNull();
    expect(readRateLimits({ primary: { usedPercent: 'lots' }, secondary: 'x' }, NOW)).toBeNull();
    expect(maxUsedPercent(null)).toBe(0);
  });

  it('labels windows and reset times', () => {
    expect([windowLabel(300), windowLabel(10080), windowLabel(45), windowLabel(90), windowLabel(null)]).toEqual(['5h', '7d', '45m', '90m', 'window']);
    expect(resetLabel(NOW + 65 * 60_000, NOW, clock)).toBe('in 1h 5m (13:05)');
    expect(resetLabel(NOW + 3 * 60_000, NOW, clock)).toBe('in 3m (12:03)');
    expect(resetLabel(NOW + 26 * 3_600_000, NOW, clock)).toBe('in 1d 2h (14:00)');
    expect(resetLabel(NOW - 1, NOW, clock)).toBe('now');
    expect(resetLabel(null, NOW, clock)).toBe('unknown');
    expect(windowTooltip('Primary', { usedPercent: 25.4, windowMins: 300, resetsAt: NOW + 3_600_000 }, NOW, clock)).toBe(
      'Primary (5h window): 25% used, resets in 1h (13:00)',
    );
  });
});
