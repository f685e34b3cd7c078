import type { Disposable } from './disposable.js';

/** A subscription: disposing it stops delivery at once (also from inside a listener). */
export interface EventSubscription extends Disposable {
  dispose(): void;
}

export type Listener<T> = (value: T) => void;

/** The API layer's `() => void` form of a subscription (server/engine-api.ts `Unsubscribe`). */
export function unsubscribeOf(subscription: EventSubscription): () => void {
  return () => subscription.dispose();
}

/**
 * The one shape of the engine's subscriptions: `on(listener)` returns an EventSubscription, `emit`
 * delivers to every listener subscribed when it started. A throwing listener (a closed socket, a
 * broken observer) is reported to `onListenerError` and never stops the others or the emitter's
 * owner: events only tell, and nothing in the engine may depend on an observer behaving.
 */
export class Emitter<T = void> implements Disposable {
  private readonly listeners = new Set<Listener<T>>();
  /**
   * The listeners as an array, rebuilt only after a change: emit runs per pty output chunk, and
   * copying the set on every emit cost ~3x a plain loop (measured, see bench/README.md).
   */
  private snapshot: Listener<T>[] | null = null;

  constructor(private readonly onListenerError: (error: unknown, value: T) => void = () => undefined) {}

  on(listener: Listener<T>): EventSubscription {
    // Wrapped so the same function subscribed twice gets two independent subscriptions.
    const entry: Listener<T> = (value) => listener(value);
    this.listeners.add(entry);
    this.snapshot = null;
    return {
      dispose: () => {
        if (this.listeners.delete(entry)) this.snapshot = null;
      },
    };
  }

  emit(value: T): void {
    if (this.listeners.size === 0) return;
    this.snapshot ??= [...this.listeners];
    for (const listener of this.snapshot) {
      // Unsubscribed by an earlier listener of this same emit: it must not hear it.
      if (!this.listeners.has(listener)) continue;
      try {
        listener(value);
      } catch (e) {
        this.onListenerError(e, value);
      }
    }
  }

  get size(): number {
    return this.listeners.size;
  }

  /** Drops every listener (the owner shuts down). */
  dispose(): void {
    this.listeners.clear();
    this.snapshot = null;
  }
}
