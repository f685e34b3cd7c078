/** Under this (ms) the time left is shown as urgent. */
export const URGENT_MS = 60_000;

/** 3_725_000 → "1:02:05", 65_000 → "1:05", 9_000 → "0:09", ≤ 0 → "expired". */
export function formatRemaining(ms: number): string {
  if (ms <= 0) return 'expired';
  const total = Math.ceil(ms / 1000);
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  const ss = String(s).padStart(2, '0');
  return h > 0 ? `${h}:${String(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}
