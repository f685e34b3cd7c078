import { z } from 'zod';
import { DEFAULTS } from './config-defaults.js';
import {
  booleanOr,
  envMap,
  fraction,
  integer,
  labelList,
  mapOrEmpty,
  mapOrNull,
  nonNegativeIntOrNull,
  oneOf,
  optionalNullableString,
  positiveInt,
  positiveIntOrDefault,
  section,
  stateLimitMap,
  stateList,
  stringOr,
  stringOrMap,
  stringList,
  stringOrNull,
} from './config-fields.js';

/**
 * Shape and types of the front matter. Defaults that depend on another key (tracker kind, the
 * WORKFLOW.md directory, the environment) are left unset here and filled in by buildServiceConfig.
 */
export const frontMatterSchema = z.object({
  tracker: section({
    kind: stringOr(DEFAULTS.trackerKind).transform((k) => k.trim().toLowerCase()),
    // `tracker.provider` (and Linear's flat aliases `endpoint`, `api_key`, `project_slug`) belong
    // to the selected adapter: typed in tracker-provider.ts from the raw map, unknown keys kept.
    provider: mapOrEmpty(),
    required_labels: labelList(),
    active_states: stateList(),
    terminal_states: stateList(),
    states: stateList(),
  }),
  polling: section({ interval_ms: positiveInt(DEFAULTS.pollIntervalMs) }),
  workspace: section({
    root: stringOrNull(),
    repo: stringOrNull(),
    base_branch: stringOrNull(),
  }),
  hooks: section({
    after_create: stringOrNull(),
    before_run: stringOrNull(),
    after_run: stringOrNull(),
    before_remove: stringOrNull(),
    timeout_ms: positiveIntOrDefault(DEFAULTS.hookTimeoutMs),
  }),
  agent: section({
    kind: oneOf(['codex', 'pty'], 'codex'),
    max_concurrent_agents: positiveInt(DEFAULTS.maxConcurrentAgents),
    max_turns: positiveInt(DEFAULTS.maxTurns),
    max_retry_backoff_ms: positiveInt(DEFAULTS.maxRetryBackoffMs),
    max_concurrent_agents_by_state: stateLimitMap(),
    handoff_state: optionalNullableString(),
    working_state: optionalNullableString(),
    env: envMap(),
  }),
  codex: section({
    // Verbatim: it is a shell command run with `bash -lc`, never a path to expand (SPEC §6.1).
    command: stringOr(DEFAULTS.codexCommand),
    approval_policy: stringOrMap(DEFAULTS.approvalPolicy),
    thread_sandbox: stringOr(DEFAULTS.threadSandbox),
    turn_sandbox_policy: mapOrNull(),
    turn_timeout_ms: positiveInt(DEFAULTS.turnTimeoutMs),
    read_timeout_ms: positiveInt(DEFAULTS.readTimeoutMs),
    stall_timeout_ms: integer(DEFAULTS.stallTimeoutMs),
    approval_timeout_ms: positiveInt(DEFAULTS.approvalTimeoutMs),
  }),
  pty: section({
    command: stringOrNull(),
    cols: positiveInt(DEFAULTS.ptyCols),
    rows: positiveInt(DEFAULTS.ptyRows),
  }),
  server: section({
    port: nonNegativeIntOrNull(),
    host: stringOr(DEFAULTS.serverHost),
  }),
  review: section({
    merging_state: stringOr(DEFAULTS.reviewMergingState),
    rework_state: stringOr(DEFAULTS.reviewReworkState),
    done_state: stringOr(DEFAULTS.reviewDoneState),
    land: oneOf(['merge', 'rebase', 'squash'], 'merge'),
    checks: stringOrNull(),
    checks_timeout_ms: positiveInt(DEFAULTS.reviewChecksTimeoutMs),
    push: booleanOr(false),
    remote: stringOr(DEFAULTS.reviewRemote),
    auto_land: booleanOr(false),
    sample_rate: fraction(0),
    guidance_file: stringOr(DEFAULTS.reviewGuidanceFile),
    protected_paths: stringList(),
    reviewer: z.preprocess(
      (v) => (v === null ? undefined : v),
      z
        .object({
          model: z.string({ error: 'must be a string' }).trim().min(1, { error: 'must name a model' }),
          base_url: stringOrNull(),
          api_key: optionalNullableString(),
          gate: booleanOr(false),
          timeout_ms: positiveInt(DEFAULTS.reviewerTimeoutMs),
        }, { error: 'must be a map with at least `model`' })
        .optional(),
    ),
  }),
  demo: booleanOr(false),
});

export type FrontMatter = z.infer<typeof frontMatterSchema>;
