import { boundedJson, oneLine } from '../../lib/bounded.js';
import { draft, type AgentEventDraft } from './event-draft.js';
import { itemEvent } from './item-events.js';
import { asRecord, dig, str, type JsonObject } from '../../lib/json-shapes.js';
import { extractRateLimits } from './rate-limits.js';
import { extractAbsoluteTokens } from './token-accounting.js';

/**
 * Maps a server notification to the trace event it deserves, or null. Deltas are not stored (a
 * message streams as hundreds of them; the finished item carries the text) but still reach the
 * live transcript. Thread start and turn completion are traced by the session, which knows the
 * outcome.
 */
export function notificationEvent(method: string, rawParams: unknown): AgentEventDraft | null {
  const params = asRecord(rawParams) ?? {};
  if (isDelta(method)) return null;
  switch (method) {
    case 'turn/started': {
      const turnId = str(dig(params, 'turn', 'id'));
      return draft('turn_started', 'turn_started', turnId ? `turn ${turnId} started` : 'turn started', { thread_id: str(params.threadId), turn_id: turnId });
    }
    case 'thread/started':
    case 'turn/completed':
    case 'turn/failed':
    case 'turn/cancelled':
    case 'item/started':
    case 'serverRequest/resolved':
    case 'turn/diff/updated':
      return null;
    case 'item/completed':
      return itemEvent(params.item);
    case 'thread/tokenUsage/updated':
    case 'codex/event/token_count':
      return tokenEvent(method, params);
    case 'account/rateLimits/updated': {
      const limits = extractRateLimits(method, params);
      return limits ? { ...draft('rate_limits', 'rate_limits', rateLimitSummary(limits), { method }), rate_limits: limits } : null;
    }
    case 'turn/plan/updated': {
      const plan = Array.isArray(params.plan) ? params.plan : [];
      const done = plan.filter((s) => str(asRecord(s)?.status) === 'completed').length;
      return draft('plan', 'plan_updated', `plan: ${done}/${plan.length} steps done`, { explanation: str(params.explanation), plan: boundedJson(plan) });
    }
    case 'error':
      return errorEvent(params);
    default:
      return draft('notification', 'notification', method, { method, params: boundedJson(params) });
  }
}

function isDelta(method: string): boolean {
  return /(?:\/delta|Delta)$/.test(method) || /^codex\/event\/.*_delta$/.test(method);
}

function tokenEvent(method: string, params: JsonObject): AgentEventDraft | null {
  const totals = extractAbsoluteTokens(method, params);
  const limits = extractRateLimits(method, params);
  if (!totals && !limits) return null;
  const event: AgentEventDraft = draft('token_usage', 'token_usage', totals ? `tokens: ${totals.total_tokens} total (${totals.input_tokens} in, ${totals.output_tokens} out)` : 'rate limits', {
    method,
    model_context_window: dig(params, 'tokenUsage', 'modelContextWindow') ?? dig(params, 'msg', 'info', 'model_context_window') ?? null,
  });
  if (totals) event.absolute_tokens = totals;
  if (limits) event.rate_limits = limits;
  return event;
}

function errorEvent(params: JsonObject): AgentEventDraft {
  const message = str(dig(params, 'error', 'message')) ?? str(params.message) ?? 'agent error';
  const willRetry = params.willRetry === true;
  return draft('error', willRetry ? 'stream_error_retrying' : 'turn_error', `${willRetry ? 'retrying after: ' : ''}${oneLine(message)}`, {
    message,
    will_retry: willRetry,
    codex_error_info: boundedJson(dig(params, 'error', 'codexErrorInfo') ?? null),
    turn_id: str(params.turnId),
  });
}

function rateLimitSummary(limits: JsonObject): string {
  const primary = asRecord(limits.primary);
  const used = primary ? primary.usedPercent : undefined;
  return typeof used === 'number' ? `rate limits: ${used}% of the primary window used` : 'rate limits updated';
}
