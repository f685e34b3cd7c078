import { describe, expect, it } from 'vitest';
import { Limiter } from './limiter.js';

describe('Limiter', () => {
  it('runs at most max tasks at once and all of them eventually, failures included', async () => {
    const limiter = new Limiter(2);
    let running = 0;
    let peak = 0;
    const task = (fail: boolean) =>
      limiter.run(async () => {
        running++;
        peak = Math.max(peak, running);
        await new Promise((r) => setTimeout(r, 5));
        running--;
        if (fail) throw new Error('boom');
        return 'done';
      });
    const results = await Promise.allSettled([task(false), task(true), task(false), task(false), task(true), task(false)]);
    expect(peak).toBe(2);
    expect(results.map((r) => r.status)).toEqual(['fulfilled', 'rejected', 'fulfilled', 'fulfilled', 'rejected', 'fulfilled']);
    // The slots were all given back: two more tasks run side by side again.
    running = 0;
    peak = 0;
    await Promise.all([task(false), task(false)]);
    expect(peak).toBe(2);
  });
});
