import type { ServiceConfig } from '../workflow/config-types.js';

/**
 * The environment handed to hooks and agents. Tracker credentials never reach them (SPEC §15.3,
 * DESIGN.md safety rules): an agent runs code from the repository it works on, and a prompt-injected
 * repository could exfiltrate anything in its environment.
 */

/**
 * Never passed to agents or hooks: tracker secrets, and ELECTRON_RUN_AS_NODE, which the desktop app
 * sets for the engine and which would turn any Electron app an agent starts into plain Node.
 */
export const ALWAYS_STRIPPED_VARS: readonly string[] = ['LINEAR_API_KEY', 'BATON_API_TOKEN', 'ELECTRON_RUN_AS_NODE'];

const VAR_REFERENCE = /^\$(?:\{([A-Za-z_][A-Za-z0-9_]*)\}|([A-Za-z_][A-Za-z0-9_]*))$/;

/**
 * Names of the variables a raw front matter `tracker.api_key` value points at (`$VAR` or `${VAR}`),
 * so the caller can pass them to {@link agentEnvironment}. Anything else (a literal key, absent) → [].
 */
export function trackerSecretVarNames(rawApiKey: unknown): string[] {
  if (typeof rawApiKey !== 'string') return [];
  const match = VAR_REFERENCE.exec(rawApiKey.trim());
  const name = match?.[1] ?? match?.[2];
  return name ? [name] : [];
}

/**
 * `base` (usually `process.env`) plus `extra`, minus tracker secrets: `LINEAR_API_KEY`,
 * `BATON_API_TOKEN`, every name in `secretVarNames`, and any variable whose value equals the
 * resolved `tracker.api_key` (catches a key copied under another name). `extra` is filtered too, so a
 * caller cannot reintroduce the key by accident.
 */
export function agentEnvironment(
  base: NodeJS.ProcessEnv,
  config: ServiceConfig,
  secretVarNames: readonly string[] = [],
  extra?: Record<string, string>,
): NodeJS.ProcessEnv {
  const stripped = new Set([...ALWAYS_STRIPPED_VARS, ...secretVarNames]);
  const secret = config.tracker.api_key;
  const env: NodeJS.ProcessEnv = {};
  for (const source of [base, extra ?? {}]) {
    for (const [name, value] of Object.entries(source)) {
      if (value === undefined || stripped.has(name)) continue;
      // An empty key would match every empty variable; only a real key is worth matching by value.
      if (secret && value === secret) continue;
      env[name] = value;
    }
  }
  return env;
}
