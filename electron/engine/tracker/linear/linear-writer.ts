import type { Issue, IssueComment } from '../../../../shared/domain/issue.js';
import { err, ok, type BatonError, type Result } from '../../lib/result.js';
import type { IssuePatch, NewIssueInput, TrackerWriter } from '../tracker.js';
import { readIssueAt, type LinearGateway } from './linear-gateway.js';
import { readNamedNodes, resolveLabelIds, resolveStateId, type NamedNode } from './linear-lookups.js';
import { normalizeComment } from './normalize-issue.js';
import { collectPages } from './paginate.js';
import { isRecord, readNodes, readPage, unknownPayload } from './payload.js';
import {
  COMMENT_CREATE_MUTATION,
  ISSUE_COMMENTS_QUERY,
  ISSUE_CREATE_MUTATION,
  ISSUE_QUERY,
  ISSUE_UPDATE_MUTATION,
  ISSUE_WITH_TEAM_QUERY,
  LINEAR_PAGE_SIZE,
  PROJECT_ISSUES_QUERY,
  PROJECT_QUERY,
  type GraphqlDocument,
} from './queries.js';
import { validateNewIssue, validatePatch, type LinearIssueFields } from './write-input.js';

/** An issue with the team it belongs to, which resolves state and label names to ids. */
interface IssueInTeam {
  issue: Issue;
  teamId: string;
  states: NamedNode[];
}

/**
 * Operator and engine writes against Linear: the handoff move, the board's drags and edits,
 * comments. A mutation Linear refuses (GraphQL errors or `success: false`) is
 * `tracker_write_failed`; transport and HTTP failures keep their `linear_api_*` codes.
 */
export class LinearWriter implements TrackerWriter {
  constructor(
    private readonly gateway: LinearGateway,
    private readonly changed: (issue: Issue) => void,
  ) {}

  async listIssues(): Promise<Result<Issue[]>> {
    const slug = this.gateway.projectSlug();
    if (!slug.ok) return slug;
    return this.gateway.issuePages(PROJECT_ISSUES_QUERY, { projectSlug: slug.value });
  }

  async getIssue(identifier: string): Promise<Result<Issue | null>> {
    if (typeof identifier !== 'string' || identifier.trim() === '') return ok(null);
    const data = await this.gateway.query(ISSUE_QUERY, { id: identifier.trim() });
    if (!data.ok) return isIssueNotFound(data.error) ? ok(null) : data;
    return readIssueAt(data.value, 'issue', this.gateway.current().terminal_states);
  }

  async createIssue(input: NewIssueInput): Promise<Result<Issue>> {
    const fields = validateNewIssue(input);
    if (!fields.ok) return fields;
    const project = await this.project();
    if (!project.ok) return project;
    const { projectId, team } = project.value;
    const rest = await this.mutationInput(fields.value, team);
    if (!rest.ok) return rest;
    const payload = await this.mutate(ISSUE_CREATE_MUTATION, 'issueCreate', { input: { teamId: team.teamId, projectId, ...rest.value } }, 'create the issue');
    return this.issueFrom(payload);
  }

  async updateIssue(identifier: string, patch: IssuePatch): Promise<Result<Issue>> {
    const fields = validatePatch(patch);
    if (!fields.ok) return fields;
    const found = await this.issueInTeam(identifier);
    if (!found.ok) return found;
    const input = await this.mutationInput(fields.value, found.value);
    if (!input.ok) return input;
    if (Object.keys(input.value).length === 0) return ok(found.value.issue);
    const id = found.value.issue.id;
    const payload = await this.mutate(ISSUE_UPDATE_MUTATION, 'issueUpdate', { id, input: input.value }, `update ${found.value.issue.identifier}`);
    return this.issueFrom(payload);
  }

  /**
   * Linear records the API key's user as the comment's author; `author` (the operator or agent
   * name) is what the returned comment shows only when Linear names no user.
   */
  async addComment(identifier: string, body: string, author: string): Promise<Result<IssueComment>> {
    if (typeof body !== 'string' || body.trim() === '') return err('invalid_input', 'comment body must be a non-empty string');
    if (typeof author !== 'string' || author.trim() === '') return err('invalid_input', 'comment author must be a non-empty string');
    const issue = await this.getIssue(identifier);
    if (!issue.ok) return issue;
    if (!issue.value) return notFound(identifier);
    const payload = await this.mutate(COMMENT_CREATE_MUTATION, 'commentCreate', { input: { issueId: issue.value.id, body } }, `comment on ${issue.value.identifier}`);
    if (!payload.ok) return payload;
    const comment = normalizeComment(payload.value.comment, issue.value.id, author.trim());
    if (!comment) return unknownPayload('commentCreate.comment lacks id or body');
    const fresh = isRecord(payload.value.comment) ? readIssueAt(payload.value.comment, 'issue', this.gateway.current().terminal_states) : ok(null);
    this.changed(fresh.ok && fresh.value ? fresh.value : issue.value);
    return ok(comment);
  }

