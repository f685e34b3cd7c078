/**
 * Time as a dependency: services take a Clock so tests can drive timers deterministically
 * (vitest fake timers work with the system clock too, but an injected clock keeps the orchestrator's
 * pure parts free of globals).
 */
export interface Clock {
  /** Wall-clock milliseconds since the epoch. */
  now(): number;
  setTimeout(fn: () => void, ms: number): TimerHandle;
  clearTimeout(handle: TimerHandle): void;
}

export interface TimerHandle {
  readonly __timer: true;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  setTimeout: (fn, ms) => {
    const t = setTimeout(fn, ms);
    // Timers must never keep a shutting-down engine alive; shutdown disposes them explicitly.
    t.unref?.();
    return t as unknown as TimerHandle;
  },
  clearTimeout: (handle) => clearTimeout(handle as unknown as NodeJS.Timeout),
};

export function isoTime(ms: number): string {
  return new Date(ms).toISOString();
}
