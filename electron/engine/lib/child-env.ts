import { asRecord } from './json-shapes.js';

/**
 * The environment handed to hooks, checks, operator shells and agents. Tracker credentials never
 * reach them (SPEC §15.3, DESIGN.md safety rules): an agent runs code from the repository it works
 * on, and a prompt-injected repository could exfiltrate anything in its environment. The reviewer's
 * model key is stripped the same way by default; `agent.env` can hand it to the agent on purpose.
 */

/**
 * Never passed to agents or hooks: tracker secrets, and ELECTRON_RUN_AS_NODE, which the desktop app
 * sets for the engine and which would turn any Electron app an agent starts into plain Node.
 */
export const ALWAYS_STRIPPED_VARS: readonly string[] = ['LINEAR_API_KEY', 'BATON_API_TOKEN', 'ELECTRON_RUN_AS_NODE'];

const VAR_REFERENCE = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

/**
 * Names of the variables a raw front matter value points at (`$VAR` or `${VAR}`), so the caller
 * can pass them to {@link childEnvironment}. Anything else (a literal key, absent) → [].
 */
export function trackerSecretVarNames(rawApiKey: unknown): string[] {
  if (typeof rawApiKey !== 'string') return [];
  const match = VAR_REFERENCE.exec(rawApiKey.trim());
  const name = match?.[1] ?? match?.[2];
  return name ? [name] : [];
}

/**
 * Every variable a raw front matter names as a secret: `tracker.provider.api_key`, its deprecated
 * flat spelling `tracker.api_key`, and `review.reviewer.api_key` (`$VAR` forms). Read from the raw
 * front matter because the typed config holds resolved values only.
 */
export function secretVarNamesOf(frontMatter: Record<string, unknown>): string[] {
  const tracker = asRecord(frontMatter.tracker);
  const provider = asRecord(tracker?.provider);
  const reviewer = asRecord(asRecord(frontMatter.review)?.reviewer);
  return [
    ...trackerSecretVarNames(provider?.api_key),
    ...trackerSecretVarNames(tracker?.api_key),
    ...trackerSecretVarNames(reviewer?.api_key),
  ];
}

/** What no child may see. */
export interface ChildEnvSecrets {
  /** Variables named as holding a secret (`$VAR` in `tracker.provider.api_key`, the deprecated `tracker.api_key`, or `review.reviewer.api_key`). */
  varNames: readonly string[];
  /**
   * Values no variable of any child may hold, whatever its name: the resolved tracker key and the
   * engine's API token (catches a key copied under another name).
   */
  values: readonly string[];
  /** Values stripped like `values` unless `agent.env` passes them on purpose: the reviewer's key. */
  passableValues?: readonly string[];
}

export interface ChildEnvRequest {
  /** Baton's own variables for this child (`BATON_*`); they win over `base` but are filtered too. */
  extra?: Record<string, string | undefined>;
  /** The agent's `agent.env`, resolved: may carry a passable value, never a secret of `values`. */
  passed?: Record<string, string>;
}

/** The part of the service config that holds secrets (structural, so lib/ needs nothing of workflow/). */
export interface SecretKeys {
  /** `tracker.provider`: its `api_key` is the tracker's credential (SPEC §5.3.1). */
  tracker: { provider: Readonly<Record<string, unknown>> };
  review: { reviewer: { api_key: string | null } | null };
}

/** The secrets of a config: its tracker and reviewer keys, the names they were read from, and `values`. */
export function childEnvSecrets(config: SecretKeys, varNames: readonly string[], values: readonly string[] = []): ChildEnvSecrets {
  return {
    varNames,
    values: [typeof config.tracker.provider.api_key === 'string' ? config.tracker.provider.api_key : '', ...values],
    passableValues: [config.review.reviewer?.api_key ?? ''],
  };
}

/**
 * The environment of every process the engine starts (agents, hooks, checks, operator shells):
 * `base` plus `request.extra`, minus the always-stripped names, the named secret variables and
 * every variable holding a secret value; then `request.passed` (the agent's `agent.env`), which may
 * carry a passable value but never a name or value that must not reach a child. The one place that
 * decides this, so "tracker secrets never reach an agent" has one implementation and one test.
 */
export function childEnvironment(base: NodeJS.ProcessEnv, secrets: ChildEnvSecrets, request: ChildEnvRequest = {}): Record<string, string> {
  const stripped = new Set([...ALWAYS_STRIPPED_VARS, ...secrets.varNames]);
  // An empty key would match every empty variable; only a real key is worth matching by value.
  const hard = new Set(secrets.values.filter((v) => v !== ''));
  const all = new Set([...hard, ...(secrets.passableValues ?? []).filter((v) => v !== '')]);
  const env: Record<string, string> = {};
  for (const source of [base, request.extra ?? {}]) {
    for (const [name, value] of Object.entries(source)) {
      if (value === undefined || stripped.has(name) || all.has(value)) continue;
      env[name] = value;
    }
  }
  for (const [name, value] of Object.entries(request.passed ?? {})) {
    if (ALWAYS_STRIPPED_VARS.includes(name) || hard.has(value)) continue;
    env[name] = value;
  }
  return env;
}

/**
 * `agent.env` as the agent gets it: `$NAME` / `${NAME}` (the whole value) is read from `env`, and a
 * variable that is unset or empty is left out rather than passed empty; anything else is literal.
 */
export function resolvePassedEnv(spec: Readonly<Record<string, string>>, env: NodeJS.ProcessEnv): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, raw] of Object.entries(spec)) {
    const match = VAR_REFERENCE.exec(raw.trim());
    const value = match ? env[match[1] ?? match[2] ?? ''] : raw;
    if (value !== undefined && value !== '') out[name] = value;
  }
  return out;
}
