import { asRecord, dig, type JsonObject } from '../../lib/json-shapes.js';

/**
 * Rate-limit snapshots arrive as v2 `account/rateLimits/updated` (camelCase) or inside legacy
 * `codex/event/token_count` (snake_case `rate_limits`). Both become one camelCase shape:
 * `{limitId?, limitName?, primary?: {usedPercent, windowDurationMins?, resetsAt?}, secondary?, credits?, planType?, …}`.
 */
export function extractRateLimits(method: string, params: unknown): JsonObject | null {
  let raw: unknown;
  if (method === 'account/rateLimits/updated') raw = dig(params, 'rateLimits') ?? dig(params, 'rate_limits');
  else if (method === 'codex/event/token_count') raw = dig(params, 'msg', 'rate_limits') ?? dig(params, 'msg', 'info', 'rate_limits');
  const record = asRecord(raw);
  return record ? normalizeRateLimits(record) : null;
}

/** Legacy names whose camelCase form is not the v2 name. */
const ALIASES: Record<string, string> = {
  windowMinutes: 'windowDurationMins',
};

/** The oldest core snapshot was flat: `primary_used_percent`, `secondary_window_minutes`, … */
const FLAT_WINDOW_FIELD = /^(primary|secondary)_(used_percent|window_minutes|resets_in_seconds|resets_at)$/;

export function normalizeRateLimits(raw: JsonObject): JsonObject {
  const out: JsonObject = {};
  for (const [key, value] of Object.entries(raw)) {
    const flat = FLAT_WINDOW_FIELD.exec(key);
    if (flat) {
      const window = (asRecord(out[flat[1]!]) ?? {}) as JsonObject;
      window[camelKey(flat[2]!)] = value;
      out[flat[1]!] = window;
      continue;
    }
    const name = camelKey(key);
    const existing = asRecord(out[name]);
    const normalized = normalizeValue(value);
    out[name] = existing && asRecord(normalized) ? { ...existing, ...(normalized as JsonObject) } : normalized;
  }
  return out;
}

function normalizeValue(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalizeValue);
  const record = asRecord(value);
  return record ? normalizeRateLimits(record) : value;
}

function camelKey(key: string): string {
  const camel = key.replace(/_([a-z0-9])/g, (_, c: string) => c.toUpperCase());
  return ALIASES[camel] ?? camel;
}
