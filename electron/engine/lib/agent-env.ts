import type { ServiceConfig } from '../workflow/config-types.js';
import { trackerSecretValues } from '../workflow/tracker-provider.js';

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
 * can pass them to {@link agentEnvironment}. Anything else (a literal key, absent) → [].
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

/**
 * `base` (usually `process.env`) plus `extra`, minus secrets: `LINEAR_API_KEY`, `BATON_API_TOKEN`,
 * every name in `secretVarNames`, and any variable whose value equals the resolved
 * `tracker.api_key` or `review.reviewer.api_key` (catches a key copied under another name). `extra`
 * is filtered too, so a caller cannot reintroduce a key by accident. `passed` (the agent's
 * `agent.env`, resolved) comes last and may carry the reviewer key — it is what the workflow asked
 * for — but never the tracker key or an always-stripped name.
 */
export function agentEnvironment(
  base: NodeJS.ProcessEnv,
  config: ServiceConfig,
  secretVarNames: readonly string[] = [],
  extra?: Record<string, string>,
  passed?: Record<string, string>,
): NodeJS.ProcessEnv {
  const stripped = new Set([...ALWAYS_STRIPPED_VARS, ...secretVarNames]);
  const trackerKeys = trackerSecretValues(config.tracker);
  const reviewer = config.review.reviewer?.api_key ?? null;
  // An empty key would match every empty variable; only a real key is worth matching by value.
  const secretValues = new Set([...trackerKeys, reviewer].filter((v): v is string => v !== null && v !== ''));
  const env: NodeJS.ProcessEnv = {};
  for (const source of [base, extra ?? {}]) {
    for (const [name, value] of Object.entries(source)) {
      if (value === undefined || stripped.has(name) || secretValues.has(value)) continue;
      env[name] = value;
    }
  }
  for (const [name, value] of Object.entries(passed ?? {})) {
    if (ALWAYS_STRIPPED_VARS.includes(name) || trackerKeys.includes(value)) continue;
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

function asRecord(value: unknown): Record<string, unknown> | null {
  return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : null;
}
