import type { Issue } from '../../shared/domain/issue.js';
import type { TraceEvent } from '../../shared/domain/trace.js';

type Listener<T> = (value: T) => void;

class Channel<T> {
  private readonly listeners = new Set<Listener<T>>();
  on(listener: Listener<T>): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }
  emit(value: T): void {
    for (const l of [...this.listeners]) {
      try {
        l(value);
      } catch {
        // A broken observer (a closed socket, say) must never break the engine that informs it.
      }
    }
  }
  clear(): void {
    this.listeners.clear();
  }
}

/**
 * What the engine broadcasts to observers (the API server's WebSocket, notifications). Events only
 * tell; orchestration never depends on them.
 */
export class EngineEvents {
  readonly trace = new Channel<TraceEvent>();
  readonly ticket = new Channel<Issue>();
  /** The review inbox, the audits or the landing queue changed (no payload: observers re-read). */
  readonly reviews = new Channel<void>();

  dispose(): void {
    this.trace.clear();
    this.ticket.clear();
    this.reviews.clear();
  }
}
