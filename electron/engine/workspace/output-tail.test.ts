import { describe, expect, it } from 'vitest';
import { OutputTail } from './output-tail.js';

describe('OutputTail', () => {
  it('keeps everything while under the limit', () => {
    const tail = new OutputTail(10);
    tail.push(Buffer.from('abc'));
    tail.push(Buffer.from('def'));
    expect(tail.text()).toBe('abcdef');
    expect(tail.droppedBytes).toBe(0);
  });

  it('keeps exactly the last limit bytes across chunk boundaries', () => {
    const tail = new OutputTail(5);
    tail.push(Buffer.from('0123'));
    tail.push(Buffer.from('4567'));
    expect(tail.text()).toBe('34567');
    tail.push(Buffer.from('89abcdefgh'));
    expect(tail.text()).toBe('defgh');
    expect(tail.droppedBytes).toBe(13);
  });

  it('handles a single chunk larger than the limit', () => {
    const tail = new OutputTail(4);
    tail.push(Buffer.from('abcdefghij'));
    expect(tail.text()).toBe('ghij');
  });
});
