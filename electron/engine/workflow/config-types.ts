/**
 * The typed, effective configuration derived from WORKFLOW.md front matter (SPEC §5.3, §6.4) plus
 * Baton's documented extensions. Keys keep the front matter's snake_case so that what an operator
 * writes, what `GET /api/v1/workflow` shows and what the code reads are spelled the same way.
 * Secrets (`tracker.provider.api_key`) are resolved here but must never be logged or passed to agents.
 */
export interface ServiceConfig {
  tracker: TrackerConfig;
  polling: { interval_ms: number };
  workspace: WorkspaceConfig;
  hooks: HooksConfig;
  agent: AgentConfig;
  codex: CodexConfig;
  pty: PtyConfig;
  server: ServerConfig;
  /** Baton extension: the review inbox, the landing queue, the reviewer agent and sampling. */
  review: ReviewConfig;
  /**
   * Baton extension: this workflow was made by `baton demo` and its agent is the scripted demo agent
   * (no model); the UI shows a badge so nobody mistakes its work for a real agent's.
   */
  demo: boolean;
  /**
   * Deprecated spellings this version uses (Linear's flat `tracker.api_key`, …), as sentences: the
   * workflow store logs them when the version loads. Empty when the file is current.
   */
  warnings: string[];
}

export interface TrackerConfig {
  /** `local` (embedded SQLite, Baton's default) or `linear`. */
  kind: string;
  /**
   * SPEC §5.3.1: an issue must carry every one of these labels to be dispatched or continued.
   * Trimmed and lowercased; a blank entry is kept and matches no issue.
   */
  required_labels: string[];
  active_states: string[];
  terminal_states: string[];
  /** Every state in board order; for `local` this is the state list the tracker accepts. */
  states: string[];
  /**
   * SPEC §5.3.1 `tracker.provider`, owned by the adapter: its documented keys typed, defaulted and
   * resolved (`$VAR` secrets included), every other key kept as written. Read the documented keys
   * through localProviderOf / linearProviderOf (tracker-provider.ts); docs/tracker-*.md list them.
   */
  provider: Record<string, unknown>;
}

export interface WorkspaceConfig {
  /** Absolute (or bare relative, as the spec allows) workspace root. */
  root: string;
  /** Baton extension: a git repository; each workspace is then a worktree of it. */
  repo: string | null;
  /** Baton extension: the branch worktrees start from (default: the repo's current branch). */
  base_branch: string | null;
}

export interface HooksConfig {
  after_create: string | null;
  before_run: string | null;
  after_run: string | null;
  before_remove: string | null;
  timeout_ms: number;
}

export interface AgentConfig {
  /** `codex` (app-server over stdio) or `pty` (any interactive CLI in a terminal). */
  kind: 'codex' | 'pty';
  max_concurrent_agents: number;
  max_turns: number;
  max_retry_backoff_ms: number;
  /** Keys normalized (trim + lowercase); invalid entries dropped. */
  max_concurrent_agents_by_state: Record<string, number>;
  /** Baton extension: where a ticket goes when an attempt ends normally; null keeps spec continuation. */
  handoff_state: string | null;
  /**
   * Baton extension: where a ticket in the first active state (e.g. `Todo`) is moved when its run
   * starts, so the board shows it as being worked on; null leaves the move to the agent.
   */
  working_state: string | null;
  /**
   * Baton extension: variables passed to the agent process on purpose, values as written (`$NAME`
   * is read from the engine's environment at launch). The only way the reviewer's key reaches an
   * agent; the tracker key never does, whatever this says.
   */
  env: Record<string, string>;
}

export interface CodexConfig {
  command: string;
  approval_policy: string | Record<string, unknown>;
  thread_sandbox: string;
  turn_sandbox_policy: Record<string, unknown> | null;
  turn_timeout_ms: number;
  read_timeout_ms: number;
  stall_timeout_ms: number;
  /** How long a queued approval or question may wait for an operator before the run fails. */
  approval_timeout_ms: number;
}

export interface PtyConfig {
  /** Shell command started with `bash -lc` in the workspace (e.g. `claude`, `aider`). */
  command: string | null;
  cols: number;
  rows: number;
}

/** How the landing queue brings an approved branch onto the base branch. */
export type LandStrategy = 'merge' | 'rebase' | 'squash';

export interface ReviewConfig {
  /** Approved tickets wait here for the landing queue; the engine (not an agent) lands them. */
  merging_state: string;
  /** Where request-changes, restarts, conflicts and failing checks send a ticket. */
  rework_state: string;
  /** Where a landed ticket goes. */
  done_state: string;
  land: LandStrategy;
  /** Shell command (`bash -lc`, in the ticket's worktree) that must pass before the base advances. */
  checks: string | null;
  checks_timeout_ms: number;
  /** Also push the base branch to `remote` after it advances. */
  push: boolean;
  remote: string;
  /** Tickets skip the inbox and go straight to the landing queue. */
  auto_land: boolean;
  /** Share (0–1) of auto-landed tickets that go to the audit queue. */
  sample_rate: number;
  /** Repository-relative file that promoted findings are appended to; exposed to prompts as `guidance`. */
  guidance_file: string;
  /**
   * Repository globs of files that are trusted configuration besides the ones Baton finds itself
   * (the workflow file, the guidance file, files hooks and agent commands run): work that changes
   * them never lands without a person's explicit confirmation.
   */
  protected_paths: string[];
  /** The reviewer agent; null when `review.reviewer` is not configured. */
  reviewer: ReviewerConfig | null;
}

export interface ReviewerConfig {
  model: string;
  /** OpenAI-compatible endpoint (null: the `openai` package's default). */
  base_url: string | null;
  /** Resolved secret (`$VAR` supported); never logged, never given to agents. */
  api_key: string | null;
  /** Keep tickets with open P0 findings out of the landing queue. */
  gate: boolean;
  timeout_ms: number;
}

export interface ServerConfig {
  port: number | null;
  host: string;
}

/** A loaded WORKFLOW.md: raw front matter, typed config and the prompt template (SPEC §4.1.2). */
export interface WorkflowDefinition {
  /** Absolute path of the WORKFLOW.md it came from. */
  path: string;
  config: Record<string, unknown>;
  prompt_template: string;
}

export interface EffectiveWorkflow {
  definition: WorkflowDefinition;
  config: ServiceConfig;
  /** Time (epoch ms) this version was loaded. */
  loaded_at: number;
}
