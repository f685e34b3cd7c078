import { MISSING_LINEAR_KEY, MISSING_LINEAR_PROJECT } from '../../workflow/tracker-provider.js';
import type { Issue } from '../../../../shared/domain/issue.js';
import { err, ok, type Result } from '../../lib/result.js';
import type { LinearClient } from './linear-client.js';
import { normalizeIssue } from './normalize-issue.js';
import { collectPages } from './paginate.js';
import { isRecord, readPage, unknownPayload } from './payload.js';
import { LINEAR_PAGE_SIZE, type GraphqlDocument } from './queries.js';

/** Where `tracker.provider.endpoint` points when the workflow does not say. */
export const LINEAR_DEFAULT_ENDPOINT = 'https://api.linear.app/graphql';

/** The tracker settings the adapter reads; a getter returns them on every call because WORKFLOW.md reloads live. */
export interface LinearSettings {
  endpoint: string | null;
  /** Secret: sent only as the Authorization header. */
  api_key: string | null;
  project_slug: string | null;
  active_states: string[];
  /** For `dispatchable`: a Todo issue waits while a blocker is outside these (blocker-rule.ts). */
  terminal_states: string[];
}

/**
 * What the reader and the writer share: the current settings, one request, and paged issue lists
 * normalized to domain Issues.
 */
export class LinearGateway {
  constructor(
    private readonly client: LinearClient,
    private readonly settings: () => LinearSettings,
  ) {}

  current(): LinearSettings {
    return this.settings();
  }

  projectSlug(): Result<string> {
    const slug = this.settings().project_slug?.trim();
    return slug ? ok(slug) : err('missing_tracker_project_slug', MISSING_LINEAR_PROJECT);
  }

  async query(document: GraphqlDocument, variables: Record<string, unknown>): Promise<Result<Record<string, unknown>>> {
    const s = this.settings();
    if (!s.api_key) {
      return err('missing_tracker_api_key', MISSING_LINEAR_KEY);
    }
    return this.client.request({ url: s.endpoint ?? LINEAR_DEFAULT_ENDPOINT, apiKey: s.api_key }, document, variables);
  }

  /** Every page of a root `issues` query, in server order; an issue seen on two pages is kept once. */
  async issuePages(document: GraphqlDocument, variables: Record<string, unknown>): Promise<Result<Issue[]>> {
    const nodes = await collectPages(document.operationName, async (after) => {
      const data = await this.query(document, { ...variables, first: LINEAR_PAGE_SIZE, after });
      return data.ok ? readPage(data.value.issues, 'issues') : data;
    });
    if (!nodes.ok) return nodes;
    const issues = normalizeAll(nodes.value, 'issues', this.settings().terminal_states);
    if (!issues.ok) return issues;
    const seen = new Set<string>();
    return ok(issues.value.filter((i) => !seen.has(i.id) && seen.add(i.id)));
  }
}

export function normalizeAll(nodes: unknown[], where: string, terminalStates: readonly string[]): Result<Issue[]> {
  const out: Issue[] = [];
  for (const [index, node] of nodes.entries()) {
    const issue = normalizeIssue(node, terminalStates);
    if (!issue) return unknownPayload(`${where}[${index}] lacks id, identifier, title or state.name`);
    out.push(issue);
  }
  return ok(out);
}

/** An issue node at `data[field]`: null when absent, an error when present but unreadable. */
export function readIssueAt(data: Record<string, unknown>, field: string, terminalStates: readonly string[]): Result<Issue | null> {
  const node = data[field];
  if (node === null || node === undefined) return ok(null);
  if (!isRecord(node)) return unknownPayload(`${field} is not an object`);
  const issue = normalizeIssue(node, terminalStates);
  return issue ? ok(issue) : unknownPayload(`${field} lacks id, identifier, title or state.name`);
}
