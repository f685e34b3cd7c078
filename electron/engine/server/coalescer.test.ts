import { describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { Coalescer } from './coalescer.js';

/** A clock whose time and timers move only when the test says so. */
class ManualClock implements Clock {
  time = 1_000;
  private timers = new Map<TimerHandle, { at: number; fn: () => void }>();
  now(): number {
    return this.time;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = { __timer: true } as TimerHandle;
    this.timers.set(handle, { at: this.time + ms, fn });
    return handle;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers.delete(handle);
  }
  get pending(): number {
    return this.timers.size;
  }
  async advance(ms: number): Promise<void> {
    this.time += ms;
    for (const [handle, t] of [...this.timers]) {
      if (t.at <= this.time) {
        this.timers.delete(handle);
        t.fn();
      }
    }
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('Coalescer', () => {
  it('folds a synchronous burst into one deferred run', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const c = new Coalescer(clock, 100, async () => void runs++, () => undefined);
    for (let i = 0; i < 20; i++) c.trigger();
    expect(runs).toBe(0);
    await clock.advance(0);
    expect(runs).toBe(1);
  });

  it('keeps runs at least the interval apart', async () => {
    const clock = new ManualClock();
    const starts: number[] = [];
    const c = new Coalescer(clock, 100, async () => void starts.push(clock.now()), () => undefined);
    c.trigger();
    await clock.advance(0);
    c.trigger();
    await clock.advance(40);
    c.trigger();
    await clock.advance(40);
    expect(starts).toEqual([1_000]);
    await clock.advance(20);
    expect(starts).toEqual([1_000, 1_100]);
  });

  it('runs once more when triggered during a run, never two at once', async () => {
    const clock = new ManualClock();
    let active = 0;
    let maxActive = 0;
    let runs = 0;
    let release: () => void = () => undefined;
    const c = new Coalescer(
      clock,
      0,
      () =>
        new Promise<void>((resolve) => {
          runs++;
          active++;
          maxActive = Math.max(maxActive, active);
          release = () => {
            active--;
            resolve();
          };
        }),
      () => undefined,
    );
    c.trigger();
    await clock.advance(0);
    c.trigger();
    c.trigger();
    await clock.advance(0);
    expect(runs).toBe(1);
    release();
    await clock.advance(0);
    await clock.advance(0);
    expect(runs).toBe(2);
    release();
    await clock.advance(0);
    expect(runs).toBe(2);
    expect(maxActive).toBe(1);
  });

  it('reports task failures and keeps working', async () => {
    const clock = new ManualClock();
    const errors: unknown[] = [];
    let fail = true;
    let runs = 0;
    const c = new Coalescer(clock, 0, async () => {
      runs++;
      if (fail) throw new Error('boom');
    }, (e) => errors.push(e));
    c.trigger();
    await clock.advance(0);
    fail = false;
    c.trigger();
    await clock.advance(0);
    expect(runs).toBe(2);
    expect(errors).toHaveLength(1);
  });

  it('clears its timer and ignores triggers once disposed', async () => {
    const clock = new ManualClock();
    let runs = 0;
    const c = new Coalescer(clock, 100, async () => void runs++, () => undefined);
    c.trigger();
    c.dispose();
    expect(clock.pending).toBe(0);
    c.trigger();
    await clock.advance(1_000);
    expect(runs).toBe(0);
  });
});
