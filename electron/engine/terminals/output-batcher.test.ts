import { describe, expect, it } from 'vitest';
import type { Clock, TimerHandle } from '../lib/clock.js';
import { FLUSH_DELAY_MS, MAX_BATCH_CHARS, OutputBatcher } from './output-batcher.js';

/** A clock whose timers run only when the test advances it. */
class ManualClock implements Clock {
  private t = 0;
  private timers: Array<{ at: number; fn: () => void; handle: TimerHandle }> = [];
  now(): number {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number): TimerHandle {
    const handle = { __timer: true } as TimerHandle;
    this.timers.push({ at: this.t + ms, fn, handle });
    return handle;
  }
  clearTimeout(handle: TimerHandle): void {
    this.timers = this.timers.filter((timer) => timer.handle !== handle);
  }
  get pending(): number {
    return this.timers.length;
  }
  advance(ms: number): void {
    this.t += ms;
    const due = this.timers.filter((timer) => timer.at <= this.t);
    this.timers = this.timers.filter((timer) => timer.at > this.t);
    for (const timer of due) timer.fn();
  }
}

function setup() {
  const clock = new ManualClock();
  const batches: Array<{ data: string; offset: number }> = [];
  const batcher = new OutputBatcher(clock, (data, offset) => batches.push({ data, offset }));
  return { clock, batches, batcher };
}

describe('OutputBatcher', () => {
  it('joins chunks that arrive within the flush delay into one batch', () => {
    const { clock, batches, batcher } = setup();
    batcher.push('a');
    batcher.push('bc');
    clock.advance(FLUSH_DELAY_MS - 1);
    expect(batches).toEqual([]);
    batcher.push('d');
    clock.advance(1);
    expect(batches).toEqual([{ data: 'abcd', offset: 4 }]);
    expect(clock.pending).toBe(0);
  });

  it('gives each batch the stream offset at its end, increasing across batches', () => {
    const { clock, batches, batcher } = setup();
    batcher.push('hello');
    clock.advance(FLUSH_DELAY_MS);
    batcher.push(' world');
    clock.advance(FLUSH_DELAY_MS);
    expect(batches).toEqual([
      { data: 'hello', offset: 5 },
      { data: ' world', offset: 11 },
    ]);
    expect(batcher.offset).toBe(11);
  });

  it('caps batches at MAX_BATCH_CHARS and sends full ones without waiting', () => {
    const { clock, batches, batcher } = setup();
    const big = 'x'.repeat(MAX_BATCH_CHARS * 2 + 10);
    batcher.push(big);
    expect(batches.map((b) => b.data.length)).toEqual([MAX_BATCH_CHARS, MAX_BATCH_CHARS]);
    clock.advance(FLUSH_DELAY_MS);
    expect(batches.map((b) => b.data.length)).toEqual([MAX_BATCH_CHARS, MAX_BATCH_CHARS, 10]);
    expect(batches.map((b) => b.data).join('')).toBe(big);
    expect(batches.at(-1)?.offset).toBe(big.length);
  });

  it('never splits a surrogate pair across batches', () => {
    const { clock, batches, batcher } = setup();
    const text = 'a'.repeat(MAX_BATCH_CHARS - 1) + '😀' + 'b';
    batcher.push(text);
    clock.advance(FLUSH_DELAY_MS);
    expect(batches[0]?.data.length).toBe(MAX_BATCH_CHARS - 1);
    expect(batches[1]?.data).toBe('😀b');
  });

  it('flush() sends pending output at once and cancels the timer', () => {
    const { clock, batches, batcher } = setup();
    batcher.push('now');
    batcher.flush();
    expect(batches).toEqual([{ data: 'now', offset: 3 }]);
    expect(clock.pending).toBe(0);
  });

  it('dispose() flushes, leaves no timer and ignores later output', () => {
    const { clock, batches, batcher } = setup();
    batcher.push('last');
    batcher.dispose();
    batcher.push('ignored');
    clock.advance(FLUSH_DELAY_MS * 2);
    expect(batches).toEqual([{ data: 'last', offset: 4 }]);
    expect(clock.pending).toBe(0);
  });

  it('in direct mode sends each chunk at once, still cut at MAX_BATCH_CHARS, with no timer', () => {
    const { clock, batches, batcher } = setup();
    batcher.setDirect(true);
    batcher.push('a');
    batcher.push('bc');
    expect(batches).toEqual([
      { data: 'a', offset: 1 },
      { data: 'bc', offset: 3 },
    ]);
    batcher.push('x'.repeat(MAX_BATCH_CHARS + 5));
    expect(batches.slice(2).map((b) => [b.data.length, b.offset])).toEqual([
      [MAX_BATCH_CHARS, 3 + MAX_BATCH_CHARS],
      [5, 3 + MAX_BATCH_CHARS + 5],
    ]);
    expect(clock.pending).toBe(0);
  });

  it('switching direct mode on sends the pending batch first, keeping the order', () => {
    const { clock, batches, batcher } = setup();
    batcher.push('first');
    batcher.setDirect(true);
    batcher.push('second');
    batcher.setDirect(false);
    batcher.push('third');
    expect(batches).toEqual([
      { data: 'first', offset: 5 },
      { data: 'second', offset: 11 },
    ]);
    clock.advance(FLUSH_DELAY_MS);
    expect(batches.at(-1)).toEqual({ data: 'third', offset: 16 });
  });
});
