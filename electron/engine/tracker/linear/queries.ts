/**
 * Every GraphQL document the Linear adapter sends, in one place, because Linear's schema can drift
 * (SPEC §11.2): queries.test.ts pins the exact fields, filters and variable types, so a change here
 * is a deliberate, reviewed change. No fragments: each document is self-contained text.
 */
export interface GraphqlDocument {
  /** Sent as `operationName`; also what the fake server and the logs name the request by. */
  readonly operationName: string;
  readonly query: string;
}

/** SPEC §11.2: candidate pages are 50 issues. */
export const LINEAR_PAGE_SIZE = 50;

/**
 * Nested connections the adapter reads in one page (a team's workflow states, its labels). Linear
 * caps `first` at 250; no team has that many states, and labels beyond it are paged.
 */
export const LINEAR_LOOKUP_PAGE_SIZE = 250;

/** The fields of one issue that normalize-issue.ts turns into the domain Issue (SPEC §4.1.1). */
export const ISSUE_FIELDS = `
      id
      identifier
      title
      description
      priority
      state { name }
      branchName
      url
      labels { nodes { name } }
      inverseRelations { nodes { type issue { id identifier state { name } } } }
      createdAt
      updatedAt`;

const PAGE_INFO = 'pageInfo { hasNextPage endCursor }';

function doc(operationName: string, query: string): GraphqlDocument {
  return { operationName, query: query.trim() };
}

/** Candidate issues and `fetchIssuesByStates`: the project's issues whose state name is in `$states`. */
export const ISSUES_BY_STATES_QUERY = doc(
  'BatonLinearIssuesByStates',
  `
query BatonLinearIssuesByStates($projectSlug: String!, $states: [String!]!, $first: Int!, $after: String) {
  issues(filter: { project: { slugId: { eq: $projectSlug } }, state: { name: { in: $states } } }, first: $first, after: $after) {
    nodes {${ISSUE_FIELDS}
    }
    ${PAGE_INFO}
  }
}`,
);

/** Every issue of the project, for the board (`listIssues`). */
export const PROJECT_ISSUES_QUERY = doc(
  'BatonLinearProjectIssues',
  `
query BatonLinearProjectIssues($projectSlug: String!, $first: Int!, $after: String) {
  issues(filter: { project: { slugId: { eq: $projectSlug } } }, first: $first, after: $after) {
    nodes {${ISSUE_FIELDS}
    }
    ${PAGE_INFO}
  }
}`,
);

/** Reconciliation refresh by GraphQL issue id; SPEC §11.2 requires the `[ID!]` variable type. */
export const ISSUES_BY_IDS_QUERY = doc(
  'BatonLinearIssuesByIds',
  `
query BatonLinearIssuesByIds($ids: [ID!]!, $first: Int!, $after: String) {
  issues(filter: { id: { in: $ids } }, first: $first, after: $after) {
    nodes {${ISSUE_FIELDS}
    }
    ${PAGE_INFO}
  }
}`,
);

/** One issue; `issue(id:)` accepts a UUID or an identifier such as `ABC-123`. */
export const ISSUE_QUERY = doc(
  'BatonLinearIssue',
  `
query BatonLinearIssue($id: String!) {
  issue(id: $id) {${ISSUE_FIELDS}
  }
}`,
);

/** One issue plus its team's workflow states, which a state move needs (`stateId`, not a name). */
export const ISSUE_WITH_TEAM_QUERY = doc(
  'BatonLinearIssueWithTeam',
  `
query BatonLinearIssueWithTeam($id: String!) {
  issue(id: $id) {${ISSUE_FIELDS}
      team { id states(first: ${LINEAR_LOOKUP_PAGE_SIZE}) { nodes { id name } } }
  }
}`,
);

/** The issue's comments, one page at a time. */
export const ISSUE_COMMENTS_QUERY = doc(
  'BatonLinearIssueComments',
  `
query BatonLinearIssueComments($id: String!, $first: Int!, $after: String) {
  issue(id: $id) {
    id
    comments(first: $first, after: $after) {
      nodes { id body createdAt user { name } }
      ${PAGE_INFO}
    }
  }
}`,
);

/** The configured project with its teams and their states: a new issue needs a team and a project id. */
export const PROJECT_QUERY = doc(
  'BatonLinearProject',
  `
query BatonLinearProject($projectSlug: String!) {
  projects(filter: { slugId: { eq: $projectSlug } }, first: 1) {
    nodes {
      id
      teams { nodes { id states(first: ${LINEAR_LOOKUP_PAGE_SIZE}) { nodes { id name } } } }
    }
  }
}`,
);

/** Labels an issue of the team may carry: the team's own and the workspace-wide ones (no team). */
export const TEAM_LABELS_QUERY = doc(
  'BatonLinearTeamLabels',
  `
query BatonLinearTeamLabels($teamId: ID!, $first: Int!, $after: String) {
  issueLabels(filter: { or: [{ team: { id: { eq: $teamId } } }, { team: { null: true } }] }, first: $first, after: $after) {
    nodes { id name }
    ${PAGE_INFO}
  }
}`,
);

export const ISSUE_UPDATE_MUTATION = doc(
  'BatonLinearIssueUpdate',
  `
mutation BatonLinearIssueUpdate($id: String!, $input: IssueUpdateInput!) {
  issueUpdate(id: $id, input: $input) {
    success
    issue {${ISSUE_FIELDS}
    }
  }
}`,
);

export const ISSUE_CREATE_MUTATION = doc(
  'BatonLinearIssueCreate',
  `
mutation BatonLinearIssueCreate($input: IssueCreateInput!) {
  issueCreate(input: $input) {
    success
    issue {${ISSUE_FIELDS}
    }
  }
}`,
);

/** The comment's issue comes back too, so listeners get the fresh record without another request. */
export const COMMENT_CREATE_MUTATION = doc(
  'BatonLinearCommentCreate',
  `
mutation BatonLinearCommentCreate($input: CommentCreateInput!) {
  commentCreate(input: $input) {
    success
    comment {
      id
      body
      createdAt
      user { name }
      issue {${ISSUE_FIELDS}
      }
    }
  }
}`,
);
