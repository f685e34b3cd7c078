export interface AgentEnvInput {
  /** The engine's environment (or a curated one). */
  base: Record<string, string | undefined>;
  /**
   * Secret values (tracker API keys, the API token) that must never reach an agent: any variable
   * holding one of them is left out, whatever its name (DESIGN.md safety rules, SPEC §15.3).
   */
  secretValues: readonly string[];
  /** Baton's own variables for the agent; they win over `base`. */
  extra: Record<string, string>;
}

/** The environment an agent process starts with. */
export function buildAgentEnv(input: AgentEnvInput): Record<string, string> {
  const secrets = new Set(input.secretValues.filter((value) => value.length > 0));
  const env: Record<string, string> = {};
  for (const [key, value] of Object.entries(input.base)) {
    if (value === undefined || secrets.has(value)) continue;
    env[key] = value;
  }
  // Tells TUIs the renderer's xterm.js does 24-bit color (TERM alone only promises 256).
  env.COLORTERM = 'truecolor';
  return { ...env, ...input.extra };
}
