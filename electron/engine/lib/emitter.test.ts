import { describe, expect, it } from 'vitest';
import { Emitter } from './emitter.js';

describe('Emitter', () => {
  it('delivers to every listener until its subscription is disposed', () => {
    const emitter = new Emitter<number>();
    const a: number[] = [];
    const b: number[] = [];
    const subA = emitter.on((v) => a.push(v));
    emitter.on((v) => b.push(v));
    emitter.emit(1);
    subA.dispose();
    emitter.emit(2);
    expect(a).toEqual([1]);
    expect(b).toEqual([1, 2]);
    expect(emitter.size).toBe(1);
  });

  it('keeps delivering to the others when a listener throws, and reports the error', () => {
    const errors: unknown[] = [];
    const emitter = new Emitter<string>((e) => errors.push(e));
    const got: string[] = [];
    emitter.on(() => {
      throw new Error('closed socket');
    });
    emitter.on((v) => got.push(v));
    expect(() => emitter.emit('x')).not.toThrow();
    expect(got).toEqual(['x']);
    expect(errors).toHaveLength(1);
  });

  it('does not deliver to a listener that an earlier listener unsubscribed during the same emit', () => {
    const emitter = new Emitter();
    const calls: string[] = [];
    let second = { dispose: () => {} };
    emitter.on(() => {
      calls.push('first');
      second.dispose();
    });
    second = emitter.on(() => calls.push('second'));
    emitter.emit();
    expect(calls).toEqual(['first']);
  });

  it('treats the same function subscribed twice as two subscriptions', () => {
    const emitter = new Emitter<number>();
    let count = 0;
    const listener = () => void count++;
    const one = emitter.on(listener);
    emitter.on(listener);
    one.dispose();
    emitter.emit(1);
    expect(count).toBe(1);
  });

  it('drops every listener when disposed', () => {
    const emitter = new Emitter<number>();
    let count = 0;
    emitter.on(() => void count++);
    emitter.dispose();
    emitter.emit(1);
    expect(count).toBe(0);
    expect(emitter.size).toBe(0);
  });
});
