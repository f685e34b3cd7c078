import type { Issue } from '../../shared/domain/issue.js';
import type { TraceEvent } from '../../shared/domain/trace.js';
import { Emitter } from './lib/emitter.js';

/**
 * What the engine broadcasts to observers (the API server's WebSocket, notifications). Events only
 * tell; orchestration never depends on them, and a broken observer (a closed socket, say) never
 * breaks the engine that informs it (Emitter swallows a listener's throw).
 */
export class EngineEvents {
  readonly trace = new Emitter<TraceEvent>();
  readonly ticket = new Emitter<Issue>();
  /** The review inbox, the audits or the landing queue changed (no payload: observers re-read). */
  readonly reviews = new Emitter<void>();

  dispose(): void {
    this.trace.dispose();
    this.ticket.dispose();
    this.reviews.dispose();
  }
}
