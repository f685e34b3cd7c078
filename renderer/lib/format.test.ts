import { describe, expect, it } from 'vitest';
import { attemptLabel, formatAge, formatAgo, formatDuration, formatTokens, formatWhen, shortSha } from './format.js';

describe('format', () => {
  it('formats durations at the scale that matters, and no length as a dash', () => {
    expect([formatDuration(4_900), formatDuration(12_400), formatDuration(185_000), formatDuration(3_720_000)]).toEqual(['4s', '12s', '3m 05s', '1h 02m']);
    expect([formatDuration(-1), formatDuration(Number.NaN)]).toEqual(['–', '–']);
    expect([formatAgo(-300), formatAgo(900), formatAgo(12_000)]).toEqual(['just now', 'just now', '12s ago']);
  });

  it('writes waiting ages in minutes, hours and days', () => {
    expect([formatAge(59_999), formatAge(12 * 60_000), formatAge(185 * 60_000), formatAge(52 * 3_600_000), formatAge(Number.NaN)]).toEqual(['just now', '12m', '3h 05m', '2d 4h', 'just now']);
  });

  it('shortens token counts past ten thousand', () => {
    expect([formatTokens(950), formatTokens(9_999), formatTokens(12_345), formatTokens(1_234_567)]).toEqual(['950', '9999', '12k', '1.2M']);
  });

  it('keeps a timestamp it cannot read as it came, and a missing one as a dash', () => {
    expect(formatWhen(null)).toBe('–');
    expect(formatWhen('not a date')).toBe('not a date');
    expect(formatWhen('2026-01-01T12:00:00Z')).not.toBe('2026-01-01T12:00:00Z');
  });

  it('names attempts the way the spec counts them, and shortens commits', () => {
    expect([attemptLabel(null), attemptLabel(2)]).toEqual(['first run', 'attempt 2']);
    expect([shortSha('0123456789abcdef'), shortSha(null)]).toEqual(['01234567', '–']);
  });
});
