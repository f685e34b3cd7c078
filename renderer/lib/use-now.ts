import { createContext, useContext, useSyncExternalStore } from 'react';

type Timers = Pick<typeof globalThis, 'setInterval' | 'clearInterval'>;

/**
 * One interval for every component that shows the time at the same period. It runs only while
 * something listens, so an idle view holds no timer, and a tick re-renders only the components
 * that subscribed (a running card's elapsed time), never their parents.
 */
export class Ticker {
  private readonly listeners = new Set<() => void>();
  private timer: ReturnType<typeof setInterval> | null = null;
  private nowMs: number;

  constructor(
    readonly periodMs: number,
    // Read at call time, not captured: tests fake Date and the timers after this is built.
    private readonly now: () => number = () => Date.now(),
    private readonly timers: Timers = globalThis,
  ) {
    this.nowMs = now();
  }

  /** The time of the last tick: stable between ticks, as useSyncExternalStore requires. */
  current = (): number => this.nowMs;

  subscribe = (listener: () => void): (() => void) => {
    this.listeners.add(listener);
    if (this.timer === null) {
      this.nowMs = this.now();
      this.timer = this.timers.setInterval(() => this.tick(), this.periodMs);
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

/** One ticker per period: components that tick at the same rate share its timer and its reading. */
export class Clocks {
  private readonly tickers = new Map<number, Ticker>();

  constructor(
    private readonly now: () => number = () => Date.now(),
    private readonly timers: Timers = globalThis,
  ) {}

  ticker(periodMs: number): Ticker {
    let t = this.tickers.get(periodMs);
    if (!t) {
      t = new Ticker(periodMs, this.now, this.timers);
      this.tickers.set(periodMs, t);
    }
    return t;
  }

  /** Timers running now, for tests that check nothing leaks. */
  get running(): number {
    return [...this.tickers.values()].filter((t) => t.running).length;
  }

  dispose(): void {
    for (const t of this.tickers.values()) t.dispose();
  }
}

/** A view (the board) or a test provides its own clocks; the default holds no timer while nothing listens. */
export const ClocksContext = createContext<Clocks>(new Clocks());

/** Whole seconds: elapsed times and countdowns (ms). */
export const SECOND_TICK_MS = 1_000;

/** Milliseconds since the epoch, re-read every `periodMs` while the calling component is mounted. */
export function useNow(periodMs: number = SECOND_TICK_MS): number {
  const ticker = useContext(ClocksContext).ticker(periodMs);
  return useSyncExternalStore(ticker.subscribe, ticker.current);
}
