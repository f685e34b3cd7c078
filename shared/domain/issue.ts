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
  id: string;
  identifier: string;
  title: string;
  description: string | null;
  /** Lower is more urgent; null sorts last. */
  priority: number | null;
  state: string;
  branch_name: string | null;
  url: string | null;
  /** Lowercase. */
  labels: string[];
  blocked_by: BlockerRef[];
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
