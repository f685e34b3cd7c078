import { describe, expect, it } from 'vitest';
import * as Q from './queries.js';

/** Whitespace-insensitive form, so the pins are about GraphQL text, not indentation. */
const flat = (s: string) => s.replace(/\s+/g, ' ').trim();

const ISSUE_SELECTION =
  'id identifier title description priority state { name } branchName url labels { nodes { name } } ' +
  'inverseRelations { nodes { type issue { id identifier state { name } } } } createdAt updatedAt';

describe('Linear GraphQL documents (SPEC §11.2: pinned because the schema can drift)', () => {
  it('selects exactly the issue fields normalization reads', () => {
    expect(flat(Q.ISSUE_FIELDS)).toBe(ISSUE_SELECTION);
  });

  it('candidate query filters by project slugId and state names, 50 per page with a cursor', () => {
    expect(flat(Q.ISSUES_BY_STATES_QUERY.query)).toBe(
      'query BatonLinearIssuesByStates($projectSlug: String!, $states: [String!]!, $first: Int!, $after: String) { ' +
        'issues(filter: { project: { slugId: { eq: $projectSlug } }, state: { name: { in: $states } } }, first: $first, after: $after) { ' +
        `nodes { ${ISSUE_SELECTION} } pageInfo { hasNextPage endCursor } } }`,
    );
    expect(Q.LINEAR_PAGE_SIZE).toBe(50);
  });

  it('state refresh uses GraphQL ID typing [ID!] for the ids', () => {
    expect(flat(Q.ISSUES_BY_IDS_QUERY.query)).toBe(
      'query BatonLinearIssuesByIds($ids: [ID!]!, $first: Int!, $after: String) { ' +
        `issues(filter: { id: { in: $ids } }, first: $first, after: $after) { nodes { ${ISSUE_SELECTION} } pageInfo { hasNextPage endCursor } } }`,
    );
  });

  it('board listing filters by project only', () => {
    expect(flat(Q.PROJECT_ISSUES_QUERY.query)).toContain('issues(filter: { project: { slugId: { eq: $projectSlug } } }, first: $first, after: $after)');
  });

  it('single-issue lookups take the id or identifier as String!', () => {
    for (const d of [Q.ISSUE_QUERY, Q.ISSUE_WITH_TEAM_QUERY, Q.ISSUE_COMMENTS_QUERY]) {
      expect(flat(d.query)).toMatch(/^query \w+\(\$id: String!.*\) \{ issue\(id: \$id\) \{/);
    }
    expect(flat(Q.ISSUE_WITH_TEAM_QUERY.query)).toContain('team { id states(first: 250) { nodes { id name } } }');
    expect(flat(Q.ISSUE_COMMENTS_QUERY.query)).toContain(
      'comments(first: $first, after: $after) { nodes { id body createdAt user { name } } pageInfo { hasNextPage endCursor } }',
    );
  });

  it('project lookup finds the team by project slugId', () => {
    expect(flat(Q.PROJECT_QUERY.query)).toBe(
      'query BatonLinearProject($projectSlug: String!) { projects(filter: { slugId: { eq: $projectSlug } }, first: 1) { ' +
        'nodes { id teams { nodes { id states(first: 250) { nodes { id name } } } } } } }',
    );
  });

  it('labels come from the team and the workspace', () => {
    expect(flat(Q.TEAM_LABELS_QUERY.query)).toContain(
      'query BatonLinearTeamLabels($teamId: ID!, $first: Int!, $after: String) { issueLabels(filter: { or: [{ team: { id: { eq: $teamId } } }, { team: { null: true } }] }',
    );
  });

  it('mutations use Linear input types and read success plus the fresh issue', () => {
    expect(flat(Q.ISSUE_UPDATE_MUTATION.query)).toBe(
      'mutation BatonLinearIssueUpdate($id: String!, $input: IssueUpdateInput!) { issueUpdate(id: $id, input: $input) { ' +
        `success issue { ${ISSUE_SELECTION} } } }`,
    );
    expect(flat(Q.ISSUE_CREATE_MUTATION.query)).toBe(
      `mutation BatonLinearIssueCreate($input: IssueCreateInput!) { issueCreate(input: $input) { success issue { ${ISSUE_SELECTION} } } }`,
    );
    expect(flat(Q.COMMENT_CREATE_MUTATION.query)).toBe(
      'mutation BatonLinearCommentCreate($input: CommentCreateInput!) { commentCreate(input: $input) { success comment { ' +
        `id body createdAt user { name } issue { ${ISSUE_SELECTION} } } } }`,
    );
  });

  it('every document is named after its operation and contains no fragments', () => {
    const docs = Object.values(Q).filter((v): v is Q.GraphqlDocument => typeof v === 'object' && v !== null && 'operationName' in v);
    expect(docs).toHaveLength(11);
    for (const d of docs) {
      expect(d.query).toMatch(new RegExp(`^(query|mutation) ${d.operationName}\\b`));
      expect(d.query).not.toContain('...');
    }
    expect(new Set(docs.map((d) => d.operationName)).size).toBe(docs.length);
  });
});
