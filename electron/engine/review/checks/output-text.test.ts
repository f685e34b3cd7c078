import { describe, expect, it } from 'vitest';
import { plainTail, RawTail } from './output-text.js';

describe('plainTail', () => {
  it('strips escape sequences, CRLFs and redrawn progress lines', () => {
    const raw = '\x1b[31mFAIL\x1b[0m src/a.test.ts\r\n 10%\r 50%\r100%\r\n\x1b]0;title\x07done\x07\r\n\r\n';
    expect(plainTail(raw)).toBe('FAIL src/a.test.ts\n100%\ndone');
  });

  it('keeps the last lines', () => {
    const raw = Array.from({ length: 150 }, (_, i) => `line ${i}`).join('\r\n');
    const tail = plainTail(raw, 100);
    expect(tail.split('\n')).toHaveLength(100);
    expect(tail.startsWith('line 50\n')).toBe(true);
    expect(tail.endsWith('line 149')).toBe(true);
  });

  it('caps the bytes and starts at a line boundary', () => {
    const raw = Array.from({ length: 50 }, (_, i) => `${i}:${'é'.repeat(100)}`).join('\n');
    const tail = plainTail(raw, 100, 1000);
    expect(Buffer.byteLength(tail)).toBeLessThanOrEqual(1000);
    expect(tail).toMatch(/^\d+:é/);
    expect(tail.endsWith(`49:${'é'.repeat(100)}`)).toBe(true);
  });
});

describe('RawTail', () => {
  it('keeps only the last chars of what was pushed', () => {
    const tail = new RawTail(10);
    for (let i = 0; i < 100; i++) tail.push(String(i % 10));
    expect(tail.text()).toBe('0123456789');
    tail.push('abc');
    expect(tail.text()).toBe('3456789abc');
  });
});
