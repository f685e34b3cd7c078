import os from 'node:os';
import path from 'node:path';
import type { z } from 'zod';
import { err, ok, type Result } from '../lib/result.js';
import type { ReviewConfig, ServiceConfig, TrackerConfig, WorkflowDefinition } from './config-types.js';
import { DEFAULTS } from './config-defaults.js';
import { frontMatterSchema, type FrontMatter } from './config-schema.js';
import { expandPathValue, resolveSecret, type PathContext } from './path-values.js';
import { buildProvider, type ProviderProblem } from './tracker-provider.js';

/**
 * Turns a WorkflowDefinition's raw front matter into the typed ServiceConfig (SPEC §6): types are
 * checked, defaults applied, `$VAR`/`~` resolved for path values and secrets, `tracker.provider`
 * typed by the selected adapter (tracker-provider.ts). Error code
 * `invalid_config`, with every offending key path in the message. Dispatch readiness (a supported
 * tracker kind, credentials, …) is a separate check: see validate.ts.
 */
export function buildServiceConfig(def: WorkflowDefinition, env: NodeJS.ProcessEnv): Result<ServiceConfig> {
  const parsed = frontMatterSchema.safeParse(def.config);
  if (!parsed.success) return invalidConfig(def.path, parsed.error.issues);
  const fm = parsed.data;
  const baseDir = path.dirname(def.path);
  const paths = resolvePaths(fm, { baseDir, env }, def.path);
  if (!paths.ok) return paths;
  const rawTracker = asRecord(def.config.tracker);
  const built = buildProvider({ kind: fm.tracker.kind, rawTracker, rawProvider: fm.tracker.provider, env, baseDir });
  if (!built.ok) return invalidProblems(def.path, built.error);
  const tracker = buildTracker(fm.tracker, built.value.provider);
  const handoff = fm.agent.handoff_state;
  const working = fm.agent.working_state;
  return ok({
    tracker,
    polling: fm.polling,
    workspace: { root: paths.value.root, repo: paths.value.repo, base_branch: blankToNull(fm.workspace.base_branch) },
    hooks: {
      // Scripts are kept verbatim (heredocs care about whitespace); only a blank one means "no hook".
      after_create: scriptOrNull(fm.hooks.after_create),
      before_run: scriptOrNull(fm.hooks.before_run),
      after_run: scriptOrNull(fm.hooks.after_run),
      before_remove: scriptOrNull(fm.hooks.before_remove),
      timeout_ms: fm.hooks.timeout_ms,
    },
    agent: {
      ...fm.agent,
      // Written `null` or "" turns the handoff off; not written at all takes the kind's default.
      handoff_state: handoff === undefined ? (tracker.kind === 'local' ? DEFAULTS.localHandoffState : null) : blankToNull(handoff),
      working_state: working === undefined ? (tracker.kind === 'local' ? DEFAULTS.localWorkingState : null) : blankToNull(working),
    },
    codex: fm.codex,
    pty: { ...fm.pty, command: scriptOrNull(fm.pty.command) },
    server: { port: fm.server.port, host: fm.server.host.trim() || DEFAULTS.serverHost },
    review: buildReview(fm.review, env),
    demo: fm.demo,
    warnings: built.value.warnings,
  });
}

function buildReview(raw: FrontMatter['review'], env: NodeJS.ProcessEnv): ReviewConfig {
  const reviewer = raw.reviewer;
  return {
    ...raw,
    merging_state: blankToNull(raw.merging_state) ?? DEFAULTS.reviewMergingState,
    rework_state: blankToNull(raw.rework_state) ?? DEFAULTS.reviewReworkState,
    done_state: blankToNull(raw.done_state) ?? DEFAULTS.reviewDoneState,
    checks: scriptOrNull(raw.checks),
    remote: blankToNull(raw.remote) ?? DEFAULTS.reviewRemote,
    guidance_file: blankToNull(raw.guidance_file) ?? DEFAULTS.reviewGuidanceFile,
    reviewer: reviewer
      ? {
          model: reviewer.model,
          base_url: resolveSecret(reviewer.base_url, env),
          api_key: resolveSecret(reviewer.api_key ?? null, env),
          gate: reviewer.gate,
          timeout_ms: reviewer.timeout_ms,
        }
      : null,
  };
}

interface ResolvedPaths {
  root: string;
  repo: string | null;
}

/** The three path-valued keys; an unset `$VAR` in any of them is reported with its key. */
function resolvePaths(fm: FrontMatter, ctx: PathContext, file: string): Result<ResolvedPaths> {
  const problems: string[] = [];
  const expand = (key: string, raw: string | null, keepBareNames: boolean): string | null => {
    if (raw === null) return null;
    const result = expandPathValue(raw, ctx, keepBareNames);
    if (result.ok) return result.value;
    problems.push(`${key} ${result.error.message}`);
    return null;
  };
  const root = expand('workspace.root', fm.workspace.root, true);
  const repo = expand('workspace.repo', fm.workspace.repo, false);
  if (problems.length > 0) return err('invalid_config', `${file}: ${problems.join('; ')}`);
  return ok({
    root: root ?? path.join(os.tmpdir(), DEFAULTS.workspaceDirName),
    repo,
  });
}

function buildTracker(raw: FrontMatter['tracker'], provider: Record<string, unknown>): TrackerConfig {
  const local = raw.kind === 'local';
  const active = raw.active_states ?? [...(local ? DEFAULTS.localActiveStates : DEFAULTS.linearActiveStates)];
  const terminal = raw.terminal_states ?? [...(local ? DEFAULTS.localTerminalStates : DEFAULTS.linearTerminalStates)];
  const states = raw.states ?? (local ? [...DEFAULTS.localStates] : unique([...active, ...terminal]));
  return {
    kind: raw.kind,
    required_labels: raw.required_labels,
    active_states: active,
    terminal_states: terminal,
    states,
    provider,
  };
}

function blankToNull(value: string | null | undefined): string | null {
  if (value === null || value === undefined) return null;
  const trimmed = value.trim();
  return trimmed === '' ? null : trimmed;
}

function scriptOrNull(value: string | null): string | null {
  return value === null || value.trim() === '' ? null : value;
}

/** Case-insensitive de-duplication keeping the first spelling (Linear has Cancelled and Canceled). */
function unique(states: string[]): string[] {
  const seen = new Set<string>();
  return states.filter((s) => {
    const key = s.trim().toLowerCase();
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function invalidConfig(file: string, issues: z.core.$ZodIssue[]): Result<never> {
  return invalidProblems(file, issues.map((issue) => ({ key: issue.path.map(String).join('.'), message: issue.message })));
}

function invalidProblems(file: string, problems: ProviderProblem[]): Result<never> {
  const text = problems.map((p) => (p.key === '' ? `front matter ${p.message}` : `${p.key} ${p.message}`)).join('; ');
  return err('invalid_config', `${file}: ${text}`, { problems });
}

function asRecord(value: unknown): Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
