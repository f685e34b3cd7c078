import { describe, expect, it } from 'vitest';
import { ManualClock } from '../../../test/mocks/manual-clock.js';
import { ChunkCoalescer } from './chunk-coalescer.js';

const DELAY_MS = 250;
const MAX_CHARS = 10;

function setup() {
  const clock = new ManualClock();
  const out: string[] = [];
  const coalescer = new ChunkCoalescer(clock, DELAY_MS, MAX_CHARS, (data) => out.push(data));
  return { clock, out, coalescer };
}

describe('ChunkCoalescer', () => {
  it('hands on the chunks of one delay as a single string, timed from the first chunk', async () => {
    const { clock, out, coalescer } = setup();
    coalescer.push('ab');
    await clock.advance(DELAY_MS - 1);
    coalescer.push('c');
    coalescer.push('');
    expect(out).toEqual([]);
    expect(coalescer.pendingChars).toBe(3);
    await clock.advance(1);
    expect(out).toEqual(['abc']);
    expect(coalescer.pendingChars).toBe(0);
    expect(clock.pending()).toBe(0);
  });

  it('hands on at once when maxChars are pending, leaving no timer', () => {
    const { clock, out, coalescer } = setup();
    coalescer.push('12345');
    coalescer.push('67890x');
    expect(out).toEqual(['1234567890x']);
    expect(clock.pending()).toBe(0);
  });

  it('flush() hands on what is pending now, cancels the timer and is a no-op when empty', async () => {
    const { clock, out, coalescer } = setup();
    coalescer.flush();
    expect(out).toEqual([]);
    coalescer.push('now');
    coalescer.flush();
    expect(out).toEqual(['now']);
    expect(clock.pending()).toBe(0);
    coalescer.push('later');
    await clock.advance(DELAY_MS);
    expect(out).toEqual(['now', 'later']);
  });
});
