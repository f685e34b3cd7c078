import { describe, expect, it } from 'vitest';
import { extractRateLimits, normalizeRateLimits } from './rate-limits.js';

const V2 = {
  limitId: 'codex',
  limitName: null,
  primary: { usedPercent: 25, windowDurationMins: 300, resetsAt: 1730947200 },
  secondary: { usedPercent: 10, windowDurationMins: 10080, resetsAt: 1731500000 },
  credits: { hasCredits: true, unlimited: false, balance: '12.50' },
  planType: 'plus',
  rateLimitReachedType: null,
};

describe('rate limits', () => {
  it('keeps the v2 camelCase shape of account/rateLimits/updated', () => {
    expect(extractRateLimits('account/rateLimits/updated', { rateLimits: V2 })).toEqual(V2);
  });

  it('normalizes the legacy snake_case rate_limits of token_count to the same shape', () => {
    const legacy = {
      limit_id: 'codex',
      limit_name: null,
      primary: { used_percent: 25, window_minutes: 300, resets_at: 1730947200 },
      secondary: { used_percent: 10, window_minutes: 10080, resets_at: 1731500000 },
      credits: { has_credits: true, unlimited: false, balance: '12.50' },
      plan_type: 'plus',
      rate_limit_reached_type: null,
    };
    expect(extractRateLimits('codex/event/token_count', { msg: { type: 'token_count', info: null, rate_limits: legacy } })).toEqual(V2);
  });

  it('folds the oldest flat window fields into primary/secondary', () => {
    expect(normalizeRateLimits({ primary_used_percent: 50, primary_window_minutes: 300, secondary_used_percent: 5 })).toEqual({
      primary: { usedPercent: 50, windowDurationMins: 300 },
      secondary: { usedPercent: 5 },
    });
  });

  it('returns null when the payload carries no snapshot', () => {
    expect(extractRateLimits('account/rateLimits/updated', {})).toBeNull();
    expect(extractRateLimits('codex/event/token_count', { msg: { info: {} } })).toBeNull();
    expect(extractRateLimits('thread/tokenUsage/updated', { rateLimits: V2 })).toBeNull();
  });
});
