import { normalizeState } from '../../../../shared/domain/issue.js';
import { err, ok, type Result } from '../../lib/result.js';
import type { LinearGateway } from './linear-gateway.js';
import { collectPages } from './paginate.js';
import { isRecord, readNodes, readPage, unknownPayload } from './payload.js';
import { LINEAR_LOOKUP_PAGE_SIZE, TEAM_LABELS_QUERY } from './queries.js';

/** A Linear entity known by id and name (workflow state, label). */
export interface NamedNode {
  id: string;
  name: string;
}

/** `{ nodes: [{ id name }] }` → NamedNode[]; anything else is `linear_unknown_payload`. */
export function readNamedNodes(connection: unknown, where: string): Result<NamedNode[]> {
  const nodes = readNodes(connection, where);
  if (!nodes.ok) return nodes;
  const out: NamedNode[] = [];
  for (const node of nodes.value) {
    if (!isRecord(node) || typeof node.id !== 'string' || typeof node.name !== 'string') return unknownPayload(`${where} has a node without id and name`);
    out.push({ id: node.id, name: node.name });
  }
  return ok(out);
}

/**
 * Linear moves an issue by workflow-state id, and states belong to a team, so a name is resolved
 * against the issue's team (trim + lowercase, SPEC §4.2). Unknown → `invalid_state` with the list.
 */
export function resolveStateId(states: NamedNode[], wanted: string): Result<string> {
  const match = states.find((s) => normalizeState(s.name) === normalizeState(wanted));
  if (match) return ok(match.id);
  const valid = states.map((s) => s.name);
  return err('invalid_state', `"${wanted}" is not a workflow state of the issue's Linear team (valid: ${valid.join(', ')})`, { valid_states: valid });
}

/**
 * Label names → ids among the team's labels and the workspace-wide ones. Unknown names are
 * `invalid_input`: Baton does not create labels in someone's Linear workspace as a side effect.
 */
export async function resolveLabelIds(gateway: LinearGateway, teamId: string, names: string[]): Promise<Result<string[]>> {
  if (names.length === 0) return ok([]);
  const nodes = await collectPages(TEAM_LABELS_QUERY.operationName, async (after) => {
    const data = await gateway.query(TEAM_LABELS_QUERY, { teamId, first: LINEAR_LOOKUP_PAGE_SIZE, after });
    return data.ok ? readPage(data.value.issueLabels, 'issueLabels') : data;
  });
  if (!nodes.ok) return nodes;
  const labels = readNamedNodes({ nodes: nodes.value }, 'issueLabels');
  if (!labels.ok) return labels;
  const byName = new Map<string, string>();
  for (const label of labels.value) {
    const key = label.name.trim().toLowerCase();
    if (!byName.has(key)) byName.set(key, label.id);
  }
  const unknown = names.filter((n) => !byName.has(n));
  if (unknown.length > 0) {
    return err('invalid_input', `unknown Linear label(s): ${unknown.join(', ')}`, { unknown_labels: unknown, valid_labels: [...byName.keys()] });
  }
  return ok(names.map((n) => byName.get(n)!));
}
