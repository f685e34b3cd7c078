import { REDACTED, type WorkflowResponse } from '../../../shared/api/schemas.js';
import { isoTime } from '../lib/clock.js';
import type { WorkflowStatus } from './engine-api.js';

/**
 * The workflow as the API shows it. Secrets are redacted here, at the edge, whatever the engine
 * hands over, so no route or WebSocket push can leak `tracker.api_key` or `review.reviewer.api_key`. The raw front matter is not
 * served at all: it may hold the key as a literal.
 */
export function toWorkflowResponse(status: WorkflowStatus): WorkflowResponse {
  const { workflow } = status;
  const config = workflow.config;
  return {
    path: workflow.definition.path,
    config: {
      ...config,
      tracker: { ...config.tracker, api_key: config.tracker.api_key === null ? null : REDACTED },
      agent: { ...config.agent, env: redactedEnv(config.agent.env) },
      review: {
        ...config.review,
        reviewer: config.review.reviewer && { ...config.review.reviewer, api_key: config.review.reviewer.api_key === null ? null : REDACTED },
      },
    },
    prompt_template: workflow.definition.prompt_template,
    loaded_at: isoTime(workflow.loaded_at),
    last_error: status.last_error ? { code: status.last_error.code, message: status.last_error.message } : null,
  };
}

const ENV_REFERENCE = /^\$(?:\{[A-Za-z_][A-Za-z0-9_]*\}|[A-Za-z_][A-Za-z0-9_]*)$/;

/** `agent.env` as shown: a `$NAME` reference names no secret; a literal value might be one. */
export function redactedEnv(env: Readonly<Record<string, string>>): Record<string, string> {
  return Object.fromEntries(Object.entries(env).map(([name, value]) => [name, ENV_REFERENCE.test(value.trim()) ? value : REDACTED]));
}
