/**
 * How the UI writes times, durations and counts: one place, so a card, the ticket view and the
 * review inbox say "3m 05s" the same way.
 */

/** "1h 02m", "3m 05s", "12s": how long a run has been going or went; "–" when there is no length. */
export function formatDuration(ms: number): string {
  if (!Number.isFinite(ms) || ms < 0) return '–';
  const s = Math.floor(ms / 1000);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const sec = s % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(sec).padStart(2, '0')}s`;
  return `${sec}s`;
}

/** "just now" under a second and a half (clocks of engine and page differ a little), else "12s ago". */
export function formatAgo(ms: number): string {
  return !Number.isFinite(ms) || ms < 1_500 ? 'just now' : `${formatDuration(ms)} ago`;
}

/** Ages shown by formatAge move in minutes: re-reading the time twice a minute keeps them right (ms). */
export const AGE_TICK_MS = 30_000;

/** "just now", "12m", "3h 05m", "2d 4h": how long a ticket has waited (minutes are enough). */
export function formatAge(ms: number): string {
  if (!Number.isFinite(ms) || ms < 60_000) return 'just now';
  const minutes = Math.floor(ms / 60_000);
  if (minutes < 60) return `${minutes}m`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return `${hours}h ${String(minutes % 60).padStart(2, '0')}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}

/** Local date and time, short: runs are looked at within days. */
export function formatWhen(iso: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** 950 → "950", 12_345 → "12k", 1_234_567 → "1.2M". */
export function formatTokens(n: number): string {
  if (n >= 1_000_000) return `${(n / 1_000_000).toFixed(1)}M`;
  if (n >= 10_000) return `${Math.round(n / 1_000)}k`;
  return String(n);
}

/** "first run" for attempt null, "attempt 2" otherwise (SPEC §4.1.5: null on a first run). */
export function attemptLabel(attempt: number | null): string {
  return attempt === null ? 'first run' : `attempt ${attempt}`;
}

export function shortSha(sha: string | null): string {
  return sha ? sha.slice(0, 8) : '–';
}
