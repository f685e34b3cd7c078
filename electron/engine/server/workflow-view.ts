import type { WorkflowResponse } from '../../../shared/api/schemas.js';
import { isoTime } from '../lib/clock.js';
import { redactedConfig } from '../workflow/redact.js';
import type { WorkflowStatus } from './engine-api.js';

/**
 * The workflow as the API shows it. Secrets are redacted here, at the edge, whatever the engine
 * hands over, so no route or WebSocket push can leak `tracker.api_key` or `review.reviewer.api_key`. The raw front matter is not
 * served at all: it may hold the key as a literal.
 */
export function toWorkflowResponse(status: WorkflowStatus): WorkflowResponse {
  const { workflow } = status;
  const config = redactedConfig(workflow.config);
  return {
    path: workflow.definition.path,
    // Spread so each section is a plain object of the wire schema (its sections pass extra keys through).
    config: { ...config, tracker: { ...config.tracker }, agent: { ...config.agent }, review: { ...config.review, reviewer: config.review.reviewer && { ...config.review.reviewer } } },
    prompt_template: workflow.definition.prompt_template,
    loaded_at: isoTime(workflow.loaded_at),
    last_error: status.last_error ? { code: status.last_error.code, message: status.last_error.message } : null,
    // Its changes were redacted when they were listed (config-changes.ts); the config itself is not served.
    pending_change: status.pending ? { id: status.pending.id, detected_at: isoTime(status.pending.detected_at), changes: status.pending.changes } : null,
  };
}
