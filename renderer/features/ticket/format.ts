/** "1h 02m", "3m 05s", "12s": how long a run has been going or went. */
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

/** Local date and time, short: runs are looked at within days. */
export function formatWhen(iso: string | null): string {
  if (!iso) return '–';
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : d.toLocaleString(undefined, { month: 'short', day: 'numeric', hour: '2-digit', minute: '2-digit', second: '2-digit', hour12: false });
}

/** "first run" for attempt null, "attempt 2" otherwise (SPEC §4.1.5: null on a first run). */
export function attemptLabel(attempt: number | null): string {
  return attempt === null ? 'first run' : `attempt ${attempt}`;
}
