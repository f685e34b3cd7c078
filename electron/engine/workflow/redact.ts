import { REDACTED } from '../../../shared/api/schemas.js';
import type { ServiceConfig } from './config-types.js';
import { redactedProvider } from './tracker-provider.js';

const ENV_REFERENCE = /^\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

/**
 * The config as it may be shown (the API, a pending change's diff): the tracker's secret provider
 * keys and the reviewer key replaced by
 * `[redacted]`, and `agent.env` values too unless they are `$NAME` references, which name no secret.
 */
export function redactedConfig(config: ServiceConfig): ServiceConfig {
  return {
    ...config,
    tracker: { ...config.tracker, provider: redactedProvider(config.tracker.provider, REDACTED) },
    agent: { ...config.agent, env: redactedEnv(config.agent.env) },
    review: {
      ...config.review,
      reviewer: config.review.reviewer && { ...config.review.reviewer, api_key: config.review.reviewer.api_key === null ? null : REDACTED },
    },
  };
}

function redactedEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, ENV_REFERENCE.test(value.trim()) ? value : REDACTED]));
}
