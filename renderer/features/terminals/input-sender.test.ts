import { describe, expect, it } from 'vitest';
import { INPUT_CHUNK_CHARS, InputSender, split, type Timers } from './input-sender.js';

/** Timers run by hand: `tick()` fires what is due. */
class ManualTimers implements Timers {
  private pending: Array<() => void> = [];
  setTimeout(fn: () => void): unknown {
    this.pending.push(fn);
    return fn;
  }
  clearTimeout(handle: unknown): void {
    this.pending = this.pending.filter((f) => f !== handle);
  }
  tick(): void {
    const due = this.pending;
    this.pending = [];
    for (const fn of due) fn();
  }
  get size(): number {
    return this.pending.length;
  }
}

describe('InputSender', () => {
  it('sends a keystroke at once', () => {
    const sent: string[] = [];
    const sender = new InputSender((d) => sent.push(d) > 0, undefined, new ManualTimers());
    sender.push('l');
    sender.push('s\r');
    expect(sent).toEqual(['l', 's\r']);
  });

  it('paces a large paste in chunks and queues later keystrokes behind it', () => {
    const sent: string[] = [];
    const timers = new ManualTimers();
    const sender = new InputSender((d) => sent.push(d) > 0, undefined, timers);
    const paste = 'p'.repeat(INPUT_CHUNK_CHARS * 2 + 10);
    sender.push(paste);
    sender.push('\r');
    expect(sent.map((s) => s.length)).toEqual([INPUT_CHUNK_CHARS]);
    timers.tick();
    timers.tick();
    timers.tick();
    expect(sent.map((s) => s.length)).toEqual([INPUT_CHUNK_CHARS, INPUT_CHUNK_CHARS, 10, 1]);
    expect(sent.join('')).toBe(paste + '\r');
    expect(timers.size).toBe(0);
  });

  it('drops what is queued when the socket refuses, and says how much', () => {
    let open = true;
    const dropped: number[] = [];
    const timers = new ManualTimers();
    const sender = new InputSender(() => open, (n) => dropped.push(n), timers);
    sender.push('x'.repeat(INPUT_CHUNK_CHARS * 3));
    open = false;
    timers.tick();
    expect(dropped).toEqual([INPUT_CHUNK_CHARS * 2]);
    expect(sender.pending).toBe(0);
  });

  it('never splits a surrogate pair', () => {
    const text = 'a' + '😀'.repeat(5);
    const parts = split(text, 4);
    expect(parts.join('')).toBe(text);
    expect(parts.every((p) => !/[\ud800-\udbff]$/.test(p))).toBe(true);
  });
});
