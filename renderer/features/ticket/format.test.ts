import { describe, expect, it } from 'vitest';
import { attemptLabel, formatAgo, formatDuration } from './format.js';

describe('ticket formatting', () => {
  it('formats durations at the scale that matters', () => {
    expect(formatDuration(12_400)).toBe('12s');
    expect(formatDuration(185_000)).toBe('3m 05s');
    expect(formatDuration(3_720_000)).toBe('1h 02m');
    expect(formatDuration(-1)).toBe('–');
    expect([formatAgo(-300), formatAgo(900), formatAgo(12_000)]).toEqual(['just now', 'just now', '12s ago']);
  });

  it('names attempts the way the spec counts them', () => {
    expect(attemptLabel(null)).toBe('first run');
    expect(attemptLabel(2)).toBe('attempt 2');
  });
});
