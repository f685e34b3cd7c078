import type { BlockerRef, Issue, IssueComment } from '../../../../shared/domain/issue.js';
import { blockersAllowDispatch } from '../blocker-rule.js';
import { isRecord } from './payload.js';

/**
 * Linear issue node → the domain Issue (SPEC §4.1.1, §11.3). Returns null when the node lacks what
 * identifies an issue (id, identifier, title, state name): that is schema drift, reported by the
 * caller as `linear_unknown_payload` rather than guessed around. Everything else is lenient.
 * `terminalStates` feeds the blocker rule that sets `dispatchable` (tracker/blocker-rule.ts).
 */
export function normalizeIssue(node: unknown, terminalStates: readonly string[] = []): Issue | null {
  if (!isRecord(node)) return null;
  const { id, identifier, title } = node;
  const state = stateName(node.state);
  if (typeof id !== 'string' || typeof identifier !== 'string' || typeof title !== 'string' || state === null) return null;
  const blockedBy = normalizeBlockers(node.inverseRelations);
  return {
    id,
    // The GraphQL id is Linear's own issue id: nothing else is needed to address it.
    native_ref: null,
    identifier,
    title,
    description: typeof node.description === 'string' ? node.description : null,
    priority: normalizePriority(node.priority),
    state,
    branch_name: nonEmpty(node.branchName),
    url: nonEmpty(node.url),
    assignee_id: null,
    labels: normalizeLabels(node.labels),
    blocked_by: blockedBy,
    dispatchable: blockersAllowDispatch(state, blockedBy, terminalStates),
    created_at: isoOrNull(node.createdAt),
    updated_at: isoOrNull(node.updatedAt),
  };
}

/**
 * Linear's scale: 0 no priority, 1 urgent, 2 high, 3 medium, 4 low. "No priority" is the domain's
 * null (sorts last); a non-integer is null too (SPEC §11.3).
 */
export function normalizePriority(value: unknown): number | null {
  return typeof value === 'number' && Number.isInteger(value) && value > 0 ? value : null;
}

/** Trimmed, lowercased, blanks and duplicates dropped, order kept. */
export function normalizeLabels(connection: unknown): string[] {
  if (!isRecord(connection) || !Array.isArray(connection.nodes)) return [];
  const out = new Set<string>();
  for (const label of connection.nodes) {
    if (!isRecord(label) || typeof label.name !== 'string') continue;
    const name = label.name.trim().toLowerCase();
    if (name !== '') out.add(name);
  }
  return [...out];
}

/**
 * An inverse relation of type `blocks` on issue B is "A blocks B", with A as `relation.issue`, so
 * those A's are B's blockers. Other types (related, duplicate, similar) are not.
 */
export function normalizeBlockers(connection: unknown): BlockerRef[] {
  if (!isRecord(connection) || !Array.isArray(connection.nodes)) return [];
  const out: BlockerRef[] = [];
  for (const relation of connection.nodes) {
    if (!isRecord(relation) || typeof relation.type !== 'string' || !isRecord(relation.issue)) continue;
    if (relation.type.trim().toLowerCase() !== 'blocks') continue;
    const blocker = relation.issue;
    out.push({
      id: typeof blocker.id === 'string' ? blocker.id : null,
      identifier: typeof blocker.identifier === 'string' ? blocker.identifier : null,
      state: stateName(blocker.state),
    });
  }
  return out;
}

/** A comment node (`{ id body createdAt user { name } }`); null when id or body is missing. */
export function normalizeComment(node: unknown, issueId: string, fallbackAuthor: string): IssueComment | null {
  if (!isRecord(node) || typeof node.id !== 'string' || typeof node.body !== 'string') return null;
  const user = isRecord(node.user) && typeof node.user.name === 'string' && node.user.name.trim() !== '' ? node.user.name : null;
  return {
    id: node.id,
    issue_id: issueId,
    author: user ?? fallbackAuthor,
    body: node.body,
    created_at: isoOrNull(node.createdAt) ?? '',
  };
}

/** Any ISO-8601 timestamp Linear sends, re-emitted in UTC `Z` form; anything unparsable is null. */
export function isoOrNull(value: unknown): string | null {
  if (typeof value !== 'string') return null;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? null : new Date(ms).toISOString();
}

function stateName(state: unknown): string | null {
  return isRecord(state) && typeof state.name === 'string' ? state.name : null;
}

function nonEmpty(value: unknown): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}
