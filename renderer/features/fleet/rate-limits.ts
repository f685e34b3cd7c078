/**
 * The snapshot's `rate_limits` is the agent's latest report in the engine's normalized camelCase v2
 * shape: `{primary?: {usedPercent, windowDurationMins?, resetsAt?}, secondary?, credits?, planType?, …}`
 * (older agents: `resetsInSeconds` instead of `resetsAt`). Anything may be missing or malformed, so
 * every field is read defensively.
 */
export interface RateWindow {
  /** 0–100. */
  usedPercent: number;
  windowMins: number | null;
  /** Epoch ms, when known. */
  resetsAt: number | null;
}

export interface RateLimitView {
  primary: RateWindow | null;
  secondary: RateWindow | null;
  planType: string | null;
}

/** Above this share of a window the fleet is about to be throttled: shown as trouble. */
export const RATE_LIMIT_TROUBLE_PERCENT = 80;

/** `resetsAt` in seconds below this (year 33658 in ms), in ms above. */
const SECONDS_EPOCH_LIMIT = 1e12;

export function readRateLimits(raw: Record<string, unknown> | null | undefined, reportedAt: number): RateLimitView | null {
  if (!raw) return null;
  const primary = readWindow(raw.primary, reportedAt);
  const secondary = readWindow(raw.secondary, reportedAt);
  if (!primary && !secondary) return null;
  return { primary, secondary, planType: typeof raw.planType === 'string' ? raw.planType : null };
}

function readWindow(value: unknown, reportedAt: number): RateWindow | null {
  if (!value || typeof value !== 'object') return null;
  const w = value as Record<string, unknown>;
  const used = num(w.usedPercent);
  if (used === null) return null;
  let resetsAt: number | null = null;
  const at = w.resetsAt;
  if (typeof at === 'number' && Number.isFinite(at)) resetsAt = at < SECONDS_EPOCH_LIMIT ? at * 1000 : at;
  else if (typeof at === 'string' && !Number.isNaN(Date.parse(at))) resetsAt = Date.parse(at);
  else if (num(w.resetsInSeconds) !== null) resetsAt = reportedAt + num(w.resetsInSeconds)! * 1000;
  return { usedPercent: Math.min(Math.max(used, 0), 100), windowMins: num(w.windowDurationMins), resetsAt };
}

function num(v: unknown): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** The highest share used of any window (0 when none is known). */
export function maxUsedPercent(view: RateLimitView | null): number {
  return Math.max(view?.primary?.usedPercent ?? 0, view?.secondary?.usedPercent ?? 0);
}

/** 300 → "5h", 10080 → "7d", 45 → "45m". */
export function windowLabel(mins: number | null): string {
  if (mins === null) return 'window';
  if (mins >= 1440 && mins % 1440 === 0) return `${mins / 1440}d`;
  if (mins >= 60 && mins % 60 === 0) return `${mins / 60}h`;
  return `${mins}m`;
}

/** "in 1h 5m (14:32)", "in 3m", "now" — `clock` formats the absolute time (locale-dependent). */
export function resetLabel(resetsAt: number | null, now: number, clock: (ms: number) => string = defaultClock): string {
  if (resetsAt === null) return 'unknown';
  const mins = Math.ceil((resetsAt - now) / 60_000);
  if (mins <= 0) return 'now';
  const d = Math.floor(mins / 1440);
  const h = Math.floor((mins % 1440) / 60);
  const m = mins % 60;
  const parts = d > 0 ? [`${d}d`, h > 0 ? `${h}h` : ''] : h > 0 ? [`${h}h`, m > 0 ? `${m}m` : ''] : [`${m}m`];
  return `in ${parts.filter(Boolean).join(' ')} (${clock(resetsAt)})`;
}

function defaultClock(ms: number): string {
  return new Date(ms).toLocaleString(undefined, { weekday: 'short', hour: '2-digit', minute: '2-digit' });
}

export function windowTooltip(name: string, w: RateWindow, now: number, clock?: (ms: number) => string): string {
  return `${name} (${windowLabel(w.windowMins)} window): ${Math.round(w.usedPercent)}% used, resets ${resetLabel(w.resetsAt, now, clock)}`;
}
