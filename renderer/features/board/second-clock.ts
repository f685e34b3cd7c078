import { createContext, useContext, useSyncExternalStore } from 'react';

/** Tick period of elapsed times and countdowns on cards: they show whole seconds. */
export const CLOCK_TICK_MS = 1_000;

/**
 * One shared 1 s clock for every ticking label on the board. It runs only while something listens,
 * so an idle board has no timer at all, and a tick re-renders only the labels that subscribed
 * (running and retrying cards), never the board or the columns.
 */
export class SecondClock {
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private nowMs: number;

  constructor(
    private readonly now: () => number = Date.now,
    private readonly timers: Pick<typeof globalThis, 'setInterval' | 'clearInterval'> = globalThis,
  ) {
    this.nowMs = now();
  }

  /** The time of the last tick: stable between ticks, as useSyncExternalStore requires. */
  current = (): number => this.nowMs;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.timer === null) {
      this.nowMs = this.now();
      this.timer = this.timers.setInterval(() => this.tick(), CLOCK_TICK_MS);
    }
    return () => {
      this.listeners.delete(listener);
      if (this.listeners.size === 0) this.dispose();
    };
  };

  get subscriberCount(): number {
    return this.listeners.size;
  }

  get running(): boolean {
    return this.timer !== null;
  }

  dispose(): void {
    if (this.timer !== null) this.timers.clearInterval(this.timer);
    this.timer = null;
  }

  private tick(): void {
    this.nowMs = this.now();
    for (const l of [...this.listeners]) l();
  }
}

/** The board provides its own clock; the default serves a status shown outside the board (it
 *  holds no timer while nothing is subscribed). */
export const ClockContext = createContext<SecondClock>(new SecondClock());

/** Milliseconds since the epoch, updated once a second while the calling component is mounted. */
export function useNow(): number {
  const clock = useContext(ClockContext);
  return useSyncExternalStore(clock.subscribe, clock.current);
}

/** `4s`, `2m 05s`, `1h 03m`: compact enough for a card. */
export function formatDuration(ms: number): string {
  const total = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(total / 3600);
  const m = Math.floor((total % 3600) / 60);
  const s = total % 60;
  if (h > 0) return `${h}h ${String(m).padStart(2, '0')}m`;
  if (m > 0) return `${m}m ${String(s).padStart(2, '0')}s`;
  return `${s}s`;
}
