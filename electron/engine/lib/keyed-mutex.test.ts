import { describe, expect, it } from 'vitest';
import { KeyedMutex } from './keyed-mutex.js';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => {
    resolve = r;
  });
  return { promise, resolve };
}

describe('KeyedMutex', () => {
  it('runs holders of one key one at a time, in call order', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    let inside = 0;
    let maxInside = 0;
    const task = (name: string) => async () => {
      inside += 1;
      maxInside = Math.max(maxInside, inside);
      log.push(`start ${name}`);
      await new Promise((r) => setTimeout(r, 5));
      log.push(`end ${name}`);
      inside -= 1;
      return name;
    };
    const results = await Promise.all(['a', 'b', 'c'].map((n) => mutex.run('repo', task(n))));
    expect(results).toEqual(['a', 'b', 'c']);
    expect(maxInside).toBe(1);
    expect(log).toEqual(['start a', 'end a', 'start b', 'end b', 'start c', 'end c']);
  });

  it('lets different keys run at the same time', async () => {
    const mutex = new KeyedMutex();
    const gate = deferred();
    const first = mutex.run('one', () => gate.promise.then(() => 'one'));
    // If 'two' waited for 'one', this would never settle before the gate opens.
    const second = await mutex.run('two', () => 'two');
    expect(second).toBe('two');
    expect(mutex.isLocked('one')).toBe(true);
    gate.resolve();
    expect(await first).toBe('one');
  });

  it('releases the key when the holder throws', async () => {
    const mutex = new KeyedMutex();
    await expect(
      mutex.run('k', () => {
        throw new Error('boom');
      }),
    ).rejects.toThrow('boom');
    await expect(mutex.run('k', async () => Promise.reject(new Error('again')))).rejects.toThrow('again');
    expect(await mutex.run('k', () => 42)).toBe(42);
  });

  it('forgets keys once nobody holds or waits for them', async () => {
    const mutex = new KeyedMutex();
    const gate = deferred();
    const held = mutex.run('k', () => gate.promise);
    const waiting = mutex.run('k', () => undefined);
    expect(mutex.size).toBe(1);
    gate.resolve();
    await Promise.all([held, waiting]);
    expect(mutex.size).toBe(0);
    expect(mutex.isLocked('k')).toBe(false);
  });
});
