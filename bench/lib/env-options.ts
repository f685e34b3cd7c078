/** A positive number from the environment, else the default (benchmarks are tuned by env vars). */
export function envNumber(name: string, fallback: number): number {
  const raw = process.env[name];
  const value = raw === undefined || raw.trim() === '' ? NaN : Number(raw);
  return Number.isFinite(value) && value > 0 ? value : fallback;
}

/** A comma-separated list of positive integers from the environment, else the default. */
export function envList(name: string, fallback: number[]): number[] {
  const raw = process.env[name];
  if (!raw) return fallback;
  const values = raw.split(',').map((v) => Number(v.trim())).filter((v) => Number.isInteger(v) && v > 0);
  return values.length > 0 ? values : fallback;
}