  /** Oldest first, every page. */
  async listComments(identifier: string): Promise<Result<IssueComment[]>> {
    if (typeof identifier !== 'string' || identifier.trim() === '') return notFound(identifier);
    let issueId = '';
    const nodes = await collectPages(ISSUE_COMMENTS_QUERY.operationName, async (after) => {
      const data = await this.gateway.query(ISSUE_COMMENTS_QUERY, { id: identifier.trim(), first: LINEAR_PAGE_SIZE, after });
      if (!data.ok) return isIssueNotFound(data.error) ? notFound(identifier) : data;
      const issue = data.value.issue;
      if (issue === null || issue === undefined) return notFound(identifier);
      if (!isRecord(issue) || typeof issue.id !== 'string') return unknownPayload('issue has no id');
      issueId = issue.id;
      return readPage(issue.comments, 'issue.comments');
    });
    if (!nodes.ok) return nodes;
    const comments: IssueComment[] = [];
    for (const node of nodes.value) {
      const comment = normalizeComment(node, issueId, 'unknown');
      if (!comment) return unknownPayload('issue.comments has a node without id or body');
      comments.push(comment);
    }
    return ok(comments.sort((a, b) => a.created_at.localeCompare(b.created_at)));
  }

  private async issueInTeam(identifier: string): Promise<Result<IssueInTeam>> {
    if (typeof identifier !== 'string' || identifier.trim() === '') return notFound(identifier);
    const data = await this.gateway.query(ISSUE_WITH_TEAM_QUERY, { id: identifier.trim() });
    if (!data.ok) return isIssueNotFound(data.error) ? notFound(identifier) : data;
    const issue = readIssueAt(data.value, 'issue', this.gateway.current().terminal_states);
    if (!issue.ok) return issue;
    if (!issue.value) return notFound(identifier);
    const team = (data.value.issue as Record<string, unknown>).team;
    const parsed = readTeam(team, 'issue.team');
    return parsed.ok ? ok({ issue: issue.value, ...parsed.value }) : parsed;
  }

  /** The configured project's id and its first team (where new issues go). */
  private async project(): Promise<Result<{ projectId: string; team: Omit<IssueInTeam, 'issue'> }>> {
    const slug = this.gateway.projectSlug();
    if (!slug.ok) return slug;
    const data = await this.gateway.query(PROJECT_QUERY, { projectSlug: slug.value });
    if (!data.ok) return data;
    const nodes = readNodes(data.value.projects, 'projects');
    if (!nodes.ok) return nodes;
    const project = nodes.value[0];
    if (project === undefined) return err('linear_project_not_found', `no Linear project with slugId ${JSON.stringify(slug.value)}`);
    if (!isRecord(project) || typeof project.id !== 'string') return unknownPayload('projects.nodes[0] has no id');
    const teams = readNodes(project.teams, 'project.teams');
    if (!teams.ok) return teams;
    if (teams.value.length === 0) return err('linear_project_not_found', `Linear project ${slug.value} belongs to no team`);
    const team = readTeam(teams.value[0], 'project.teams.nodes[0]');
    return team.ok ? ok({ projectId: project.id, team: team.value }) : team;
  }

  /** Validated fields → Linear's input object (names resolved to ids within the team). */
  private async mutationInput(fields: LinearIssueFields, team: Omit<IssueInTeam, 'issue'>): Promise<Result<Record<string, unknown>>> {
    const input: Record<string, unknown> = {};
    if (fields.title !== undefined) input.title = fields.title;
    if (fields.description !== undefined) input.description = fields.description;
    if (fields.priority !== undefined) input.priority = fields.priority;
    if (fields.state !== undefined) {
      const stateId = resolveStateId(team.states, fields.state);
      if (!stateId.ok) return stateId;
      input.stateId = stateId.value;
    }
    if (fields.labels !== undefined) {
      const labelIds = await resolveLabelIds(this.gateway, team.teamId, fields.labels);
      if (!labelIds.ok) return labelIds;
      input.labelIds = labelIds.value;
    }
    return ok(input);
  }

  /** Runs a mutation and returns its payload object once Linear says `success: true`. */
  private async mutate(document: GraphqlDocument, field: string, variables: Record<string, unknown>, what: string): Promise<Result<Record<string, unknown>>> {
    const data = await this.gateway.query(document, variables);
    if (!data.ok) {
      if (data.error.code !== 'linear_graphql_errors') return data;
      return err('tracker_write_failed', `Linear could not ${what}: ${data.error.message}`, { ...data.error.details, cause: data.error.code });
    }
    const payload = data.value[field];
    if (!isRecord(payload)) return unknownPayload(`${field} is not an object`);
    if (payload.success !== true) return err('tracker_write_failed', `Linear did not ${what} (${field} answered success: false)`, { operation: document.operationName });
    return ok(payload);
  }

  /** The payload's issue, announced to listeners. */
  private issueFrom(payload: Result<Record<string, unknown>>): Result<Issue> {
    if (!payload.ok) return payload;
    const issue = readIssueAt(payload.value, 'issue', this.gateway.current().terminal_states);
    if (!issue.ok) return issue;
    if (!issue.value) return unknownPayload('the mutation answered success without the issue');
    this.changed(issue.value);
    return ok(issue.value);
  }
}

function readTeam(team: unknown, where: string): Result<Omit<IssueInTeam, 'issue'>> {
  if (!isRecord(team) || typeof team.id !== 'string') return unknownPayload(`${where} has no id`);
  const states = readNamedNodes(team.states, `${where}.states`);
  return states.ok ? ok({ teamId: team.id, states: states.value }) : states;
}

/**
 * Linear answers `issue(id:)` for an unknown id or identifier with a GraphQL error
 * "Entity not found: Issue" (HTTP 200, or 400 on some paths), not with `issue: null`.
 */
export function isIssueNotFound(error: BatonError): boolean {
  const errors = error.details?.errors;
  return Array.isArray(errors) && errors.some((e) => isRecord(e) && typeof e.message === 'string' && /^Entity not found: Issue\b/i.test(e.message));
}

function notFound(identifier: string): ReturnType<typeof err> {
  return err('issue_not_found', `no Linear issue ${JSON.stringify(identifier)}`);
}
