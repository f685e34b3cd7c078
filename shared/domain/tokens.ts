/** Token counts in the spec's snapshot shape (SPEC §13.3, §13.5). */
export interface TokenTotals {
  input_tokens: number;
  output_tokens: number;
  total_tokens: number;
}

export const ZERO_TOKENS: TokenTotals = Object.freeze({ input_tokens: 0, output_tokens: 0, total_tokens: 0 });

export function addTokens(a: TokenTotals, b: TokenTotals): TokenTotals {
  return {
    input_tokens: a.input_tokens + b.input_tokens,
    output_tokens: a.output_tokens + b.output_tokens,
    total_tokens: a.total_tokens + b.total_tokens,
  };
}
