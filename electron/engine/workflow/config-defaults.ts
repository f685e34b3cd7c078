/**
 * Built-in defaults (SPEC §6.4 plus Baton's extensions). Durations are milliseconds; the spec's
 * values are kept so a Symphony WORKFLOW.md behaves the same under Baton.
 */
export const DEFAULTS = {
  trackerKind: 'local',
  linearEndpoint: 'https://api.linear.app/graphql',
  linearApiKey: '$LINEAR_API_KEY',
  linearActiveStates: ['Todo', 'In Progress'],
  linearTerminalStates: ['Closed', 'Cancelled', 'Canceled', 'Duplicate', 'Done'],
  /** The local tracker's board, in column order: the review loop needs Human Review/Rework/Merging. */
  localStates: ['Backlog', 'Todo', 'In Progress', 'Human Review', 'Rework', 'Merging', 'Done', 'Cancelled'],
  /** Merging is not active: the landing queue, not an agent, works on approved tickets (ADR 0006). */
  localActiveStates: ['Todo', 'In Progress', 'Rework'],
  localTerminalStates: ['Done', 'Cancelled'],
  /** Relative to the WORKFLOW.md directory, so the tickets live with the repo that owns the workflow. */
  localDbPath: '.baton/tickets.db',
  localPrefix: 'BAT',
  localHandoffState: 'Human Review',
  /** Symphony's workflows move Todo to In Progress as their first step; Baton does it for them. */
  localWorkingState: 'In Progress',
  pollIntervalMs: 30_000,
  /** Joined to os.tmpdir() at build time; the spec's name, so existing setups find their workspaces. */
  workspaceDirName: 'symphony_workspaces',
  hookTimeoutMs: 60_000,
  maxConcurrentAgents: 10,
  maxTurns: 20,
  /** 5 minutes: the cap of the 10 s·2^n failure backoff (SPEC §8.4). */
  maxRetryBackoffMs: 300_000,
  codexCommand: 'codex app-server',
  approvalPolicy: 'never',
  threadSandbox: 'workspace-write',
  /** 1 hour without any app-server output ends a turn (a silence interval, not a length cap: SPEC §10.6). */
  turnTimeoutMs: 3_600_000,
  readTimeoutMs: 5_000,
  /** 5 minutes without any agent event counts as a stall. */
  stallTimeoutMs: 300_000,
  /** 15 minutes: long enough for an operator to notice a queued approval, short enough not to pin a slot all day. */
  approvalTimeoutMs: 900_000,
  ptyCols: 120,
  ptyRows: 32,
  reviewMergingState: 'Merging',
  reviewReworkState: 'Rework',
  reviewDoneState: 'Done',
  reviewRemote: 'origin',
  /** 30 minutes: a full test suite of a large project, while a hung check cannot pin the queue all day. */
  reviewChecksTimeoutMs: 1_800_000,
  reviewGuidanceFile: 'docs/agent-guidance.md',
  /** 5 minutes: a reviewer model reading a large diff; beyond it the inbox shows the reviewer as failed. */
  reviewerTimeoutMs: 300_000,
  /** Loopback only: the API carries a token, but it must not be reachable from the network by default. */
  serverHost: '127.0.0.1',
} as const;

/** `<prefix>-<n>` identifiers: short, starting with a letter. */
export const PREFIX_PATTERN = /^[A-Z][A-Z0-9]{0,9}$/i;
