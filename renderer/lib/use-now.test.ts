import { describe, expect, it, vi } from 'vitest';
import { Clocks, Ticker } from './use-now.js';

describe('Ticker', () => {
  it('runs one interval for all listeners, only while someone listens', () => {
    vi.useFakeTimers();
    try {
      let now = 1_000;
      const ticker = new Ticker(1_000, () => now);
      const a = vi.fn();
      const b = vi.fn();
      const offA = ticker.subscribe(a);
      const offB = ticker.subscribe(b);
      expect(vi.getTimerCount()).toBe(1);
      now = 2_000;
      vi.advanceTimersByTime(1_000);
      expect([a.mock.calls.length, b.mock.calls.length]).toEqual([1, 1]);
      expect(ticker.current()).toBe(2_000);
      offA();
      expect(ticker.running).toBe(true);
      offB();
      expect(ticker.running).toBe(false);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});

describe('Clocks', () => {
  it('shares one timer per period and keeps periods apart', () => {
    vi.useFakeTimers();
    try {
      const clocks = new Clocks();
      expect(clocks.ticker(1_000)).toBe(clocks.ticker(1_000));
      const [a, b, halfMinute] = [vi.fn(), vi.fn(), vi.fn()];
      const offs = [clocks.ticker(1_000).subscribe(a), clocks.ticker(1_000).subscribe(b), clocks.ticker(30_000).subscribe(halfMinute)];
      expect(vi.getTimerCount()).toBe(2);
      vi.advanceTimersByTime(30_000);
      expect([a.mock.calls.length, b.mock.calls.length, halfMinute.mock.calls.length]).toEqual([30, 30, 1]);
      for (const off of offs) off();
      expect(clocks.running).toBe(0);
      expect(vi.getTimerCount()).toBe(0);
    } finally {
      vi.useRealTimers();
    }
  });
});
