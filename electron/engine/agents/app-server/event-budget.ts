import { draft, type AgentEventDraft } from './event-draft.js';

/**
 * Caps how many events of a noisy kind one session stores. stderr (RUST_LOG=debug prints thousands
 * of lines a minute) and malformed lines (a chatty login shell, a misbehaving build) still reach
 * the terminal log in full; the trace keeps the first ones and a note that the rest was not stored.
 */
export const DEFAULT_EVENT_BUDGETS: Readonly<Record<string, number>> = { stderr: 500, malformed: 100 };

export class EventBudget {
  private readonly counts = new Map<string, number>();

  constructor(private readonly budgets: Readonly<Record<string, number>> = DEFAULT_EVENT_BUDGETS) {}

  /** The event itself, the one "suppressed" note when the budget just ran out, or null. */
  admit(event: AgentEventDraft): AgentEventDraft | null {
    const budget = this.budgets[event.kind];
    if (budget === undefined) return event;
    const count = (this.counts.get(event.kind) ?? 0) + 1;
    this.counts.set(event.kind, count);
    if (count <= budget) return event;
    if (count === budget + 1) return draft(event.kind, `${event.kind}_suppressed`, `further ${event.kind} lines are kept only in the terminal log`, { budget });
    return null;
  }
}
