import type { TokenTotals } from '../../../../shared/domain/tokens.js';
import { ZERO_TOKENS } from '../../../../shared/domain/tokens.js';
import { asRecord, dig, num, pick } from '../../lib/json-shapes.js';

/**
 * Token accounting (SPEC §13.5): only absolute thread totals count. The v2
 * `thread/tokenUsage/updated` carries them in `tokenUsage.total`; legacy builds forwarded
 * `codex/event/token_count` with `msg.info.total_token_usage`. Increments (`last`,
 * `last_token_usage`) and generic `usage` maps are ignored, so a repeated update is never counted twice.
 */
export function extractAbsoluteTokens(method: string, params: unknown): TokenTotals | null {
  if (method === 'thread/tokenUsage/updated') {
    const usage = pick(asRecord(params) ?? {}, 'tokenUsage', 'token_usage');
    return readTokenTotals(pick(asRecord(usage) ?? {}, 'total', 'total_token_usage'));
  }
  if (method === 'codex/event/token_count') {
    const info = asRecord(dig(params, 'msg', 'info')) ?? asRecord(dig(params, 'info'));
    return info ? readTokenTotals(pick(info, 'total_token_usage', 'totalTokenUsage')) : null;
  }
  return null;
}

/** Reads input/output/total from the common spellings; total falls back to input + output. */
export function readTokenTotals(raw: unknown): TokenTotals | null {
  const record = asRecord(raw);
  if (!record) return null;
  const input = num(pick(record, 'inputTokens', 'input_tokens', 'promptTokens', 'prompt_tokens', 'input'));
  const output = num(pick(record, 'outputTokens', 'output_tokens', 'completionTokens', 'completion_tokens', 'output'));
  const total = num(pick(record, 'totalTokens', 'total_tokens', 'total'));
  if (input === null && output === null && total === null) return null;
  return {
    input_tokens: input ?? 0,
    output_tokens: output ?? 0,
    total_tokens: total ?? (input ?? 0) + (output ?? 0),
  };
}

/**
 * Turns successive absolute totals of one thread into increments. Totals keep growing across the
 * turns of a thread, so this is never reset per turn; a total that goes down (a new thread behind
 * the same session, a server restart) rebases without producing a negative increment.
 */
export class TokenDeltaTracker {
  private last: TokenTotals = ZERO_TOKENS;

  apply(absolute: TokenTotals): TokenTotals {
    const delta: TokenTotals = {
      input_tokens: Math.max(0, absolute.input_tokens - this.last.input_tokens),
      output_tokens: Math.max(0, absolute.output_tokens - this.last.output_tokens),
      total_tokens: Math.max(0, absolute.total_tokens - this.last.total_tokens),
    };
    this.last = absolute;
    return delta;
  }

  get lastReported(): TokenTotals {
    return this.last;
  }
}
