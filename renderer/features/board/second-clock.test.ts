import { describe, expect, it, vi } from 'vitest';
import { SecondClock, formatDuration } from './second-clock.js';

describe('SecondClock', () => {
  it('runs one interval for all listeners, only while someone listens', () => {
    vi.useFakeTimers();
    try {
      let now = 1_000;
      const clock = new SecondClock(() => now);
      const a = vi.fn();
      const b = vi.fn();
      const offA = clock.subscribe(a);
      const offB = clock.subscribe(b);
      expect(vi.getTimerCount()).toBe(1);
      now = 2_000;
      vi.advanceTimersByTime(1_000);
      expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 1]);
      expect(clock.current()).toBe(2_000);
      offA();
      expect(clock.running).toBe(true);
      offB();
      expect(clock.running).toBe(false);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('formatDuration', () => {
  it('is compact: seconds, minutes with seconds, hours with minutes; never negative', () => {
    expect([formatDuration(4_900), formatDuration(125_000), formatDuration(3_780_000), formatDuration(-5)]).toEqual(['4s', '2m 05s', '1h 03m', '0s']);
  });
});
