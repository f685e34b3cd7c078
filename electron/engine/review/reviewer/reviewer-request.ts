import OpenAI from 'openai';
import { err, errorMessage, ok, type Result } from '../../lib/result.js';
import type { ReviewerConfig } from '../../workflow/config-types.js';
import { FINDINGS_JSON_SCHEMA, FINDINGS_SCHEMA_NAME } from './findings-schema.js';
import { REVIEWER_INVALID_OUTPUT } from './parse-findings.js';

/**
 * One retry covers a dropped connection or a 5xx blip; more would keep a ticket's reviewer
 * "running" for minutes against an endpoint that is down (each attempt may take timeout_ms).
 */
export const REVIEWER_MAX_RETRIES = 1;
/**
 * Sent as the key to a configured endpoint when none is set (a local model server needs none).
 * Falling back to OPENAI_API_KEY there would hand the user's OpenAI key to whatever base_url names.
 */
export const KEYLESS_API_KEY = 'baton-no-api-key';
/** Error bodies can be whole HTML pages; a person needs the first lines. */
const MAX_ERROR_DETAIL_CHARS = 500;

export const REVIEWER_ERROR_CODES = {
  unreachable: 'reviewer_unreachable',
  timeout: 'reviewer_timeout',
  http: 'reviewer_http_error',
  aborted: 'reviewer_aborted',
  refused: 'reviewer_refused',
  invalidOutput: REVIEWER_INVALID_OUTPUT,
  failed: 'reviewer_failed',
} as const;

export type ReviewerClientFactory = (cfg: ReviewerConfig) => OpenAI;

export const createReviewerClient: ReviewerClientFactory = (cfg) =>
  new OpenAI({
    apiKey: cfg.api_key ?? (cfg.base_url ? KEYLESS_API_KEY : undefined),
    baseURL: cfg.base_url ?? undefined,
    timeout: cfg.timeout_ms,
    maxRetries: REVIEWER_MAX_RETRIES,
    // The package's own logger writes to the console (and OPENAI_LOG=debug would dump requests).
    logLevel: 'off',
  });

export interface ReviewerReply {
  text: string;
  finishReason: string | null;
}

/**
 * One chat completion asking for findings as strict structured output. An endpoint that rejects
 * `response_format: json_schema` (many OpenAI-compatible servers do) is asked once more without
 * it; the prompt spells out the JSON shape for that case.
 */
export async function requestReview(
  client: OpenAI,
  cfg: ReviewerConfig,
  messages: OpenAI.Chat.ChatCompletionMessageParam[],
  signal: AbortSignal,
): Promise<Result<ReviewerReply>> {
  const structured: OpenAI.Chat.ChatCompletionCreateParamsNonStreaming = {
    model: cfg.model,
    messages,
    response_format: { type: 'json_schema', json_schema: { name: FINDINGS_SCHEMA_NAME, strict: true, schema: FINDINGS_JSON_SCHEMA } },
  };
  let completion: unknown;
  try {
    completion = await client.chat.completions.create(structured, { signal });
  } catch (e) {
    if (!rejectsStructuredOutput(e)) return describeFailure(e, client, cfg);
    try {
      completion = await client.chat.completions.create({ model: cfg.model, messages }, { signal });
    } catch (e2) {
      return describeFailure(e2, client, cfg);
    }
  }
  return readCompletion(completion);
}

function readCompletion(completion: unknown): Result<ReviewerReply> {
  // The package returns the body as text when the endpoint does not answer JSON (a proxy's HTML page).
  const choice = typeof completion === 'object' && completion !== null ? (completion as OpenAI.Chat.ChatCompletion).choices?.[0] : undefined;
  if (!choice?.message) {
    const body = typeof completion === 'string' ? completion : JSON.stringify(completion);
    return err(REVIEWER_ERROR_CODES.invalidOutput, `reviewer endpoint answered something that is not a chat completion: ${clip(body, 200)}`);
  }
  if (choice.message.refusal) return err(REVIEWER_ERROR_CODES.refused, `reviewer refused: ${clip(choice.message.refusal, MAX_ERROR_DETAIL_CHARS)}`);
  const text = choice.message.content;
  if (typeof text !== 'string' || text.trim() === '') {
    const cut = choice.finish_reason === 'length' ? ' (it hit its output limit)' : '';
    return err(REVIEWER_ERROR_CODES.invalidOutput, `reviewer returned an empty reply${cut}`);
  }
  return ok({ text, finishReason: choice.finish_reason ?? null });
}

function rejectsStructuredOutput(e: unknown): boolean {
  return e instanceof OpenAI.APIError && (e.status === 400 || e.status === 422) && /response_format|json_schema|structured/i.test(e.message);
}

function describeFailure(e: unknown, client: OpenAI, cfg: ReviewerConfig): Result<never> {
  const endpoint = safeEndpoint(client.baseURL);
  if (e instanceof OpenAI.APIUserAbortError) return err(REVIEWER_ERROR_CODES.aborted, 'reviewer request was cancelled');
  if (e instanceof OpenAI.APIConnectionTimeoutError) {
    return err(REVIEWER_ERROR_CODES.timeout, `reviewer timed out: no answer from ${endpoint} within ${cfg.timeout_ms} ms (review.reviewer.timeout_ms), tried ${REVIEWER_MAX_RETRIES + 1} times`);
  }
  if (e instanceof OpenAI.APIConnectionError) {
    return err(REVIEWER_ERROR_CODES.unreachable, `reviewer endpoint ${endpoint} is unreachable: ${clip(rootCause(e), MAX_ERROR_DETAIL_CHARS)}`);
  }
  if (e instanceof OpenAI.APIError && e.status !== undefined) {
    const detail = e.message.replace(new RegExp(`^${e.status} `), '');
    return err(REVIEWER_ERROR_CODES.http, `reviewer endpoint ${endpoint} answered HTTP ${e.status}: ${clip(detail, MAX_ERROR_DETAIL_CHARS)}`, { status: e.status });
  }
  return err(REVIEWER_ERROR_CODES.failed, `reviewer request failed: ${clip(errorMessage(e), MAX_ERROR_DETAIL_CHARS)}`);
}

/** fetch reports `fetch failed`; the reason (ECONNREFUSED, ENOTFOUND, a TLS error) is in its causes. */
function rootCause(e: Error): string {
  let current: unknown = e;
  let message = e.message;
  for (let depth = 0; depth < 5 && current instanceof Error; depth++) {
    message = current.message || message;
    current = current.cause;
  }
  return message;
}

/** The endpoint without credentials or query (a base_url may carry either). */
export function safeEndpoint(baseURL: string): string {
  try {
    const url = new URL(baseURL);
    return `${url.protocol}//${url.host}${url.pathname}`;
  } catch {
    return '(invalid base_url)';
  }
}

/** Replaces every occurrence of the secret, so no path from a server's echo to a log keeps it. */
export function redactSecret(text: string, secret: string | null): string {
  return secret ? text.split(secret).join('[redacted]') : text;
}

function clip(text: string, max: number): string {
  const flat = text.trim().replace(/\s+/g, ' ');
  return flat.length <= max ? flat : `${flat.slice(0, max)}…`;
}
