export interface RestartLimits {
  /** Restarts allowed within `windowMs`; the next crash stops the engine for good. */
  maxRestarts: number;
  windowMs: number;
  /** First delay; each further crash in the window doubles it, up to `backoffMaxMs`. */
  backoffBaseMs: number;
  backoffMaxMs: number;
}

/**
 * VS Code gives its pty host 5 restarts (`MaxRestarts = 5`); a crash loop past that is a bug a
 * restart will not fix, and showing the stderr tail is more useful than spinning. Two minutes makes
 * one crash an hour never add up; 0.5 s doubling to 8 s keeps a single crash nearly invisible while a
 * loop backs off (0.5 + 1 + 2 + 4 + 8 s before giving up).
 */
export const DEFAULT_RESTART_LIMITS: RestartLimits = {
  maxRestarts: 5,
  windowMs: 120_000,
  backoffBaseMs: 500,
  backoffMaxMs: 8_000,
};

export interface RestartDecision {
  /** Which restart this is within the window (1-based). */
  restarts: number;
  delayMs: number;
}

/** Counts crashes in a sliding window and says whether, and when, to restart. */
export class RestartPolicy {
  private crashes: number[] = [];

  constructor(private readonly limits: RestartLimits = DEFAULT_RESTART_LIMITS) {}

  get maxRestarts(): number {
    return this.limits.maxRestarts;
  }

  get windowMs(): number {
    return this.limits.windowMs;
  }

  /** Records a crash at `now`; null once the cap is reached (stop restarting). */
  onCrash(now: number): RestartDecision | null {
    this.crashes = this.crashes.filter((t) => now - t < this.limits.windowMs);
    this.crashes.push(now);
    const restarts = this.crashes.length;
    if (restarts > this.limits.maxRestarts) return null;
    const delayMs = Math.min(this.limits.backoffBaseMs * 2 ** (restarts - 1), this.limits.backoffMaxMs);
    return { restarts, delayMs };
  }

  reset(): void {
    this.crashes = [];
  }
}
