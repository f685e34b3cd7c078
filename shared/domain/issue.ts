/**
 * The normalized ticket of Symphony's domain model (SPEC §4.1.1). Field names follow the spec on
 * purpose: the same record is what prompt templates see as `issue.*` and what the API returns, so
 * one spelling serves the tracker, the template and the wire.
 */
export interface BlockerRef {
  id: string | null;
  identifier: string | null;
  state: string | null;
}

export interface Issue {
  /** Opaque dispatch identity within the tracker scope (SPEC §4.2); never parsed by the scheduler. */
  id: string;
  /**
   * Non-secret provider identifiers for provider-native tools and prompts (SPEC §4.1.1), or null
   * when `id` already is the provider's ticket id (both of Baton's adapters).
   */
  native_ref: Record<string, unknown> | null;
  identifier: string;
  title: string;
  description: string | null;
  /** Lower is more urgent; null sorts last. */
  priority: number | null;
  state: string;
  branch_name: string | null;
  url: string | null;
  /** The tracker's assignee id, when the adapter reads one (neither of Baton's does yet: null). */
  assignee_id: string | null;
  /** Lowercase. */
  labels: string[];
  blocked_by: BlockerRef[];
  /**
   * The adapter's verdict on its own routing rules (SPEC §4.1.1, §11.3): false keeps the issue
   * from being dispatched or continued whatever its state. Baton's adapters set it from the
   * blocker rule (tracker/blocker-rule.ts); states, labels, claims and slots stay the scheduler's.
   */
  dispatchable: boolean;
  /** ISO-8601 timestamps. */
  created_at: string | null;
  updated_at: string | null;
}

export interface IssueComment {
  id: string;
  issue_id: string;
  author: string;
  body: string;
  created_at: string;
}

/** Compare tracker states after trim + lowercase (SPEC §4.2). */
export function normalizeState(state: string): string {
  return state.trim().toLowerCase();
}
